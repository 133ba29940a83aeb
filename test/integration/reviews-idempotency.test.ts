/**
 * A requestId names one request (api.md §2): the same requestId with the same body answers as the
 * first time, and with another body is 409 `idempotency_conflict`, for the writes of reviews.md §5
 * that take one: deciding a case, and closing a notification. Over HTTP against the local stack.
 */
import { describe, expect, it } from 'vitest';
import { notificationSchema } from '../../shared/schemas/responses.ts';
import { decide, referred } from '../support/reviews.ts';
import { placeRestriction } from '../support/restrictions.ts';
import { preparePatient, requestFor } from '../support/scenarios.ts';
import { demo, freshId, freshPatientId } from '../support/stack.ts';

describe('a requestId used again with another body (api.md §2)', () => {
  it('deciding a case: the same body answers as before, another body is 409 idempotency_conflict', async () => {
    // Prepare
    const { answer } = await referred();
    const reviewId = answer.review!.reviewId;
    const requestId = freshId('req');
    const first = await decide(demo.cg(), reviewId, { requestId });

    // Act
    const same = await decide(demo.cg(), reviewId, { requestId });
    const other = await decide(demo.cg(), reviewId, { requestId, outcome: 'REJECTED' });

    // Assess
    expect(first.status).toBe(200);
    expect(same.body).toEqual(first.body);
    expect([other.status, other.body.code]).toEqual([409, 'idempotency_conflict']);
  });

  it('closing a notification: the same body answers as before, another body is 409 idempotency_conflict', async () => {
    // Prepare
    const { patientId } = await preparePatient(demo.clinical(), freshPatientId());
    expect((await demo.clinical().request('POST', '/v1/disclosures', requestFor(patientId))).status).toBe(200);
    const placed = await placeRestriction(demo.clinical(), patientId, { at: new Date().toISOString() });
    const [notification] = notificationSchema.array().parse(placed.body['notifications']);
    const body = { requestId: freshId('req'), at: new Date().toISOString(), channel: 'LETTER', recordedBy: 'staff-3' };
    const path = `/v1/notifications/${notification!.notificationId}/sent`;
    const first = await demo.records().request('POST', path, body);

    // Act
    const same = await demo.records().request('POST', path, body);
    const other = await demo.records().request<{ code?: string }>('POST', path, { ...body, channel: 'EMAIL' });

    // Assess
    expect(first.status).toBe(200);
    expect(same.body).toEqual(first.body);
    expect([other.status, other.body.code]).toEqual([409, 'idempotency_conflict']);
  });
});
