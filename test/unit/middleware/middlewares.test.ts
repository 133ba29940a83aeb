import type { Context } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { jsonBody } from '../../../functions/lib/middleware/json-body.ts';
import { assertNoRepeatedKeys } from '../../../functions/lib/json.ts';
import { requireScope } from '../../../functions/lib/middleware/require-scope.ts';
import { securityHeaders } from '../../../functions/lib/middleware/security-headers.ts';
import { problemResponses } from '../../../functions/lib/middleware/problem-responses.ts';
import { matchRoute, publicRoute, route } from '../../../functions/lib/router.ts';
import { json } from '../../../functions/lib/http.ts';
import type { ApiRequest } from '../../../functions/lib/types.ts';
import { signedRequest as signed } from '../../support/hostile-requests.ts';
import { makeHarness, toEvent } from './harness.ts';

function requestWith(body: string | null, internal: ApiRequest['internal'] = {}): ApiRequest {
  const event = toEvent({ method: 'POST', path: '/v1/disclosures', headers: {}, body: body ?? '' });
  return { event, context: {} as Context, response: undefined, error: undefined, internal };
}

/** Runs one middleware hook as the stack would: a sync throw becomes a rejection. */
async function run(hook: ((request: ApiRequest) => unknown) | undefined, request: ApiRequest): Promise<void> {
  await hook?.(request);
}

const caller = { clientId: 'c', org: 'o', kid: 'k', jti: 'j'.repeat(16), scopes: ['records:read' as const] };

