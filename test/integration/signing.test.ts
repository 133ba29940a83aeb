import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { generateClientKey, publicJwkOf } from '../../shared/client/index.ts';
import { authorizationHeader, buildSignature, type ClientPrivateJwk } from '../../shared/client/sign.ts';
import { HOSTILE_CASES, signedRequest, type HostileContext, type HostileRequest } from '../support/hostile-requests.ts';
import { demo, demoKey, freshId, stack } from '../support/stack.ts';

/**
 * api.md §1–§3 over the wire: every hostile or broken request a client can produce, sent to the
 * real local stack, answers with its status and stable code, a problem+json body and no echo.
 */
async function send(
  request: HostileRequest,
): Promise<{ status: number; headers: Headers; body: Record<string, unknown>; text: string }> {
  const response = await fetch(`${stack().url}${request.path}`, {
    method: request.method,
    headers: request.headers,
    ...(request.body === '' || request.method === 'GET' ? {} : { body: request.body }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: JSON.parse(text) as Record<string, unknown>,
    text,
  };
}

/** A client registered through the admin API, with the given status, holding its private key. */
async function registerClient(
  status: 'ACTIVE' | 'SUSPENDED',
  scopes: string[],
): Promise<{ clientId: string; privateJwk: ClientPrivateJwk }> {
  const clientId = freshId('hostile');
  const { privateJwk } = await generateClientKey('ES256', `${clientId}-k1`);
  const response = await demo.admin().request('PUT', `/v1/clients/${clientId}`, {
    name: 'Hostile-case client',
    scopes,
    status,
    keys: [publicJwkOf(privateJwk)],
  });
  expect(response.status).toBe(200);
  return { clientId, privateJwk };
}

let ctx: HostileContext;

beforeAll(async () => {
  const suspended = await registerClient('SUSPENDED', ['disclosure:check']);
  const revoked = await registerClient('ACTIVE', ['disclosure:check']);
  const revocation = await demo
    .admin()
    .request('POST', `/v1/clients/${revoked.clientId}/keys/${revoked.privateJwk.kid}/revoke`, {});
  expect(revocation.status).toBe(200);
  const demoClient = (clientId: string) => ({ clientId, org: 'demo', privateJwk: demoKey(clientId) });
  ctx = {
    audience: 'gatekeeper-local',
    clinical: demoClient('demo-clinical'),
    auditor: demoClient('demo-auditor'),
    admin: demoClient('demo-admin'),
    suspended: { ...suspended, org: 'demo' },
    revoked: { ...revoked, org: 'demo' },
    strayRsaJwk: (await generateClientKey('PS256', 'stray-rsa')).privateJwk,
  };
});

describe('hostile and broken requests over HTTP (api.md §1–§3)', () => {
  it('accepts the unaltered control request, so each case fails for its own reason', async () => {
    // Act
    const response = await send(signedRequest(ctx, { client: (c) => c.admin, method: 'GET', path: '/v1/recipients' }));

    // Assess
    expect(response.status).toBe(200);
  });

  it('covers at least 40 distinct cases', () => {
    // Act / Assess
    expect(new Set(HOSTILE_CASES.map((c) => c.name)).size).toBeGreaterThanOrEqual(40);
  });

  it.each(HOSTILE_CASES.map((c) => [c.name, c] as const))('%s', async (_name, hostile) => {
    // Prepare
    const request = hostile.build(ctx);

    // Act
    let response = await send(request);
    for (let i = 1; i < (hostile.sendTimes ?? 1); i += 1) response = await send(request);

    // Assess
    expect({ status: response.status, code: response.body['code'] }).toEqual({
      status: hostile.expectStatus,
      code: hostile.expectCode,
    });
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body['requestId']).toEqual(expect.any(String));
    if (hostile.expectStatus === 401)
      expect(response.headers.get('www-authenticate')).toBe('Signature realm="gatekeeper"');
    expect(response.text).not.toContain('MRN-000123');
  });

  it("never reveals another org's objects: a foreign client id answers 404 like a missing one", async () => {
    // Act
    const missing = await demo.admin().request('POST', `/v1/clients/${freshId('nobody')}/keys/k1/revoke`, {});

    // Assess
    expect(missing.status).toBe(404);
    expect((missing.body as { code: string }).code).toBe('not_found');
  });
});

describe('fuzzing the wire', () => {
  const paths = [
    '/v1/disclosures',
    '/v1/disclosures/batch',
    '/v1/recipients',
    '/v1/patients/MRN-1',
    '/v1/audit/search',
    '/v1/clients/x',
    '/v1/nothing',
  ];
  const methods = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];

  it('answers thousands of random requests with a typed problem, never a 5xx', async () => {
    // Act / Assess
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          method: fc.constantFrom(...methods),
          path: fc.constantFrom(...paths),
          body: fc.oneof(fc.string(), fc.json(), fc.constant('{"__proto__":{"x":1}}'), fc.constant('')),
          contentType: fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-8', ''),
          token: fc.oneof(fc.constant('valid'), fc.string(), fc.constant('')),
        }),
        async ({ method, path, body, contentType, token }) => {
          const signed = authorizationHeader(
            buildSignature({
              privateJwk: ctx.clinical.privateJwk,
              clientId: ctx.clinical.clientId,
              org: 'demo',
              audience: ctx.audience,
              method,
              path,
              body,
              nowMs: Date.now(),
            }),
          );
          const headers: Record<string, string> = {
            ...(contentType ? { 'content-type': contentType } : {}),
            ...(token === '' ? {} : { authorization: token === 'valid' ? signed : `Signature ${token}` }),
          };
          const response = await send({ method, path, headers, body: method === 'GET' ? '' : body }).catch(
            () => undefined,
          );
          if (!response) return true;
          expect(response.status).toBeLessThan(500);
          expect(response.body['code']).toEqual(expect.any(String));
          return true;
        },
      ),
      { numRuns: 1500 },
    );
  }, 240_000);
});
