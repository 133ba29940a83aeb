/** Builds the composed stack over every operation of the table (shared/api) with in-memory dependencies. */
import { z } from 'zod';
import type { Context } from 'aws-lambda';
import { vi } from 'vitest';
import { API_ROUTES } from '../../../shared/api/index.ts';
import { apiHandler, json, publicRoute, route, type RouteDefinition } from '../../../functions/lib/index.ts';
import type { ApiEvent } from '../../../functions/lib/types.ts';
import { generateClientKey, type ClientPublicJwk } from '../../../shared/client/index.ts';
import { KnownClients } from '../../../shared/auth/known-clients.ts';
import { FixedClock, MemoryClientRegistry, MemoryReplayStore } from '../../support/memory-registry.ts';
import type { HostileClient, HostileContext, HostileRequest } from '../../support/hostile-requests.ts';

export const AUDIENCE = 'gatekeeper-local';
export const NOW_MS = Date.UTC(2026, 10, 22, 9, 0, 0);

/**
 * Every route answers 200 with what it saw, so a passing request is visible as such. Methods,
 * paths and scopes are the table's own: the matrix cannot drift from what the handlers serve.
 */
export function testRoutes(): RouteDefinition[] {
  return API_ROUTES.map(({ operationId, method, path, scope: access, alsoScope }) => {
    if (access === 'public') return publicRoute({ method, resource: path, handle: () => json(200, { ok: true }) });
    const body = method === 'GET' ? undefined : z.looseObject({});
    const definition = route({
      method,
      resource: path,
      scope: access,
      body,
      handle: (call) => json(200, { ok: true, caller: call.caller.clientId, body: call.body }),
    });
    return { ...definition, operationId, ...(alsoScope ? { alsoAccess: alsoScope } : {}) };
  });
}

async function client(
  clientId: string,
  alg: 'ES256' | 'EdDSA' | 'PS256' = 'ES256',
): Promise<HostileClient & { publicJwk: ClientPublicJwk }> {
  const { privateJwk, publicJwk } = await generateClientKey(alg, `${clientId}-k1`);
  return { clientId, org: 'demo', privateJwk, publicJwk };
}

/**
 * `serial`: the stack as it verifies a first request, each step after the one before. `overlapped`:
 * as a warm function runs (issue 15): the registry records last read are kept (KnownClients) and
 * every operation's handler starts while its request is admitted (the test routes write nothing).
 */
export type RequestPath = 'serial' | 'overlapped';

export async function makeHarness(path: RequestPath = 'serial') {
  const clock = new FixedClock(NOW_MS);
  const [clinical, auditor, admin, reviewer, suspended, revoked, stray] = await Promise.all([
    client('demo-clinical'),
    client('demo-auditor', 'EdDSA'),
    client('demo-admin', 'PS256'),
    client('demo-cg'),
    client('hostile-suspended'),
    client('hostile-revoked'),
    generateClientKey('PS256', 'stray'),
  ]);
  const registry = new MemoryClientRegistry()
    .register({
      ...clinical,
      scopes: ['disclosure:check', 'records:write', 'records:read'],
      keys: [clinical.publicJwk],
    })
    .register({ ...auditor, scopes: ['audit:read'], keys: [auditor.publicJwk] })
    .register({ ...admin, scopes: ['admin'], keys: [admin.publicJwk] })
    .register({ ...reviewer, scopes: ['review:decide'], keys: [reviewer.publicJwk] })
    .register({ ...suspended, scopes: ['disclosure:check'], keys: [suspended.publicJwk], status: 'SUSPENDED' })
    .register({ ...revoked, scopes: ['disclosure:check'], keys: [revoked.publicJwk] })
    .revokeKey(revoked.clientId, revoked.privateJwk.kid);
  const replay = new MemoryReplayStore(clock);
  const logger = { warn: vi.fn(), error: vi.fn() };
  const singleMetric = { addDimension: vi.fn(), addMetric: vi.fn() };
  const metrics = { singleMetric: vi.fn(() => singleMetric) };
  const handler = apiHandler({
    routes: testRoutes(),
    deps: {
      registry,
      replay,
      clock,
      audience: AUDIENCE,
      logger,
      metrics,
      ...(path === 'overlapped' ? { knownClients: new KnownClients() } : {}),
    },
    ...(path === 'overlapped' ? { overlapping: API_ROUTES.map((row) => row.operationId) } : {}),
  });
  const ctx: HostileContext = {
    audience: AUDIENCE,
    clinical,
    auditor,
    admin,
    suspended,
    revoked,
    strayRsaJwk: stray.privateJwk,
    now: () => clock.now(),
  };
  const send = (request: HostileRequest) => handler(toEvent(request), {} as Context);
  return { clock, registry, replay, logger, metrics, singleMetric, handler, ctx, reviewer, send };
}

const lambdaContext = {} as Context;
export { lambdaContext };

/** An API Gateway REST proxy event for a request, as the gateway would deliver it. */
export function toEvent(request: HostileRequest, options: { base64?: boolean } = {}): ApiEvent {
  const [path = '', query] = request.path.split('?', 2);
  const resource = API_ROUTES.find((candidate) =>
    new RegExp(`^${candidate.path.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path),
  )?.path;
  const queryStringParameters = query ? Object.fromEntries(new URLSearchParams(query)) : null;
  return {
    httpMethod: request.method,
    path,
    resource: resource ?? path,
    headers: { ...request.headers },
    multiValueHeaders: Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, [value]])),
    queryStringParameters,
    multiValueQueryStringParameters:
      queryStringParameters && Object.fromEntries(Object.entries(queryStringParameters).map(([k, v]) => [k, [v]])),
    pathParameters: null,
    stageVariables: null,
    body: options.base64 ? Buffer.from(request.body).toString('base64') : request.body === '' ? null : request.body,
    isBase64Encoded: options.base64 ?? false,
    requestContext: { requestId: 'req-test-1' } as ApiEvent['requestContext'],
  };
}

/** A handler's answer as `[status, problem code]` (`'ok'` for a 200), so one expectation reads a sequence of answers. */
export const codeOf = (response: { statusCode: number; body: string }): [number, string] => [
  response.statusCode,
  response.statusCode === 200 ? 'ok' : (JSON.parse(response.body) as { code: string }).code,
];