describe('jsonBody', () => {
  const schema = z.object({ purpose: z.enum(['PAYMENT', 'DIRECT_CARE']), count: z.number().max(3) }).strict();

  it('puts the validated body on request.internal', async () => {
    // Prepare
    const request = requestWith('{"purpose":"PAYMENT","count":1}');

    // Act
    await run(jsonBody(schema).before, request);

    // Assess
    expect(request.internal.body).toEqual({ purpose: 'PAYMENT', count: 1 });
  });

  it.each([
    ['{"purpose":', 'malformed_json'],
    ['', 'malformed_json'],
    ['\uFEFF{}', 'malformed_json'],
    ['{"a":{"b":[{"__proto__":1}]}}', 'malformed_request'],
    ['{"prototype":1}', 'malformed_request'],
    [`${'['.repeat(40)}${']'.repeat(40)}`, 'validation_failed'],
    ['{"purpose":"PAYMENT","count":1,"purpose":"DIRECT_CARE"}', 'malformed_request'],
    ['{"a":[{"k":1,"x":"\\"","k":2}]}', 'malformed_request'],
    ['{"a":{"b":1,"\\u0062":2}}', 'malformed_request'],
  ])('refuses %j with %s', async (body, code) => {
    // Act / Assess
    await expect(run(jsonBody(schema).before, requestWith(body))).rejects.toMatchObject({ code });
  });

  it('accepts the same key in different objects and key-like text inside strings', () => {
    // Act / Assess
    expect(() =>
      assertNoRepeatedKeys('{"a":{"k":1},"b":{"k":1},"c":[{"k":1},{"k":2}],"d":"\\"a\\":1,\\"a\\":2"}'),
    ).not.toThrow();
  });

  it('refuses invalid UTF-8 bytes as malformed_json', async () => {
    // Prepare
    const request = requestWith(null);
    request.internal.rawBody = Uint8Array.from([0x7b, 0xff, 0x7d]);

    // Act
    const refused = run(jsonBody(schema).before, request);

    // Assess
    await expect(refused).rejects.toMatchObject({ code: 'malformed_json' });
  });

  it('reports schema violations without echoing the values sent', async () => {
    // Prepare
    const request = requestWith('{"purpose":"MRN-000123","count":9999,"9990000018":true}');
    // Act
    const error = await run(jsonBody(schema).before, request).catch((e: unknown) => e);
    // Assess
    expect(error).toMatchObject({ code: 'validation_failed' });
    const text = JSON.stringify((error as { errors: unknown }).errors);
    expect(text).not.toMatch(/MRN-000123|9999|9990000018/);
    expect((error as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual([
      '',
      'count',
      'purpose',
    ]);
  });
});

describe('requireScope', () => {
  it('passes a caller with the scope and refuses one without', async () => {
    // Act / Assess
    await expect(run(requireScope('records:read').before, requestWith(null, { caller }))).resolves.toBeUndefined();
    await expect(run(requireScope('admin').before, requestWith(null, { caller }))).rejects.toMatchObject({
      code: 'forbidden_scope',
    });
  });

  it('fails closed (untyped) when no caller was verified', async () => {
    // Act / Assess
    await expect(run(requireScope('admin').before, requestWith(null))).rejects.toThrow(/after signedRequest/);
  });
});

describe('securityHeaders and problemResponses', () => {
  it('adds no-store and nosniff to successes and keeps a problem media type', async () => {
    // Prepare
    const ok = requestWith(null);
    ok.response = { statusCode: 200, body: '{}' };
    const failed = requestWith(null);
    failed.error = new Error('boom');

    // Act
    await run(securityHeaders().after, ok);
    await run(problemResponses({ logger: { warn: vi.fn(), error: vi.fn() } }).onError, failed);
    await run(securityHeaders().onError, failed);

    // Assess
    expect(ok.response.headers).toMatchObject({
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Content-Type': 'application/json',
    });
    expect(failed.response?.headers).toMatchObject({
      'Content-Type': 'application/problem+json',
      'Cache-Control': 'no-store',
    });
  });

  it('logs a 500 with code, request id and class name only', async () => {
    // Prepare
    const logger = { warn: vi.fn(), error: vi.fn() };
    const failed = requestWith('{"patientId":"MRN-000123"}');
    failed.error = new TypeError('cannot read MRN-000123');

    // Act
    await run(problemResponses({ logger }).onError, failed);

    // Assess
    expect(logger.error).toHaveBeenCalledWith('Request failed', {
      code: 'internal_error',
      status: 500,
      requestId: 'req-test-1',
      errorName: 'TypeError',
    });
  });
});

describe('matchRoute', () => {
  const routes = [
    publicRoute({ method: 'GET', resource: '/v1/health', handle: () => json(200, {}) }),
    route({ method: 'PUT', resource: '/v1/clients/{clientId}', scope: 'admin', handle: () => json(200, {}) }),
  ];

  it('matches by resource, or by path template when the resource is absent', () => {
    // Prepare
    const event = toEvent({ method: 'PUT', path: '/v1/clients/abc', headers: {}, body: '' });

    // Act
    const byResource = matchRoute(routes, event);
    const byTemplate = matchRoute(routes, { ...event, resource: '' });

    // Assess
    expect(byResource.params).toEqual({ clientId: 'abc' });
    expect(byTemplate.params).toEqual({ clientId: 'abc' });
  });

  it('answers 405 for a known resource and 404 otherwise', () => {
    // Act / Assess
    expect(() => matchRoute(routes, toEvent({ method: 'POST', path: '/v1/health', headers: {}, body: '' }))).toThrow(
      expect.objectContaining({ code: 'method_not_allowed', allow: ['GET'] }),
    );
    expect(() =>
      matchRoute(routes, { ...toEvent({ method: 'GET', path: '/v1/nope', headers: {}, body: '' }), resource: '' }),
    ).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});

describe('signedRequest in the composed stack', () => {
  it('logs a rejection as a security event without the unverified client id, and counts it', async () => {
    // Prepare
    const h = await makeHarness();
    // Act
    await h.send(signed(h.ctx, { sign: () => ({ audience: 'elsewhere' }) }));
    // Assess
    expect(h.logger.warn).toHaveBeenCalledWith('Signed request rejected', {
      securityEvent: 'signature_rejected',
      code: 'audience_mismatch',
      requestId: 'req-test-1',
    });
    expect(h.singleMetric.addDimension).toHaveBeenCalledWith('code', 'audience_mismatch');
    expect(h.singleMetric.addMetric).toHaveBeenCalledWith('SignatureRejected', 'Count', 1);
  });

  it('names the client once its signature verified', async () => {
    // Prepare
    const h = await makeHarness();

    // Act
    await h.send(signed(h.ctx, { signedBody: '{}' }));

    // Assess
    expect(h.logger.warn).toHaveBeenCalledWith(
      'Signed request rejected',
      expect.objectContaining({ code: 'body_digest_mismatch', clientId: 'demo-clinical' }),
    );
  });

  it('binds htu to the path as sent, stage prefix included (API Gateway execute-api URL)', async () => {
    // Prepare
    const h = await makeHarness();
    const sentWithStage = (signedPath: string) => {
      const event = toEvent(signed(h.ctx, { signedPath }));
      return h.handler(
        { ...event, requestContext: { ...event.requestContext, path: `/live${event.path}` } },
        {} as Context,
      );
    };

    // Act
    const matching = await sentWithStage('/live/v1/disclosures');
    const stageless = await sentWithStage('/v1/disclosures');

    // Assess
    expect(JSON.parse(matching.body) as { code?: string }).not.toMatchObject({ code: 'binding_mismatch' });
    expect([stageless.statusCode, (JSON.parse(stageless.body) as { code: string }).code]).toEqual([
      401,
      'binding_mismatch',
    ]);
  });

  it('verifies a base64-encoded body over its decoded bytes', async () => {
    // Prepare
    const h = await makeHarness();

    // Act
    const response = await h.handler(toEvent(signed(h.ctx), { base64: true }), {} as Context);

    // Assess
    expect(response.statusCode).toBe(200);
  });

  it('refuses two Authorization headers', async () => {
    // Prepare
    const h = await makeHarness();
    const event = toEvent(signed(h.ctx));
    event.multiValueHeaders = { ...event.multiValueHeaders, Authorization: ['Signature a.b.c'] };

    // Act
    const response = await h.handler(event, {} as Context);

    // Assess
    expect(JSON.parse(response.body)).toMatchObject({ code: 'signature_malformed' });
  });

  it('serves public routes without a signature and answers dependency failures with 503', async () => {
    // Prepare
    const h = await makeHarness();

    // Act
    const health = await h.send({ method: 'GET', path: '/v1/health', headers: {}, body: '' });
    h.registry.failWith = new Error('throttled');
    const response = await h.send(signed(h.ctx));

    // Assess
    expect(health.statusCode).toBe(200);
    expect(response.statusCode).toBe(503);
    expect(response.headers?.['Retry-After']).toBeDefined();
  });
});
