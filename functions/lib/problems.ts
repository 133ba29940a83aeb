import type { APIGatewayProxyResult } from 'aws-lambda';
import { ProblemError, ValidationFailedError, type FieldError, type ProblemCode } from '../../shared/errors.ts';
import { MethodNotAllowedError } from './errors.ts';

export interface ProblemRow {
  readonly status: number;
  readonly title: string;
  /** Fixed per code: a problem never echoes payload values or identifiers. */
  readonly detail: string;
  /** Seconds for `Retry-After` (503s, 429). */
  readonly retryAfterS?: number;
}

/**
 * THE mapping from the public problem codes (shared/errors.ts) to HTTP, keyed by the closed union:
 * a code without a row, or a row without a code, fails `tsc`. Any other error answers 500.
 */
export const PROBLEMS: Readonly<Record<ProblemCode, ProblemRow>> = Object.freeze({
  // `satisfies` as well: a row for a code the catalogue does not have fails too.
  malformed_json: { status: 400, title: 'Malformed JSON', detail: 'The request body is not valid UTF-8 JSON.' },
  malformed_request: { status: 400, title: 'Malformed request', detail: 'The request is malformed.' },
  signature_missing: { status: 401, title: 'Signature missing', detail: 'Send Authorization: Signature <jws>.' },
  signature_malformed: { status: 401, title: 'Signature malformed', detail: 'The request token is not well formed.' },
  algorithm_not_allowed: { status: 401, title: 'Algorithm not allowed', detail: 'Sign with ES256, EdDSA or PS256.' },
  header_not_allowed: {
    status: 401,
    title: 'Header not allowed',
    detail: 'The protected header carries a forbidden field.',
  },
  unknown_client: { status: 401, title: 'Unknown client', detail: 'The signing client is not registered.' },
  unknown_key: { status: 401, title: 'Unknown key', detail: 'The signing key is not registered for this client.' },
  key_revoked: { status: 401, title: 'Key revoked', detail: 'The signing key has been revoked.' },
  signature_invalid: { status: 401, title: 'Signature invalid', detail: 'The signature does not verify.' },
  audience_mismatch: { status: 401, title: 'Audience mismatch', detail: 'The token is for another audience.' },
  signature_expired: { status: 401, title: 'Signature expired', detail: 'The token has expired.' },
  signature_not_yet_valid: {
    status: 401,
    title: 'Signature not yet valid',
    detail: 'The token was issued in the future.',
  },
  signature_lifetime_too_long: {
    status: 401,
    title: 'Signature lifetime too long',
    detail: 'exp - iat must not exceed 300 seconds.',
  },
  binding_mismatch: { status: 401, title: 'Binding mismatch', detail: 'The token is bound to another method or path.' },
  body_digest_mismatch: {
    status: 401,
    title: 'Body digest mismatch',
    detail: 'cdg does not match the body bytes sent.',
  },
  replayed_request: { status: 401, title: 'Replayed request', detail: 'The token has already been used.' },
  client_suspended: { status: 403, title: 'Client suspended', detail: 'The signing client is suspended.' },
  org_mismatch: { status: 403, title: 'Organisation mismatch', detail: 'The token names another organisation.' },
  forbidden_scope: { status: 403, title: 'Forbidden', detail: 'The client lacks the scope this endpoint requires.' },
  separation_of_duties: {
    status: 403,
    title: 'Separation of duties',
    detail: 'An admin client cannot change its own client record; another admin must.',
  },
  not_found: { status: 404, title: 'Not found', detail: 'No such resource.' },
  method_not_allowed: {
    status: 405,
    title: 'Method not allowed',
    detail: 'The resource does not support this method.',
  },
  idempotency_conflict: {
    status: 409,
    title: 'Idempotency conflict',
    detail: 'This requestId was used with a different body.',
  },
  version_conflict: {
    status: 409,
    title: 'Version conflict',
    detail: 'The resource changed; read it again and retry.',
  },
  review_state_conflict: {
    status: 409,
    title: 'Review state conflict',
    detail: 'The review or notification is already closed.',
  },
  payload_too_large: {
    status: 413,
    title: 'Payload too large',
    detail: 'The body exceeds the limit of this endpoint.',
  },
  unsupported_media_type: {
    status: 415,
    title: 'Unsupported media type',
    detail: 'Send Content-Type: application/json.',
  },
  validation_failed: {
    status: 422,
    title: 'Validation failed',
    detail: 'The request does not match the schema; see errors.',
  },
  rate_limited: { status: 429, title: 'Too many requests', detail: 'Slow down and retry later.', retryAfterS: 1 },
  audit_unavailable: {
    status: 503,
    title: 'Audit unavailable',
    detail: 'Nothing was released; retry later.',
    retryAfterS: 2,
  },
  dependency_unavailable: {
    status: 503,
    title: 'Service unavailable',
    detail: 'Nothing was released; retry later.',
    retryAfterS: 2,
  },
} satisfies Record<ProblemCode, ProblemRow>);

const INTERNAL: ProblemRow = Object.freeze({ status: 500, title: 'Internal error', detail: '' });

export interface ProblemDocument {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly code: AnsweredCode;
  readonly requestId: string;
  readonly errors?: readonly FieldError[];
}

/** What an answer's `code` can be: a catalogue code, or `internal_error` for a defect. */
export type AnsweredCode = ProblemCode | 'internal_error';

/** The code an error answers with: its own when it is a ProblemError, else internal. */
export function problemCode(error: unknown): AnsweredCode {
  return error instanceof ProblemError ? error.code : 'internal_error';
}

/** The RFC 9457 document for an error; also used for the per-item problems of the batch endpoint. */
export function problemDocument(error: unknown, requestId: string): ProblemDocument {
  const code = problemCode(error);
  if (code === 'internal_error')
    // A 500 is a defect: its body says nothing about why.
    return { type: problemType(code), title: INTERNAL.title, status: INTERNAL.status, code, requestId };
  return {
    ...problemDocumentOf(code, requestId),
    // Field errors are built from the schema or fixed strings, never from input values.
    ...(code === 'validation_failed' ? { errors: error instanceof ValidationFailedError ? error.errors : [] } : {}),
  };
}

/**
 * The document of a problem by its code alone: what API Gateway answers where no function runs
 * (an unknown path, throttling, a body over its limit), in AWS (infra/constructs/gatekeeper-api.ts)
 * and locally (infra/local/http-server.ts), from the same row a function would answer with.
 */
export function problemDocumentOf(code: ProblemCode, requestId: string): ProblemDocument {
  const row = PROBLEMS[code];
  return { type: problemType(code), title: row.title, status: row.status, detail: row.detail, code, requestId };
}

function problemType(code: AnsweredCode): string {
  return `urn:gatekeeper:problem:${code}`;
}

/** The full `application/problem+json` response for an error. */
export function problemResponse(error: unknown, requestId: string): APIGatewayProxyResult {
  const document = problemDocument(error, requestId);
  const row = document.code === 'internal_error' ? INTERNAL : PROBLEMS[document.code];
  const headers: Record<string, string> = { 'Content-Type': 'application/problem+json' };
  if (document.status === 401) headers['WWW-Authenticate'] = 'Signature realm="gatekeeper"';
  if (row.retryAfterS !== undefined) headers['Retry-After'] = String(row.retryAfterS);
  if (error instanceof MethodNotAllowedError && document.code === 'method_not_allowed')
    headers['Allow'] = error.allow.join(', ');
  return { statusCode: document.status, headers, body: JSON.stringify(document) };
}
