import { ProblemError } from '../errors.ts';

/**
 * Codes raised by request verification (api.md §1 and §2). They are stable: problems.ts maps them
 * to HTTP, clients and tests branch on them. Messages are fixed per code so they can never carry a
 * payload value or an identifier.
 */
export const SIGNATURE_REJECTION_CODES = Object.freeze([
  'signature_missing',
  'signature_malformed',
  'algorithm_not_allowed',
  'header_not_allowed',
  'unknown_client',
  'unknown_key',
  'key_revoked',
  'client_suspended',
  'signature_invalid',
  'audience_mismatch',
  'signature_expired',
  'signature_not_yet_valid',
  'signature_lifetime_too_long',
  'binding_mismatch',
  'body_digest_mismatch',
  'org_mismatch',
  'replayed_request',
] as const);

export type SignatureRejectionCode = (typeof SIGNATURE_REJECTION_CODES)[number];

const SIGNATURE_MESSAGES: Readonly<Record<SignatureRejectionCode, string>> = Object.freeze({
  signature_missing: 'The request carries no Signature authorization',
  signature_malformed: 'The request signature is not a well-formed gatekeeper request token',
  algorithm_not_allowed: 'The signature algorithm is not allowed',
  header_not_allowed: 'The signature header carries a field that is not allowed',
  unknown_client: 'The signing client is not registered',
  unknown_key: 'The signing key is not registered for the client',
  key_revoked: 'The signing key has been revoked',
  client_suspended: 'The signing client is suspended',
  signature_invalid: 'The signature does not verify',
  audience_mismatch: 'The signature is for another audience',
  signature_expired: 'The signature has expired',
  signature_not_yet_valid: 'The signature was issued in the future',
  signature_lifetime_too_long: 'The signature lifetime exceeds 300 seconds',
  binding_mismatch: 'The signature is bound to another method or path',
  body_digest_mismatch: 'The body digest does not match the body sent',
  org_mismatch: 'The signature names another organisation than the client is registered to',
  replayed_request: 'The request token has already been used',
});

/**
 * The signed request was rejected. `verifiedClientId` is set only once the signature verified, so
 * a security log never attributes a forged request to the client it impersonates.
 */
export class SignatureRejectedError extends ProblemError {
  readonly code: SignatureRejectionCode;
  readonly verifiedClientId: string | undefined;

  constructor(code: SignatureRejectionCode, options?: { cause?: unknown; verifiedClientId?: string }) {
    super(SIGNATURE_MESSAGES[code], { cause: options?.cause });
    this.code = code;
    this.verifiedClientId = options?.verifiedClientId;
  }
}

/** Rejected before any signature work: checked first so oversized or non-JSON bodies cost nothing. */
export class PayloadTooLargeError extends ProblemError {
  readonly code = 'payload_too_large' as const;
  constructor() {
    super('The request body exceeds the size limit of this endpoint');
  }
}

export class UnsupportedMediaTypeError extends ProblemError {
  readonly code = 'unsupported_media_type' as const;
  constructor() {
    super('The request body must be application/json (UTF-8)');
  }
}

/** The verified caller lacks the scope the endpoint needs (scopes come from the registry only). */
export class ForbiddenScopeError extends ProblemError {
  readonly code = 'forbidden_scope' as const;
  constructor() {
    super('The client is not granted the scope this endpoint requires');
  }
}
