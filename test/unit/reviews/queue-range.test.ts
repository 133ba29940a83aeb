/**
 * The `from` and `to` bounds of the review search (reviews.md §5) are instants, inclusive, on the
 * case's `openedAt`: the search body takes any RFC 3339 time, with an offset or without
 * milliseconds, so the bounds are compared as instants, never as strings.
 */
import { describe, expect, it } from 'vitest';
import type { ReviewCase } from '../../../shared/reviews/model.ts';
import { pageOfQueue } from '../../../shared/reviews/queue.ts';

const NOW = Date.parse('2026-12-05T21:00:00.000Z');

function opened(reviewId: string, openedAt: string): ReviewCase {
  return {
    reviewId,
    org: 'demo',
    kind: 'CONTEST',
    status: 'OPEN',
    patientId: 'MRN-1',
    decision: {
      outcome: 'ALLOW',
      reasonCodes: ['ALLOW_CONTRACT'],
      explanations: [],
      recipientId: 'gp-riverside',
      purpose: 'DIRECT_CARE',
      receipt: {
        origin: 'gatekeeper.local/demo/p1',
        index: 0,
        leafHash: 'AA==',
        entryId: '01JD0000000000000000000001',
      },
      clientId: 'demo-clinical',
    },
    openedAt,
    dueAt: '2027-01-05T21:00:00.000Z',
    openedReceipt: {
      origin: 'gatekeeper.local/demo/p1',
      index: 1,
      leafHash: 'AA==',
      entryId: '01JD0000000000000000000002',
    },
    obligations: [],
    history: [],
  };
}

const CASES = [
  opened('rv-early', '2026-12-05T20:59:59.999Z'),
  opened('rv-at', '2026-12-05T21:00:00.000Z'),
  opened('rv-late', '2026-12-05T21:30:00.000Z'),
];
const ids = (query: Parameters<typeof pageOfQueue>[1]) =>
  pageOfQueue(CASES, query, NOW)
    .page.map((review) => review.reviewId)
    .sort();

describe('review search bounds', () => {
  it.each([
    ['Z without milliseconds', '2026-12-05T21:00:00Z'],
    ['an offset', '2026-12-05T22:00:00+01:00'],
    ['milliseconds', '2026-12-05T21:00:00.000Z'],
  ])('from and to with %s bound the same instant, inclusively', (_form, bound) => {
    // Act / Assess
    expect(ids({ from: bound })).toEqual(['rv-at', 'rv-late']);
    expect(ids({ to: bound })).toEqual(['rv-at', 'rv-early']);
    expect(ids({ from: bound, to: bound })).toEqual(['rv-at']);
  });
});
