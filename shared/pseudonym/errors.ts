import { GatekeeperError } from '../errors.ts';

/** A date given for generalisation is not a real `YYYY-MM-DD` date. */
export class InvalidDateError extends GatekeeperError {
  readonly code = 'invalid_date' as const;
}

/** The date of birth lies after the date the age is taken on: no age can be computed. */
export class BirthAfterReferenceDateError extends GatekeeperError {
  readonly code = 'birth_after_reference_date' as const;
}

/** A postcode given for generalisation is not a UK postcode (nor an NHS pseudo-postcode). */
export class InvalidPostcodeError extends GatekeeperError {
  readonly code = 'invalid_postcode' as const;
}

/**
 * An input to the pseudonym message is unusable (empty value, wrong shape for a national number,
 * `|` in the org). Refusing it keeps two different inputs from ever sharing one message.
 */
export class InvalidPseudonymInputError extends GatekeeperError {
  readonly code = 'invalid_pseudonym_input' as const;
}

/** The key service returned something that is not a full 32-byte HMAC-SHA-256 or a key version. */
export class InvalidMacError extends GatekeeperError {
  readonly code = 'invalid_mac' as const;
}
