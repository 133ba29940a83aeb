/**
 * CONTEST → OVERTURNED of a decision that released nothing (reviews.md §2): the case works as an
 * APPROVED REFER for a re-send. Over HTTP against the local stack: an overturned REFER lets its
 * re-send through once, opening no notification (nothing was released to tell anyone of); an
 * overturned DENY is decided again like any approved re-send, so a stop that is a DENY, not the
 * REFER gate, still stops it, and the approval stays unused. The log keeps the review promises.
 */
import { describe, expect, it } from 'vitest';
import { parseEntryBytes } from '../../shared/audit/entry-schema.ts';
import { LogPromises } from '../../shared/audit/log-promises.ts';
import type { DisclosureRequest } from '../../shared/schemas/disclosure.ts';
import { decide, disclose, referred, resend, type Answer } from '../support/reviews.ts';
import { INSURER_CLAIM, logEntries, preparePatient, requestFor } from '../support/scenarios.ts';
import { demo, freshId, freshPatientId } from '../support/stack.ts';

/** P01 without the INSURER_CLAIM consent it needs: a DENY. */
const CLAIM_WITHOUT_CONSENT: Partial<DisclosureRequest> = INSURER_CLAIM;

/** demo-records contests the decision, demo-dpo overturns it; the case id and the decide answer. */
async function overturned(patientId: string, answer: Answer) {
  const reviewId = freshId('rv');
  const contest = await demo.records().request('POST', '/v1/reviews', {
    reviewId,
    requestId: freshId('req'),
    patientId,
    entryId: answer.receipt.entryId,
    grounds: 'The patient asks a person to look at this decision',
  });
  expect(contest.status).toBe(200);
  const decided = await decide(demo.dpo(), reviewId, { outcome: 'OVERTURNED', role: 'DPO' });
  expect([decided.status, decided.body.status]).toEqual([200, 'OVERTURNED']);
  return { reviewId, decided };
}

async function promisesBroken(origin: string): Promise<unknown[]> {
  const promises = new LogPromises();
  const failures = (await logEntries(origin)).map(({ bytes, index }) =>
    promises.check(parseEntryBytes(new TextEncoder().encode(bytes)), index),
  );
  return [...failures, promises.finish()].filter(Boolean);
}

describe('a contested decision overturned (reviews.md §2)', () => {
  it('a REFER overturned works as an approval: its re-send is released once, and no notification is opened', async () => {
    // Prepare
    const { patientId, request, answer } = await referred();
    const { reviewId, decided } = await overturned(patientId, answer);

    // Act
    const { body: first } = await resend(request, reviewId);
    const { body: second } = await resend(request, reviewId);

    // Assess
    expect(decided.body['notifications']).toEqual([]);
    expect([first.decision, first.reasonCodes[0]]).toEqual(['ALLOW_WITH_REDACTION', 'ALLOW_REVIEW_APPROVED']);
    expect([second.decision, second.reasonCodes[0]]).toEqual(['DENY', 'DENY_REVIEW_ALREADY_USED']);
    const entry = (await logEntries(first.receipt.origin)).find(({ index }) => index === first.receipt.index)!;
    expect(entry.entry['decision']).toMatchObject({ reviewId });
    expect(await promisesBroken(answer.receipt.origin)).toEqual([]);
  });

  it('a DENY overturned is decided again on its re-send: the DENY still stops it, and the approval stays unused', async () => {
    // Prepare
    const patientId = freshPatientId();
    await preparePatient(demo.clinical(), patientId);
    const request = requestFor(patientId, CLAIM_WITHOUT_CONSENT);
    const { body: denied } = await disclose(request);
    expect(denied.decision).toBe('DENY');
    const { reviewId } = await overturned(patientId, denied);

    // Act
    const { body: resent } = await resend(request, reviewId);
    const { body: again } = await resend(request, reviewId);

    // Assess
    expect([resent.decision, resent.reasonCodes[0]]).toEqual(['DENY', denied.reasonCodes[0]]);
    expect([again.decision, again.reasonCodes[0]]).toEqual(['DENY', denied.reasonCodes[0]]);
    expect(await promisesBroken(denied.receipt.origin)).toEqual([]);
  });
});
