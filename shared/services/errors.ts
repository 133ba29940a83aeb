import { ProblemError } from '../errors.ts';

/** An admin tried to change its own client record: another admin must (api.md §4.4). */
export class SeparationOfDutiesError extends ProblemError {
  readonly code = 'separation_of_duties' as const;
}

/** Someone else changed the object between our read and our write; the caller may retry. */
export class VersionConflictError extends ProblemError {
  readonly code = 'version_conflict' as const;
}

/** The same idempotency key (requestId or record id) was used with a different body. */
export class IdempotencyConflictError extends ProblemError {
  readonly code = 'idempotency_conflict' as const;
}

/** A review case is closed (decided or expired): it cannot be decided again (reviews.md §2). */
export class ReviewStateConflictError extends ProblemError {
  readonly code = 'review_state_conflict' as const;
}
