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
