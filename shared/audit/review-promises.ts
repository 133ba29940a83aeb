import { RELEASING_OUTCOMES } from './entry.ts';
import type { DecisionEntry, ReviewDecidedEntry, ReviewOpenedEntry } from './entry.ts';
import type { FailureCode } from './verifier-types.ts';

type Failure = { code: FailureCode; message: string };

/** Outcomes that let a re-sent request through: a REFER approved, a contest of a DENY or REFER overturned. */
const APPROVING = new Set(['APPROVED', 'OVERTURNED']);

/**
 * The two log promises of reviews.md §6, checked in index order over one log:
 * 1. every REFER and every release with RETROSPECTIVE_CG_REVIEW has a `review.opened` naming it at a
 *    later index (a REFER answered REVIEW_PENDING instead names a case opened earlier);
 * 2. every ALLOW_REVIEW_APPROVED decision follows a `review.decided` APPROVED (or OVERTURNED) of its
 *    `reviewId`, and uses it once.
 * Decisions logged before reviews existed carry no subject digest and owe no case. Messages cite
 * indexes, never ids.
 */
export class ReviewPromises {
  /** Decisions that owe a case, by entry id, with their index. */
  readonly #owed = new Map<string, number>();
  readonly #opened = new Set<string>();
  /** Approvals by reviewId: whether one release used it already. */
  readonly #approvals = new Map<string, { used: boolean }>();

  check(entry: DecisionEntry | ReviewOpenedEntry | ReviewDecidedEntry, index: number): Failure | undefined {
    if (entry.type === 'review.opened') {
      this.#owed.delete(entry.review.decisionEntryId);
      this.#opened.add(entry.review.reviewId);
      return undefined;
    }
    if (entry.type === 'review.decided') {
      if (APPROVING.has(entry.review.outcome)) this.#approvals.set(entry.review.reviewId, { used: false });
      return undefined;
    }
    return this.#checkDecision(entry, index);
  }

  finish(): (Failure & { index: number }) | undefined {
    const [first] = [...this.#owed.values()].sort((a, b) => a - b);
    if (first === undefined) return undefined;
    return {
      code: 'review_missing',
      index: first,
      message: `The decision at index ${first} owes a review case and no review.opened follows it in this log`,
    };
  }

  #checkDecision(entry: DecisionEntry, index: number): Failure | undefined {
    const { outcome, reasonCodes, obligations, reviewId } = entry.decision;
    if (reasonCodes[0] === 'ALLOW_REVIEW_APPROVED') {
      const approval = reviewId === undefined ? undefined : this.#approvals.get(reviewId);
      if (approval === undefined || approval.used)
        return {
          code: 'review_approval_violation',
          message: `The decision at index ${index} rests on an approval ${approval ? 'already used' : 'not logged before it'}`,
        };
      approval.used = true;
    }
    if (entry.request?.subjectDigest === undefined) return undefined;
    const retrospective = RELEASING_OUTCOMES.includes(outcome) && obligations.includes('RETROSPECTIVE_CG_REVIEW');
    if (outcome === 'REFER' && reasonCodes.includes('REVIEW_PENDING')) {
      if (reviewId !== undefined && this.#opened.has(reviewId)) return undefined;
      return {
        code: 'review_missing',
        message: `The decision at index ${index} points to a review case not opened earlier in this log`,
      };
    }
    if (outcome === 'REFER' || retrospective) this.#owed.set(entry.id, index);
    return undefined;
  }
}
