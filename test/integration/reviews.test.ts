/**
 * Reviews over HTTP against the local stack (reviews.md §8, R01–R09): a REFER opens a case in the
 * decision's own transaction, a person decides it, and the clinical system's re-send is decided
 * again with the approval as one of its inputs.
 */
import { describe, expect, it } from 'vitest';
import { demo, freshId } from '../support/stack.ts';
import { logEntries } from '../support/scenarios.ts';
import { decide, disclose, referred, resend } from '../support/reviews.ts';

describe('REFER review cases (reviews.md §8)', () => {
  it('R01: a REFER answer names an open REFER case, opened by a review.opened entry right after the decision', async () => {
    // Act
    const { answer } = await referred();

    // Assess
    expect(answer.decision).toBe('REFER');
    expect(answer.reasonCodes[0]).toBe('REFER_REGULATOR_NON_STATUTORY');
    expect(answer.review).toMatchObject({ kind: 'REFER', status: 'OPEN' });
    const dueIn = Date.parse(answer.review!.dueAt) - Date.now();
    expect(dueIn).toBeGreaterThan(71 * 3_600_000);
    expect(dueIn).toBeLessThanOrEqual(72 * 3_600_000);
    const log = await logEntries(answer.receipt.origin);
    const opened = log.find((logged) => logged.index === answer.receipt.index + 1)!.entry;
    expect(opened).toMatchObject({
      type: 'review.opened',
      review: { reviewId: answer.review!.reviewId, kind: 'REFER', decisionEntryId: answer.receipt.entryId },
    });
  });

  it('R02: the same request again is REFER with REVIEW_PENDING and the same case; no second case', async () => {
    // Prepare
    const { patientId, request, answer: first } = await referred();

    // Act
    const { body: again } = await disclose({ ...request, requestId: freshId('req') });

    // Assess
    expect(again.decision).toBe('REFER');
    expect(again.reasonCodes).toContain('REVIEW_PENDING');
    expect(again.review?.reviewId).toBe(first.review!.reviewId);
    const log = await logEntries(first.receipt.origin);
    const opened = log.filter(
      (logged) =>
        logged.entry.type === 'review.opened' && (logged.entry['patient'] as { ref: string }).ref === patientId,
    );
    expect(opened).toHaveLength(1);
  });

  it('R03: approved by demo-cg, the re-send is ALLOW_REVIEW_APPROVED on the regulator profile, the entry naming the case', async () => {
    // Prepare
    const { request, answer } = await referred();
    const reviewId = answer.review!.reviewId;
    const decided = await decide(demo.cg(), reviewId);
    expect(decided.status).toBe(200);

    // Act
    const { body } = await resend(request, reviewId);

    // Assess
    expect(body.decision).toBe('ALLOW_WITH_REDACTION');
    expect(body.reasonCodes[0]).toBe('ALLOW_REVIEW_APPROVED');
    // The regulator profile: the clinical record and notes, no postcode and no finances.
    expect(body.payload?.['financial']).toBeUndefined();
    expect((body.payload?.['patient'] as Record<string, unknown>)['postcode']).toBeUndefined();
    expect(body.payload?.['narrative']).toHaveProperty('notes');
    const entry = (await logEntries(body.receipt.origin)).find((logged) => logged.index === body.receipt.index)!.entry;
    expect(entry['decision']).toMatchObject({ reviewId, basis: { source: 'REVIEW', recordId: reviewId } });
  });

  it('R04: an approval allows one disclosure: the second re-send is DENY_REVIEW_ALREADY_USED', async () => {
    // Prepare
    const { request, answer } = await referred();
    const reviewId = answer.review!.reviewId;
    await decide(demo.cg(), reviewId);
    await resend(request, reviewId);

    // Act
    const { body } = await resend(request, reviewId);

    // Assess
    expect([body.decision, body.reasonCodes[0]]).toEqual(['DENY', 'DENY_REVIEW_ALREADY_USED']);
  });

  it('R05: an approval does not cover a different payload: DENY_REVIEW_NOT_APPROVED', async () => {
    // Prepare
    const { request, answer } = await referred();
    const reviewId = answer.review!.reviewId;
    await decide(demo.cg(), reviewId);

    // Act
    const { body } = await resend(request, reviewId, { payload: { ...request.payload, narrative: { notes: 'x' } } });

    // Assess
    expect([body.decision, body.reasonCodes[0]]).toEqual(['DENY', 'DENY_REVIEW_NOT_APPROVED']);
  });

  it('R06: rejected by demo-cg, the re-send is DENY_REVIEW_REJECTED', async () => {
    // Prepare
    const { request, answer } = await referred();
    const reviewId = answer.review!.reviewId;
    expect((await decide(demo.cg(), reviewId, { outcome: 'REJECTED' })).status).toBe(200);

    // Act
    const { body } = await resend(request, reviewId);

    // Assess
    expect([body.decision, body.reasonCodes[0]]).toEqual(['DENY', 'DENY_REVIEW_REJECTED']);
  });

  it('R07: an objection recorded after the approval still stops the re-send', async () => {
    // Prepare
    const { patientId, request, answer } = await referred();
    const reviewId = answer.review!.reviewId;
    await decide(demo.cg(), reviewId);
    const objected = await demo.clinical().request('POST', `/v1/patients/${patientId}/objections`, {
      objectionId: freshId('obj'),
      scope: 'ALL_NON_MANDATORY',
      at: new Date().toISOString(),
      recordedBy: 'staff-1',
    });
    expect(objected.status).toBe(200);

    // Act
    const { body } = await resend(request, reviewId);

    // Assess
    expect([body.decision, body.reasonCodes[0]]).toEqual(['DENY', 'DENY_PATIENT_OBJECTION']);
  });

  it('R08: demo-clinical cannot decide (no review:decide): 403 forbidden_scope', async () => {
    // Prepare
    const { answer } = await referred();

    // Act
    const response = await decide(demo.clinical(), answer.review!.reviewId);

    // Assess
    expect([response.status, response.body.code]).toEqual([403, 'forbidden_scope']);
  });

  it('R09: a closed case cannot be decided again: 409 review_state_conflict; the same request again is its first answer', async () => {
    // Prepare
    const { answer } = await referred();
    const reviewId = answer.review!.reviewId;
    const requestId = freshId('req');
    const first = await decide(demo.cg(), reviewId, { requestId });

    // Act
    const second = await decide(demo.cg(), reviewId, { outcome: 'REJECTED' });
    const retry = await decide(demo.cg(), reviewId, { requestId });

    // Assess
    expect([second.status, second.body.code]).toEqual([409, 'review_state_conflict']);
    expect(retry.status).toBe(200);
    expect(retry.body['receipt']).toEqual(first.body['receipt']);
  });

  it("an approval with conditions: the release carries REVIEWER_CONDITIONS and the reviewer's text, which no entry holds", async () => {
    // Prepare
    const { request, answer } = await referred();
    const reviewId = answer.review!.reviewId;
    const conditions = 'Send only the episode of the complaint, by secure email';
    expect((await decide(demo.cg(), reviewId, { conditions })).status).toBe(200);

    // Act
    const { body } = await resend(request, reviewId);

    // Assess
    expect(body.reasonCodes[0]).toBe('ALLOW_REVIEW_APPROVED');
    expect(body.obligations).toContain('REVIEWER_CONDITIONS');
    expect(body.reviewConditions).toBe(conditions);
    const log = await logEntries(body.receipt.origin);
    expect(log.some((logged) => logged.bytes.includes('secure email'))).toBe(false);
    const decided = log.find((logged) => logged.entry.type === 'review.decided' && logged.bytes.includes(reviewId))!;
    expect(decided.entry['review']).toHaveProperty('conditionsDigest');
  });

  it('with override.requireCaldicottGuardian, a DPO may reject a REFER but not approve it: 403 forbidden_scope', async () => {
    // Prepare
    const [{ answer: toApprove }, { answer: toReject }] = [await referred(), await referred()];

    // Act
    const approving = await decide(demo.dpo(), toApprove.review!.reviewId, { outcome: 'APPROVED', role: 'DPO' });
    const rejecting = await decide(demo.dpo(), toReject.review!.reviewId, { outcome: 'REJECTED', role: 'DPO' });

    // Assess
    expect([approving.status, approving.body.code]).toEqual([403, 'forbidden_scope']);
    expect([rejecting.status, rejecting.body.status]).toEqual([200, 'REJECTED']);
  });

  it('bounds the justification and conditions at 4,000 characters, and never echoes them in the refusal', async () => {
    // Prepare
    const { answer } = await referred();
    const reviewId = answer.review!.reviewId;
    const tooLong = `SECRET-TEXT ${'x'.repeat(4_000)}`;

    // Act
    const justification = await demo.cg().request<{ code?: string }>('POST', `/v1/reviews/${reviewId}/decide`, {
      requestId: freshId('req'),
      outcome: 'APPROVED',
      role: 'CALDICOTT_GUARDIAN',
      justification: tooLong,
    });
    const conditions = await decide(demo.cg(), reviewId, { conditions: tooLong });
    const atTheBound = await decide(demo.cg(), reviewId, { conditions: 'c'.repeat(4_000) });

    // Assess
    for (const refused of [justification, conditions]) {
      expect([refused.status, refused.body.code]).toEqual([422, 'validation_failed']);
      expect(JSON.stringify(refused.body)).not.toContain('SECRET-TEXT');
    }
    expect(atTheBound.status).toBe(200);
  });
});
