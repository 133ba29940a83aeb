/**
 * Due dates over HTTP against the local stack (reviews.md §1–§2): a REFER still open at its `dueAt`
 * is EXPIRED (a deny: its re-send is DENY_REVIEW_REJECTED, it cannot be decided, and the next
 * identical request opens a new case), and any other case open past its `dueAt` is overdue and
 * listed first. The passing of time is laid out by moving the case's due date into the past.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { parseEntryBytes } from '../../shared/audit/entry-schema.ts';
import { LogPromises } from '../../shared/audit/log-promises.ts';
import { backdateReview, closeRecordsTable } from '../support/records-table.ts';
import { decide, disclose, referred, resend } from '../support/reviews.ts';
import { logEntries, preparePatient, requestFor } from '../support/scenarios.ts';
import { demo, freshId, freshPatientId } from '../support/stack.ts';

afterAll(() => closeRecordsTable());

interface ReviewBody {
  reviewId: string;
  kind: string;
  status: string;
  overdue: boolean;
  dueAt: string;
  code?: string;
}

const anHourAgo = () => new Date(Date.now() - 3_600_000).toISOString();

interface ReviewPage {
  reviews: ReviewBody[];
  nextCursor: string | null;
}

/** Every case matching `body`, in the queue's order, page after page. */
async function allReviews(body: Record<string, unknown>): Promise<ReviewBody[]> {
  const reviews: ReviewBody[] = [];
  let cursor: string | null = null;
  do {
    const response: { status: number; body: ReviewPage } = await demo
      .auditor()
      .request<ReviewPage>('POST', '/v1/reviews/search', { limit: 200, ...body, ...(cursor ? { cursor } : {}) });
    expect(response.status).toBe(200);
    reviews.push(...response.body.reviews);
    cursor = response.body.nextCursor;
  } while (cursor);
  return reviews;
}

async function promisesBroken(origin: string): Promise<unknown[]> {
  const promises = new LogPromises();
  const failures = (await logEntries(origin)).map(({ bytes, index }) =>
    promises.check(parseEntryBytes(new TextEncoder().encode(bytes)), index),
  );
  return [...failures, promises.finish()].filter(Boolean);
}

describe('REFER expiry (reviews.md §1–§2)', () => {
  it('a REFER past its due date is EXPIRED: not decided, its re-send denied, and the next request opens a new case', async () => {
    // Prepare
    const { patientId, request, answer } = await referred();
    const reviewId = answer.review!.reviewId;
    await backdateReview(reviewId, anHourAgo());

    // Act
    const read = await demo.cg().request<ReviewBody>('GET', `/v1/reviews/${reviewId}`);
    const found = await demo.cg().request<{ reviews: ReviewBody[] }>('POST', '/v1/reviews/search', { patientId });
    const decided = await decide(demo.cg(), reviewId);
    const { body: resent } = await resend(request, reviewId);
    const { body: again } = await disclose({ ...request, requestId: freshId('req') });

    // Assess
    expect([read.status, read.body.status, read.body.overdue]).toEqual([200, 'EXPIRED', false]);
    expect(found.body.reviews.map((r) => [r.reviewId, r.status])).toContainEqual([reviewId, 'EXPIRED']);
    expect([decided.status, decided.body.code]).toEqual([409, 'review_state_conflict']);
    expect([resent.decision, resent.reasonCodes[0]]).toEqual(['DENY', 'DENY_REVIEW_REJECTED']);
    expect([again.decision, again.reasonCodes[0]]).toEqual(['REFER', 'REFER_REGULATOR_NON_STATUTORY']);
    expect(again.reasonCodes).not.toContain('REVIEW_PENDING');
    expect(again.review).toMatchObject({ kind: 'REFER', status: 'OPEN' });
    expect(again.review!.reviewId).not.toBe(reviewId);
    const opened = (await logEntries(answer.receipt.origin)).filter(
      ({ entry }) => entry.type === 'review.opened' && (entry['patient'] as { ref: string }).ref === patientId,
    );
    expect(opened.map(({ entry }) => (entry['review'] as { reviewId: string }).reviewId)).toEqual([
      reviewId,
      again.review!.reviewId,
    ]);
    expect(await promisesBroken(answer.receipt.origin)).toEqual([]);
  });
});

describe('overdue cases (reviews.md §1, §5)', () => {
  it('a retrospective case open past its due date is overdue, found by overdue: true and listed before cases still in time', async () => {
    // Prepare: two retrospective cases (P08), the later-opened one past its due date.
    const override = {
      code: 'SAFEGUARDING',
      approverRole: 'CALDICOTT_GUARDIAN',
      approvedBy: 'cg-1',
      justification: 'Child protection concern',
    } as const;
    const opened: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const patientId = freshPatientId();
      await preparePatient(demo.clinical(), patientId, { objections: ['GP'] });
      const { body } = await disclose(requestFor(patientId, { override }));
      expect(body.review?.kind).toBe('RETROSPECTIVE');
      opened.push(body.review!.reviewId);
    }
    const [inTime, late] = opened as [string, string];
    await backdateReview(late, anHourAgo());

    // Act
    const queue = await allReviews({ status: 'OPEN', kind: 'RETROSPECTIVE' });
    const overdue = await allReviews({ overdue: true });

    // Assess
    const ids = queue.map((r) => r.reviewId);
    expect(ids.indexOf(late)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(late)).toBeLessThan(ids.indexOf(inTime));
    expect(queue.find((r) => r.reviewId === late)).toMatchObject({ status: 'OPEN', overdue: true });
    expect(overdue.map((r) => r.reviewId)).toContain(late);
    expect(overdue.map((r) => r.reviewId)).not.toContain(inTime);
    expect(overdue.every((r) => r.overdue)).toBe(true);
  });
});
