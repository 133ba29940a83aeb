import { sha256Digest } from '../canonical-json.ts';
import type { ReviewDecidedEntry, ReviewOpenedEntry } from '../audit/entry.ts';
import type { EntryHeader } from '../services/audit-entries.ts';
import type { ReviewCase, ReviewerRole, ReviewOutcome } from './model.ts';

type Patient = ReviewOpenedEntry['patient'];

/**
 * The `review.opened` entry (reviews.md §6): ids, the kind, the due date and digests only. The
 * patient's grounds of a contest are free text: the entry holds their digest.
 */
export function reviewOpenedEntry(
  header: EntryHeader<'review.opened'>,
  patient: Patient,
  review: Pick<ReviewCase, 'reviewId' | 'kind' | 'dueAt' | 'subjectDigest' | 'grounds'>,
  decisionEntryId: string,
): ReviewOpenedEntry {
  return {
    ...header,
    patient,
    review: {
      reviewId: review.reviewId,
      kind: review.kind,
      decisionEntryId,
      dueAt: review.dueAt,
      ...(review.subjectDigest ? { subjectDigest: review.subjectDigest } : {}),
      ...(review.grounds ? { groundsDigest: sha256Digest(review.grounds) } : {}),
    },
  };
}

/** The `review.decided` entry: who decided, in which role, and digests of the justification and conditions. */
export function reviewDecidedEntry(
  header: EntryHeader<'review.decided'>,
  patient: Patient,
  review: ReviewCase,
  decided: {
    readonly outcome: ReviewOutcome;
    readonly role: ReviewerRole;
    readonly justification: string;
    readonly conditions?: string | undefined;
    readonly obligations: readonly string[];
  },
): ReviewDecidedEntry {
  return {
    ...header,
    patient,
    review: {
      reviewId: review.reviewId,
      kind: review.kind,
      outcome: decided.outcome,
      role: decided.role,
      justificationDigest: sha256Digest(decided.justification),
      ...(decided.conditions ? { conditionsDigest: sha256Digest(decided.conditions) } : {}),
      decisionEntryId: review.decision.receipt.entryId,
      ...(decided.obligations.length > 0 ? { obligations: decided.obligations } : {}),
    },
  };
}
