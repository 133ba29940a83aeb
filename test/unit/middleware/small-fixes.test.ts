import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { jsonBody } from '../../../functions/lib/middleware/json-body.ts';
import { securityHeaders } from '../../../functions/lib/middleware/security-headers.ts';
import { ValidationFailedError } from '../../../shared/errors.ts';
import type { ApiRequest } from '../../../functions/lib/types.ts';
import { auditSearchSchema } from '../../../shared/schemas/audit.ts';
import { toEvent } from './harness.ts';

function requestWith(body: string): ApiRequest {
  const event = toEvent({ method: 'POST', path: '/v1/disclosures', headers: {}, body });
  return { event, context: {} as Context, response: undefined, error: undefined, internal: {} };
}

async function validationErrorOf(body: string, schema: z.ZodType = z.looseObject({})): Promise<ValidationFailedError> {
  try {
    await jsonBody(schema).before!(requestWith(body));
  } catch (error) {
    if (error instanceof ValidationFailedError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('number literals that do not fit a double (api.md §1.1)', () => {
  it.each([
    ['{"count":1e400}', 'count'],
    ['{"count":-1e400}', 'count'],
    ['{"payload":{"clinical":{"items":[1,{"dose":1E+999}]}}}', 'payload.clinical.items.1.dose'],
    ['{"payload":{"odd key":[2e308]}}', 'payload.*.0'],
  ])('refuses %s as 422 naming %s, never the value', async (body, path) => {
    // Act
    const error = await validationErrorOf(body);

    // Assess
    expect(error.errors).toEqual([{ path, code: 'invalid_type', message: 'must be a finite number' }]);
    expect(JSON.stringify(error.errors)).not.toMatch(/e\+?[34]|Infinity/i);
  });

  it('accepts the largest and smallest doubles', async () => {
    // Prepare
    const request = requestWith('{"big":1.7976931348623157e308,"tiny":5e-324,"under":1e-400}');

    // Act
    await jsonBody(z.looseObject({})).before!(request);

    // Assess
    expect(request.internal.body).toEqual({ big: Number.MAX_VALUE, tiny: 5e-324, under: 0 });
  });
});

describe('securityHeaders', () => {
  it('keeps a Cache-Control the route chose and adds the others', async () => {
    // Prepare
    const request = requestWith('');
    request.response = { statusCode: 200, headers: { 'cache-control': 'public, max-age=300' }, body: '{}' };

    // Act
    await securityHeaders().after!(request);

    // Assess
    const headers = request.response.headers!;
    expect(Object.entries(headers).filter(([name]) => name.toLowerCase() === 'cache-control')).toEqual([
      ['Cache-Control', 'public, max-age=300'],
    ]);
    expect(headers).toMatchObject({ 'X-Content-Type-Options': 'nosniff', 'Content-Type': 'application/json' });
  });

  it('answers no-store when the route chose nothing', async () => {
    // Prepare
    const request = requestWith('');
    request.response = { statusCode: 200, body: '{}' };

    // Act
    await securityHeaders().after!(request);

    // Assess
    expect(request.response.headers).toMatchObject({ 'Cache-Control': 'no-store' });
  });
});

describe('audit search range (api.md §4.3)', () => {
  it('refuses from after to, and compares instants, not text, across zones', () => {
    // Act
    const inverted = auditSearchSchema.safeParse({ from: '2026-11-02T00:00:00Z', to: '2026-11-01T00:00:00Z' });
    const zoned = auditSearchSchema.safeParse({ from: '2026-11-01T00:30:00+01:00', to: '2026-11-01T00:00:00Z' });
    const equal = auditSearchSchema.safeParse({ from: '2026-11-01T00:00:00Z', to: '2026-11-01T00:00:00Z' });

    // Assess
    expect(inverted.success ? [] : inverted.error.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual(
      [['from', 'must not be after to']],
    );
    expect(zoned.success).toBe(true);
    expect(equal.success).toBe(true);
  });
});

describe('absurdly deep bodies (api.md §1.1: nesting deeper than 8 is 422)', () => {
  it('refuses a body nested 40 levels as 422 before any schema walks it, naming no key', async () => {
    // Prepare
    const body = `${'{"k":'.repeat(40)}1${'}'.repeat(40)}`;

    // Act
    const error = await validationErrorOf(body);

    // Assess
    expect(error.errors).toEqual([{ path: '', code: 'too_big', message: 'must not nest deeper than 8 levels' }]);
  });
});
