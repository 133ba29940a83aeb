import type { ReviewStore } from '../ports/review-store.ts';
import { isOverdue } from './model.ts';

/**
 * How many review cases are open past their due date across these orgs (reviews.md §1: counted in
 * the metrics). An expired REFER is not overdue: time closed it.
 */
export async function countOverdueReviews(
  reviews: ReviewStore,
  orgs: readonly string[],
  nowMs: number,
): Promise<number> {
  const counts = await Promise.all(
    orgs.map(async (org) => (await reviews.list(org)).filter((review) => isOverdue(review, nowMs)).length),
  );
  return counts.reduce((sum, count) => sum + count, 0);
}
