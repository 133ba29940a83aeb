/**
 * The review queue as people read it (reviews.md §5): a case's public view, the search filters and
 * the order (overdue first, then the oldest due date first), paged with an opaque cursor.
 */
import { pageOfDueItems } from '../due-queue.ts';
import { effectiveStatus, isOverdue, type ReviewCase } from './model.ts';

export interface ReviewQuery {
  readonly status?: string | undefined;
  readonly kind?: string | undefined;
  readonly patientId?: string | undefined;
  readonly recipientId?: string | undefined;
  readonly overdue?: boolean | undefined;
  /** Inclusive bounds on `openedAt`. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
}

export const DEFAULT_REVIEW_PAGE = 50;

/**
 * What a caller sees of a case. The free text (justification, conditions, grounds) only for
 * `withText`: the reviewers (scope review:decide), never auditors.
 */
export function reviewView(review: ReviewCase, nowMs: number, withText: boolean) {
  const status = effectiveStatus(review, nowMs);
  const { decision } = review;
  const expired = status === 'EXPIRED' && review.status === 'OPEN';
  return {
    reviewId: review.reviewId,
    kind: review.kind,
    status,
    overdue: isOverdue(review, nowMs),
    patientId: review.patientId,
    decision: {
      outcome: decision.outcome,
      reasonCodes: decision.reasonCodes,
      explanations: decision.explanations,
      recipientId: decision.recipientId,
      purpose: decision.purpose,
      ...(decision.flow ? { flow: decision.flow } : {}),
      receipt: decision.receipt,
    },
    ...(review.subjectDigest ? { subjectDigest: review.subjectDigest } : {}),
    openedAt: review.openedAt,
    dueAt: review.dueAt,
    ...(review.closedAt ? { closedAt: review.closedAt } : expired ? { closedAt: review.dueAt } : {}),
    ...(review.closedBy ? { closedBy: review.closedBy } : {}),
    ...(review.justificationDigest ? { justificationDigest: review.justificationDigest } : {}),
    obligations: review.obligations,
    ...(review.usedBy ? { usedBy: review.usedBy } : {}),
    history: review.history,
    ...(withText && review.justification ? { justification: review.justification } : {}),
    ...(withText && review.conditions ? { conditions: review.conditions } : {}),
    ...(withText && review.grounds ? { grounds: review.grounds } : {}),
  };
}

export type ReviewView = ReturnType<typeof reviewView>;

/** One page of the queue: filtered, overdue first, then oldest `dueAt`, then id (a total order). */
export function pageOfQueue(
  cases: readonly ReviewCase[],
  query: ReviewQuery,
  nowMs: number,
): { readonly page: ReviewCase[]; readonly nextCursor: string | null } {
  const matching = cases.filter((review) => matches(review, query, nowMs));
  const dueOf = (review: ReviewCase) => ({
    overdue: isOverdue(review, nowMs),
    dueAt: review.dueAt,
    id: review.reviewId,
  });
  return pageOfDueItems(matching, dueOf, query, DEFAULT_REVIEW_PAGE);
}

function matches(review: ReviewCase, query: ReviewQuery, nowMs: number): boolean {
  if (query.status !== undefined && effectiveStatus(review, nowMs) !== query.status) return false;
  if (query.kind !== undefined && review.kind !== query.kind) return false;
  if (query.patientId !== undefined && review.patientId !== query.patientId) return false;
  if (query.recipientId !== undefined && review.decision.recipientId !== query.recipientId) return false;
  if (query.overdue !== undefined && isOverdue(review, nowMs) !== query.overdue) return false;
  // Instants, not strings: a bound may carry an offset or no milliseconds, as the search body allows.
  const opened = Date.parse(review.openedAt);
  if (query.from !== undefined && opened < Date.parse(query.from)) return false;
  if (query.to !== undefined && opened > Date.parse(query.to)) return false;
  return true;
}
