import type { AtomicWrite } from './audit-log.ts';
import type { ReviewCase } from '../reviews/model.ts';

/**
 * Review cases of one org (reviews.md §1). Reads are strongly consistent; every change is an
 * AtomicWrite (tag `review`) that commits with the audit entry describing it, or not at all.
 */
export interface ReviewStore {
  get(org: string, reviewId: string): Promise<ReviewCase | undefined>;
  /** The id of the last REFER case opened for this subject digest, if any (it may since have closed). */
  caseForSubject(org: string, subjectDigest: string): Promise<string | undefined>;
  /** Every case of the org; the queue is filtered and ordered by the caller. */
  list(org: string): Promise<ReviewCase[]>;
  /**
   * Writes a new case. A REFER case also becomes its subject's case, on condition that the subject
   * still names `previous` (undefined: no case yet), so two identical requests never open two cases.
   */
  open(review: ReviewCase, previous: string | undefined): AtomicWrite[];
  /** Replaces the case on condition that it is still in `before`'s status and its approval unused. */
  update(before: ReviewCase, after: ReviewCase): AtomicWrite;
  /**
   * The case without its free text (justification, conditions, grounds): erasure (reviews.md §4).
   * Holds only if the case is still as read, so a concurrent decision makes the erasure re-plan.
   */
  eraseText(before: ReviewCase): AtomicWrite;
}
