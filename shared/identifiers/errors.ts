import { GatekeeperError } from '../errors.ts';

/**
 * A validator was called with a malformed reference date. That is a programming error in the
 * caller, not a bad identifier, so it throws instead of returning an `ID_*` result.
 */
export class InvalidReferenceDateError extends GatekeeperError {
  readonly code = 'invalid_reference_date' as const;
}
