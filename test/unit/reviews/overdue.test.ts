/** The overdue-review gauge (reviews.md §1): open cases past due, across orgs; expired REFERs are not overdue. */
import { describe, expect, it } from 'vitest';
import type { ReviewStore } from '../../../shared/ports/review-store.ts';
import type { ReviewCase } from '../../../shared/reviews/model.ts';
import { countOverdueReviews } from '../../../shared/reviews/overdue.ts';

const NOW = Date.UTC(2026, 10, 22, 12);
const hours = (h: number) => new Date(NOW + h * 3_600_000).toISOString();

function reviewCase(org: string, kind: ReviewCase['kind'], status: ReviewCase['status'], dueAt: string): ReviewCase {
  return { org, kind, status, dueAt } as ReviewCase;
}

describe('countOverdueReviews', () => {
  it('counts open RETROSPECTIVE and CONTEST cases past due in every org named, nothing else', async () => {
    // Prepare
    const cases: Record<string, ReviewCase[]> = {
      a: [
        reviewCase('a', 'RETROSPECTIVE', 'OPEN', hours(-1)),
        reviewCase('a', 'CONTEST', 'OPEN', hours(-30)),
        reviewCase('a', 'CONTEST', 'OPEN', hours(1)),
        reviewCase('a', 'REFER', 'OPEN', hours(-1)),
        reviewCase('a', 'RETROSPECTIVE', 'UPHELD', hours(-1)),
      ],
      b: [reviewCase('b', 'RETROSPECTIVE', 'OPEN', hours(-2))],
      c: [reviewCase('c', 'RETROSPECTIVE', 'OPEN', hours(-2))],
    };
    const store = { list: (org: string) => Promise.resolve(cases[org] ?? []) } as unknown as ReviewStore;

    // Act
    const count = await countOverdueReviews(store, ['a', 'b'], NOW);

    // Assess
    expect(count).toBe(3);
  });
});
