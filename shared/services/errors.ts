import { GatekeeperError } from '../errors.ts';

/** The object does not exist, or belongs to another org (existence is never revealed). */
export class NotFoundError extends GatekeeperError {
  readonly code = 'not_found' as const;
}

/** An admin tried to change its own client record: another admin must (api.md §4.4). */
export class SeparationOfDutiesError extends GatekeeperError {
  readonly code = 'separation_of_duties' as const;
}

/** Someone else changed the object between our read and our write; the caller may retry. */
export class VersionConflictError extends GatekeeperError {
  readonly code = 'version_conflict' as const;
}

/** The same idempotency key (requestId or record id) was used with a different body. */
export class IdempotencyConflictError extends GatekeeperError {
  readonly code = 'idempotency_conflict' as const;
}

/** A semantic rule about the request that the schema cannot express (e.g. a weak RSA key). */
export class RequestRejectedError extends GatekeeperError {
  readonly code = 'validation_failed' as const;
  readonly errors: ReadonlyArray<{ path: string; code: string; message: string }>;

  constructor(errors: ReadonlyArray<{ path: string; code: string; message: string }>) {
    super('The request failed validation');
    this.errors = errors;
  }
}
