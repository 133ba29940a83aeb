/**
 * Review cases as pure domain (reviews.md §1–§2): due dates per kind, expiry applied by time alone,
 * the queue's order (overdue first, then oldest due date), and what a re-sent request's reviewId
 * contributes to its decision.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dueAtOf,
  effectiveStatus,
  isOverdue,
  type ReviewCase,
  type ReviewKind,
} from '../../../shared/reviews/model.ts';
import { pageOfQueue } from '../../../shared/reviews/queue.ts';
import { reviewInputFor, subjectDigestOf } from '../../../shared/services/disclosure-reviews.ts';
import type { ReviewStore } from '../../../shared/ports/review-store.ts';
import { request } from '../policy/fixtures.ts';

const SWITCHES = { 'review.referExpiresHours': 72, 'review.retrospectiveDays': 14 };
const HOUR = 3_600_000;
const OPENED = Date.UTC(2026, 0, 31, 10, 30);
const receipt = {
  origin: 'gatekeeper.local/demo/p1',
  index: 0,
  leafHash: 'AA==',
  entryId: '01JD0000000000000000000001',
};

function reviewCase(fields: Partial<ReviewCase> = {}): ReviewCase {
  return {
    reviewId: 'rv-1',
    org: 'demo',
    kind: 'REFER',
    status: 'OPEN',
    patientId: 'MRN-1',
    decision: {
      outcome: 'REFER',
      reasonCodes: ['REFER_REGULATOR_NON_STATUTORY'],
      explanations: [],
      recipientId: 'reg-gmc',
      purpose: 'REGULATORY_INVESTIGATION',
      receipt,
      clientId: 'demo-clinical',
    },
    subjectDigest: subjectDigestOf(request()),
    openedAt: new Date(OPENED).toISOString(),
    dueAt: dueAtOf('REFER', OPENED, SWITCHES),
    openedReceipt: receipt,
    obligations: [],
    history: [],
    ...fields,
  };
}

const storeOf = (review: ReviewCase | undefined): ReviewStore => ({
  get: () => Promise.resolve(review),
  caseForSubject: () => Promise.resolve(undefined),
  list: () => Promise.resolve(review ? [review] : []),
  open: () => [],
  update: () => ({ tag: 'review', store: 'test', item: {} }),
  eraseText: () => ({ tag: 'review', store: 'test', item: {} }),
});

describe('due dates and expiry', () => {
  it.each<[ReviewKind, string]>([
    ['REFER', '2026-02-03T10:30:00.000Z'],
    ['RETROSPECTIVE', '2026-02-14T10:30:00.000Z'],
    // One calendar month from 31 January is the last day of February.
    ['CONTEST', '2026-02-28T10:30:00.000Z'],
  ])('%s falls due at %s', (kind, due) => {
    // Act / Assess
    expect(dueAtOf(kind, OPENED, SWITCHES)).toBe(due);
  });

  it('a REFER open at its due date is EXPIRED for every reader from that instant; other kinds become overdue', () => {
    // Prepare
    const refer = reviewCase();
    const retrospective = reviewCase({ kind: 'RETROSPECTIVE', dueAt: refer.dueAt });
    const due = Date.parse(refer.dueAt);

    // Act / Assess
    expect([effectiveStatus(refer, due - 1), effectiveStatus(refer, due)]).toEqual(['OPEN', 'EXPIRED']);
    expect([isOverdue(refer, due), isOverdue(retrospective, due - 1), isOverdue(retrospective, due)]).toEqual([
      false,
      false,
      true,
    ]);
    expect(effectiveStatus(reviewCase({ status: 'APPROVED' }), due + HOUR)).toBe('APPROVED');
  });
});

describe('the queue order', () => {
  it('pages through every matching case once, overdue first, then by due date', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            dueOffsetH: fc.integer({ min: -100, max: 100 }),
            kind: fc.constantFrom<ReviewKind>('RETROSPECTIVE', 'CONTEST'),
          }),
          { maxLength: 30 },
        ),
        fc.integer({ min: 1, max: 7 }),
        (specs, limit) => {
          // Prepare
          const now = OPENED;
          const cases = specs.map((spec, i) =>
            reviewCase({
              reviewId: `rv-${i}`,
              kind: spec.kind,
              dueAt: new Date(now + spec.dueOffsetH * HOUR).toISOString(),
            }),
          );

          // Act
          const seen: ReviewCase[] = [];
          let cursor: string | undefined;
          do {
            const { page, nextCursor } = pageOfQueue(cases, { limit, ...(cursor ? { cursor } : {}) }, now);
            seen.push(...page);
            cursor = nextCursor ?? undefined;
          } while (cursor);

          // Assess
          expect(seen.map((c) => c.reviewId).sort()).toEqual(cases.map((c) => c.reviewId).sort());
          for (let i = 1; i < seen.length; i += 1) {
            const [a, b] = [seen[i - 1]!, seen[i]!];
            expect(Number(isOverdue(a, now))).toBeGreaterThanOrEqual(Number(isOverdue(b, now)));
            if (isOverdue(a, now) === isOverdue(b, now)) expect(a.dueAt <= b.dueAt).toBe(true);
          }
        },
      ),
    );
  });
});

describe("what a re-sent request's reviewId contributes", () => {
  const resent = { ...request({ recipientId: 'reg-gmc', purpose: 'REGULATORY_INVESTIGATION' }), reviewId: 'rv-1' };
  const subject = subjectDigestOf(resent);
  const inputFor = (review: ReviewCase | undefined, nowMs = OPENED + HOUR) =>
    reviewInputFor(storeOf(review), 'demo', resent, subject, nowMs).then((found) => found.input);

  it('the subject digest leaves out requestId and reviewId, and nothing else', () => {
    // Act / Assess
    expect(subjectDigestOf({ ...resent, requestId: 'other', reviewId: null })).toBe(subject);
    expect(subjectDigestOf({ ...resent, purpose: 'DIRECT_CARE' })).not.toBe(subject);
  });

  it.each<[string, Partial<ReviewCase> | undefined, number, unknown]>([
    ['an approval', { status: 'APPROVED' }, OPENED + HOUR, { approved: { reviewId: 'rv-1', conditions: false } }],
    [
      'an approval with conditions',
      { status: 'APPROVED', conditions: 'c' },
      OPENED + HOUR,
      { approved: { reviewId: 'rv-1', conditions: true } },
    ],
    [
      'an approval used',
      { status: 'APPROVED', usedBy: receipt },
      OPENED + HOUR,
      { refused: 'DENY_REVIEW_ALREADY_USED' },
    ],
    ['a rejection', { status: 'REJECTED' }, OPENED + HOUR, { refused: 'DENY_REVIEW_REJECTED' }],
    ['an open case', {}, OPENED + HOUR, { refused: 'DENY_REVIEW_NOT_APPROVED' }],
    ['an open case past its due date (expired)', {}, OPENED + 73 * HOUR, { refused: 'DENY_REVIEW_REJECTED' }],
    ['no case', undefined, OPENED + HOUR, { refused: 'DENY_REVIEW_NOT_APPROVED' }],
    [
      "another patient's case",
      { status: 'APPROVED', patientId: 'MRN-2' },
      OPENED + HOUR,
      { refused: 'DENY_REVIEW_NOT_APPROVED' },
    ],
    [
      'a case of another subject',
      { status: 'APPROVED', subjectDigest: 'sha-256=:x:' },
      OPENED + HOUR,
      { refused: 'DENY_REVIEW_NOT_APPROVED' },
    ],
    [
      'a retrospective case',
      { kind: 'RETROSPECTIVE', status: 'UPHELD' },
      OPENED + HOUR,
      { refused: 'DENY_REVIEW_NOT_APPROVED' },
    ],
    [
      'a contest of a DENY overturned',
      { kind: 'CONTEST', status: 'OVERTURNED', decision: { ...reviewCase().decision, outcome: 'DENY' } },
      OPENED + HOUR,
      { approved: { reviewId: 'rv-1', conditions: false } },
    ],
    [
      'a contest of an ALLOW overturned',
      { kind: 'CONTEST', status: 'OVERTURNED', decision: { ...reviewCase().decision, outcome: 'ALLOW' } },
      OPENED + HOUR,
      { refused: 'DENY_REVIEW_NOT_APPROVED' },
    ],
  ])('%s', async (_name, fields, now, expected) => {
    // Prepare
    const review =
      fields === undefined ? undefined : reviewCase({ ...fields, subjectDigest: fields.subjectDigest ?? subject });

    // Act / Assess
    expect(await inputFor(review, now)).toEqual(expected);
  });
});
