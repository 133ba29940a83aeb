/**
 * Base of every error the gatekeeper raises on purpose. `code` is stable: clients, tests and the
 * single HTTP mapping (functions/lib/problems.ts) branch on it, never on the message. Messages must
 * never contain payload values or identifiers.
 */
export abstract class GatekeeperError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A dependency (DynamoDB, KMS, S3) failed or throttled: nothing may be released (fail closed). */
export class DependencyUnavailableError extends GatekeeperError {
  readonly code = 'dependency_unavailable' as const;
}

/** The audit entry could not be written: the request fails closed and releases nothing. */
export class AuditUnavailableError extends GatekeeperError {
  readonly code = 'audit_unavailable' as const;
}
