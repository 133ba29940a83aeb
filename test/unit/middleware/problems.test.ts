import { describe, expect, it } from 'vitest';
import { PROBLEMS, problemResponse } from '../../../functions/lib/problems.ts';
import { MethodNotAllowedError } from '../../../functions/lib/errors.ts';
import { SignatureRejectedError, SIGNATURE_REJECTION_CODES } from '../../../shared/auth/errors.ts';
import {
  DependencyUnavailableError,
  GatekeeperError,
  ProblemError,
  ValidationFailedError,
  type ProblemCode,
} from '../../../shared/errors.ts';
import { EntryTooLargeError } from '../../../shared/audit/errors.ts';

// api.md §2, transcribed: the table must agree with it code for code.
const API_MD: Record<number, string[]> = {
  400: ['malformed_json', 'malformed_request'],
  401: [
    'signature_missing',
    'signature_malformed',
    'algorithm_not_allowed',
    'header_not_allowed',
    'unknown_client',
    'unknown_key',
    'key_revoked',
    'signature_invalid',
    'audience_mismatch',
    'signature_expired',
    'signature_not_yet_valid',
    'signature_lifetime_too_long',
    'binding_mismatch',
    'body_digest_mismatch',
    'replayed_request',
  ],
  403: ['client_suspended', 'org_mismatch', 'forbidden_scope', 'separation_of_duties'],
  404: ['not_found'],
  405: ['method_not_allowed'],
  409: ['idempotency_conflict', 'version_conflict', 'review_state_conflict'],
  413: ['payload_too_large'],
  415: ['unsupported_media_type'],
  422: ['validation_failed'],
  429: ['rate_limited'],
  503: ['audit_unavailable', 'dependency_unavailable'],
};

class CodedError extends ProblemError {
  readonly code: ProblemCode;
  constructor(code: ProblemCode) {
    super('MRN-000123 must never appear');
    this.code = code;
  }
}

/** An internal error: its code is its own business, whatever it looks like. */
class InternalError extends GatekeeperError {
  readonly code: string;
  constructor(code: string) {
    super('MRN-000123 must never appear');
    this.code = code;
  }
}

export class UncataloguedError extends ProblemError {
  // @ts-expect-error a public error cannot carry a code the catalogue lacks (`tsc` checks this line)
  readonly code = 'no_such_row' as const;
}

describe('problems', () => {
  it.each(
    Object.entries(API_MD).flatMap(([status, codes]) =>
      codes.map((code) => [code as ProblemCode, Number(status)] as const),
    ),
  )('%s maps to %i', (code, status) => {
    // Act
    const response = problemResponse(new CodedError(code), 'req-1');
    // Assess
    expect(response.statusCode).toBe(status);
    const body = JSON.parse(response.body) as Record<string, unknown>;
    expect(body).toMatchObject({ type: `urn:gatekeeper:problem:${code}`, status, code, requestId: 'req-1' });
    expect(response.body).not.toContain('MRN-000123');
  });

  it('has a row for exactly the codes of api.md §2', () => {
    // Act
    const rows = Object.keys(PROBLEMS).sort();
    // Assess
    expect(rows).toEqual(Object.values(API_MD).flat().sort());
  });

  it('covers every signature rejection code', () => {
    // Act / Assess
    expect(SIGNATURE_REJECTION_CODES.filter((code) => !Object.hasOwn(PROBLEMS, code))).toEqual([]);
  });

  it('adds WWW-Authenticate to 401, Retry-After to 503 and Allow to 405', () => {
    // Act / Assess
    expect(problemResponse(new SignatureRejectedError('signature_invalid'), 'r').headers).toMatchObject({
      'WWW-Authenticate': 'Signature realm="gatekeeper"',
    });
    expect(problemResponse(new DependencyUnavailableError('x'), 'r').headers?.['Retry-After']).toMatch(/^\d+$/);
    expect(problemResponse(new MethodNotAllowedError(['GET', 'PUT']), 'r').headers?.['Allow']).toBe('GET, PUT');
  });

  it('answers unknown errors and unmapped codes as 500 internal_error without detail', () => {
    for (const error of [
      new Error('secret NHS 9990000018'),
      new InternalError('no_such_row'),
      new InternalError('not_found'),
      'thrown string',
      undefined,
    ]) {
      // Act
      const response = problemResponse(error, 'r');
      // Assess
      expect(response.statusCode).toBe(500);
      expect(JSON.parse(response.body)).toEqual({
        type: 'urn:gatekeeper:problem:internal_error',
        title: 'Internal error',
        status: 500,
        code: 'internal_error',
        requestId: 'r',
      });
    }
  });

  it('lists the field errors of a validation failure raised anywhere, schema or domain rule', () => {
    // Prepare
    const tooLarge = new EntryTooLargeError(16_384);
    // Act
    const body = JSON.parse(problemResponse(tooLarge, 'r').body) as {
      status: number;
      code: string;
      errors: Array<{ path: string; code: string }>;
    };
    // Assess
    expect(body).toMatchObject({ status: 422, code: 'validation_failed', errors: [{ path: '$', code: 'too_big' }] });
  });

  it('lists validation errors', () => {
    // Prepare
    const error = new ValidationFailedError([
      { path: 'purpose', code: 'invalid_value', message: 'must be one of: "PAYMENT"' },
    ]);
    // Act
    const body = JSON.parse(problemResponse(error, 'r').body) as { status: number; errors: unknown[] };
    // Assess
    expect(body.status).toBe(422);
    expect(body.errors).toEqual([{ path: 'purpose', code: 'invalid_value', message: 'must be one of: "PAYMENT"' }]);
  });
});
