/** api.md §1.1 bounds, §4.3 search range and §4.5 JWKS caching, over HTTP against the local stack. */
import { describe, expect, it } from 'vitest';
import { sendRawJson } from '../support/raw-request.ts';
import { requestFor } from '../support/scenarios.ts';
import { demo, freshPatientId, stack } from '../support/stack.ts';

describe('number literals that do not fit a double', () => {
  it('answers 422 validation_failed naming the path, for a top-level field and inside the payload', async () => {
    // Prepare
    const request = JSON.stringify(requestFor(freshPatientId()));
    const topLevel = request.replace(/^\{/, '{"limit":1e400,');
    const nested = request.replace('"payload":{', '"payload":{"observations":{"weights":[70,-1e400]},');

    // Act
    const answers = await Promise.all([
      sendRawJson('demo-clinical', 'POST', '/v1/disclosures', topLevel),
      sendRawJson('demo-clinical', 'POST', '/v1/disclosures', nested),
      sendRawJson('demo-auditor', 'POST', '/v1/audit/search', '{"limit":1e400}'),
    ]);

    // Assess
    expect(answers.map(({ status, body }) => [status, body.code, body.errors?.map((error) => error.path)])).toEqual([
      [422, 'validation_failed', ['limit']],
      [422, 'validation_failed', ['payload.observations.weights.1']],
      [422, 'validation_failed', ['limit']],
    ]);
  });
});

describe('POST /v1/audit/search', () => {
  it('answers from after to with 422 naming from, and an ordered range with 200', async () => {
    // Prepare
    const auditor = demo.auditor();

    // Act
    const inverted = await auditor.request('POST', '/v1/audit/search', {
      from: '2026-11-02T00:00:00Z',
      to: '2026-11-01T00:00:00Z',
    });
    const ordered = await auditor.request('POST', '/v1/audit/search', {
      from: '2026-11-01T00:00:00Z',
      to: '2026-11-02T00:00:00Z',
    });

    // Assess
    expect([inverted.status, (inverted.body as { code: string }).code]).toEqual([422, 'validation_failed']);
    expect((inverted.body as { errors: Array<{ path: string }> }).errors.map((error) => error.path)).toEqual(['from']);
    expect(ordered.status).toBe(200);
  });
});

describe('paths and headers', () => {
  it('answers a path that is not valid percent-encoding with 400 malformed_request as problem+json', async () => {
    // Act
    const response = await demo.admin().request('POST', '/v1/clients/%E0%A4%A/keys/k1/revoke', {});

    // Assess
    expect([response.status, response.headers['content-type'], (response.body as { code: string }).code]).toEqual([
      400,
      'application/problem+json',
      'malformed_request',
    ]);
  });

  it('serves the JWKS with Cache-Control public, max-age=300 and everything else no-store', async () => {
    // Act
    const jwks = await fetch(`${stack().url}/.well-known/jwks.json`);
    const health = await fetch(`${stack().url}/v1/health`);

    // Assess
    expect([jwks.status, jwks.headers.get('cache-control'), jwks.headers.get('x-content-type-options')]).toEqual([
      200,
      'public, max-age=300',
      'nosniff',
    ]);
    expect(health.headers.get('cache-control')).toBe('no-store');
  });
});

describe('a body nested far beyond the bound', () => {
  it('answers 422 validation_failed, not 400 or 500', async () => {
    // Prepare
    const request = JSON.stringify(requestFor(freshPatientId()));
    const deep = request.replace('"payload":{', `"payload":{"deepGroup":${'{"x":'.repeat(40)}1${'}'.repeat(40)},`);

    // Act
    const answer = await sendRawJson('demo-clinical', 'POST', '/v1/disclosures', deep);

    // Assess
    expect([answer.status, answer.body.code]).toEqual([422, 'validation_failed']);
  });
});
