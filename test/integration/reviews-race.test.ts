/**
 * Review races over HTTP against the local stack (issue 12): two reviewers deciding one case at
 * once, one approval re-sent twice at once, and a review decided while the patient's consent is
 * being withdrawn. Each ends in exactly one winner, and the patient's log keeps its promises.
 */
import { describe, expect, it } from 'vitest';
import { parseEntryBytes } from '../../shared/audit/entry-schema.ts';
import { LogPromises } from '../../shared/audit/log-promises.ts';
import { decide, referred, resend } from '../support/reviews.ts';
import { addConsent, logEntries, withdrawConsent } from '../support/scenarios.ts';
import { demo } from '../support/stack.ts';

async function promisesBroken(origin: string): Promise<unknown[]> {
  const promises = new LogPromises();
  const failures = (await logEntries(origin)).map(({ bytes, index }) =>
    promises.check(parseEntryBytes(new TextEncoder().encode(bytes)), index),
  );
  return [...failures, promises.finish()].filter(Boolean);
}

describe('review races', () => {
  it('two reviewers deciding one case at once: one closes it, the other is told it is closed (409)', async () => {
    // Prepare
    const { answer } = await referred();
    const reviewId = answer.review!.reviewId;

    // Act
    const results = await Promise.all([
      decide(demo.cg(), reviewId, { outcome: 'APPROVED' }),
      decide(demo.dpo(), reviewId, { outcome: 'REJECTED', role: 'DPO' }),
    ]);

    // Assess
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.code).toBe('review_state_conflict');
    const decidedEntries = (await logEntries(answer.receipt.origin)).filter(
      (e) => e.entry.type === 'review.decided' && JSON.stringify(e.entry).includes(reviewId),
    );
    expect(decidedEntries).toHaveLength(1);
    expect(await promisesBroken(answer.receipt.origin)).toEqual([]);
  });

  it('one approval re-sent twice at once: one release, one DENY_REVIEW_ALREADY_USED', async () => {
    // Prepare
    const { request, answer } = await referred();
    const reviewId = answer.review!.reviewId;
    expect((await decide(demo.cg(), reviewId)).status).toBe(200);

    // Act
    const results = await Promise.all([
      resend(request, reviewId),
      resend(request, reviewId),
      resend(request, reviewId),
    ]);

    // Assess
    const codes = results.map((r) => r.body.reasonCodes[0]).sort();
    expect(codes).toEqual(['ALLOW_REVIEW_APPROVED', 'DENY_REVIEW_ALREADY_USED', 'DENY_REVIEW_ALREADY_USED']);
    expect(await promisesBroken(answer.receipt.origin)).toEqual([]);
  });

  it('a review approved while a consent is withdrawn: the re-send is decided on the records as they now are, and stopped', async () => {
    // Prepare: P16 referred; then a regulator consent recorded, which the withdrawal races with the approval.
    const { patientId, request, answer } = await referred();
    const consentId = await addConsent(demo.clinical(), patientId, 'REGULATOR_DISCLOSURE');
    const reviewId = answer.review!.reviewId;

    // Act: the approval and the withdrawal race; then the clinical system re-sends.
    const [decided, withdrawn] = await Promise.all([
      decide(demo.cg(), reviewId),
      withdrawConsent(demo.clinical(), patientId, consentId),
    ]);
    const { body } = await resend(request, reviewId);

    // Assess: both land; a withdrawn consent is a DENY, which no approval passes (reviews.md §2).
    expect([decided.status, withdrawn.status]).toEqual([200, 200]);
    expect([body.decision, body.reasonCodes[0]]).toEqual(['DENY', 'DENY_CONSENT_WITHDRAWN']);
    expect(await promisesBroken(answer.receipt.origin)).toEqual([]);
  });
});
