/**
 * The scope matrix, read from the operation table: every signed operation answers a client holding
 * its scope and refuses, 403 forbidden_scope, every demo client that lacks it. The harness builds
 * its routes from the same table, so the matrix cannot drift from what the handlers serve.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES, type ApiRoute } from '../../../shared/api/index.ts';
import { signedRequest } from '../../support/hostile-requests.ts';
import { makeHarness } from './harness.ts';

type Harness = Awaited<ReturnType<typeof makeHarness>>;
type DemoClient = 'clinical' | 'auditor' | 'admin' | 'reviewer';

/** The scopes each demo client of the harness holds. */
const HOLDS: Readonly<Record<DemoClient, readonly string[]>> = {
  clinical: ['disclosure:check', 'records:write', 'records:read'],
  auditor: ['audit:read'],
  admin: ['admin'],
  reviewer: ['review:decide'],
};
const CLIENTS = Object.keys(HOLDS) as DemoClient[];
const grants = (route: ApiRoute, client: DemoClient) =>
  HOLDS[client].includes(route.scope) || (route.alsoScope !== undefined && HOLDS[client].includes(route.alsoScope));
const concrete = (route: ApiRoute) => route.path.replace(/\{[A-Za-z0-9]+\}/g, 'scope-1');
const signed = API_ROUTES.filter((route) => route.scope !== 'public');

describe('scope matrix over every signed operation of the table', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await makeHarness();
  });

  it.each(signed.flatMap((route) => CLIENTS.map((client) => [route.operationId, client, route] as const)))(
    '%s signed by %s',
    async (_operationId, client, route) => {
      // Prepare
      const request = signedRequest(harness.ctx, {
        client: (ctx) => (client === 'reviewer' ? harness.reviewer : ctx[client]),
        method: route.method,
        path: concrete(route),
        body: route.method === 'GET' ? '' : '{}',
      });

      // Act
      const response = await harness.send(request);

      // Assess
      const holds = grants(route, client);
      const code = holds ? undefined : (JSON.parse(response.body) as { code?: string }).code;
      expect([response.statusCode, code]).toEqual(holds ? [200, undefined] : [403, 'forbidden_scope']);
    },
  );

  it('covers every signed operation and each is held by exactly one demo client', () => {
    // Act
    const holders = signed.map((route) => CLIENTS.filter((client) => grants(route, client)).length);

    // Assess
    expect(signed.length).toBeGreaterThan(15);
    // Two only where the table names a second scope (the review queue: review:decide or audit:read).
    expect(holders).toEqual(signed.map((route) => (route.alsoScope ? 2 : 1)));
  });
});
