/**
 * The closed catalogue of public problem codes (api.md §2). Clients and tests branch on these; the
 * HTTP table (functions/lib/problems.ts) is keyed by this union, so a code added here without its
 * row, or a row without its code, fails `tsc`.
 */
export type ProblemCode =
  | 'malformed_json'
  | 'malformed_request'
  | 'signature_missing'
  | 'signature_malformed'
  | 'algorithm_not_allowed'
  | 'header_not_allowed'
  | 'unknown_client'
  | 'unknown_key'
  | 'key_revoked'
  | 'signature_invalid'
  | 'audience_mismatch'
  | 'signature_expired'
  | 'signature_not_yet_valid'
  | 'signature_lifetime_too_long'
  | 'binding_mismatch'
  | 'body_digest_mismatch'
  | 'replayed_request'
  | 'client_suspended'
  | 'org_mismatch'
  | 'forbidden_scope'
  | 'separation_of_duties'
  | 'not_found'
  | 'method_not_allowed'
  | 'idempotency_conflict'
  | 'version_conflict'
  | 'review_state_conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'validation_failed'
  | 'rate_limited'
  | 'audit_unavailable'
  | 'dependency_unavailable';

/**
 * Base of every error the gatekeeper raises on purpose. `code` is stable: callers branch on it,
 * never on the message. Messages must never contain payload values or identifiers. An error that
 * is not a ProblemError is internal: whatever its code, the API answers it as a 500.
 */
export abstract class GatekeeperError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An error the API answers with its own public code; the compiler holds the code to the catalogue. */
export abstract class ProblemError extends GatekeeperError {
  abstract override readonly code: ProblemCode;
}

/** A dependency (DynamoDB, KMS, S3) failed or throttled: nothing may be released (fail closed). */
export class DependencyUnavailableError extends ProblemError {
  readonly code = 'dependency_unavailable' as const;
}

/** The audit entry could not be written: the request fails closed and releases nothing. */
export class AuditUnavailableError extends ProblemError {
  readonly code = 'audit_unavailable' as const;
}

/**
 * The one not-found error, from the router (no such route) and from services (no such object, or
 * one of another org: existence is never revealed). The message is for logs and fixed per site.
 */
export class NotFoundError extends ProblemError {
  readonly code = 'not_found' as const;
  constructor(message = 'No such resource') {
    super(message);
  }
}

/** One violated rule; `message` is built from the schema or a fixed string, never from the value sent. */
export interface FieldError {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/**
 * The one field-validation error: a schema's violations, or a semantic rule the schema cannot
 * express (an identifier's `ID_*` check, a weak RSA key, a withdrawal before its record).
 */
export class ValidationFailedError extends ProblemError {
  readonly code = 'validation_failed' as const;
  readonly errors: readonly FieldError[];
  constructor(errors: readonly FieldError[], message = 'The request failed validation') {
    super(message);
    this.errors = errors;
  }
}
