/**
 * The surface over HTTP is the operation table's, no more and no less: the local server (built
 * from ROUTES) hands every operation to its function, whose stack resolves it by the same table
 * (an operation without implementation would answer 404 from the function), asks a signature of
 * every operation but the three public ones, and applies the table's scope.
 */
import { describe, expect, it } from 'vitest';
import { ROUTES, type Route } from '../../infra/routes.ts';
import type { GatekeeperClient } from '../../shared/client/index.ts';
import { demo, stack } from '../support/stack.ts';

const concrete = (route: Route) => route.path.replace(/\{[A-Za-z0-9]+\}/g, 'ops-1');
const codeOf = async (response: Response) => ((await response.json()) as { code?: string }).code;

/** A demo client that lacks `scope` (each demo client holds the scopes of one role). */
function outsider(scope: string): GatekeeperClient {
  return scope === 'admin' ? demo.auditor() : demo.admin();
}

describe('the operation table over HTTP', () => {
  it.each(ROUTES.filter((route) => route.scope === 'public'))(
    'serves $operationId ($method $path) without a signature',
    async (route) => {
      // Act
      const response = await fetch(`${stack().url}${concrete(route)}`, { method: route.method });

      // Assess
      expect(response.status).toBe(200);
    },
  );

  it.each(ROUTES.filter((route) => route.scope !== 'public'))(
    'resolves $operationId ($method $path) in its function and asks for a signature',
    async (route) => {
      // Act
      const response = await fetch(`${stack().url}${concrete(route)}`, {
        method: route.method,
        ...(route.method === 'GET' ? {} : { body: '{}', headers: { 'Content-Type': 'application/json' } }),
      });

      // Assess
      expect([response.status, await codeOf(response), response.headers.get('www-authenticate')]).toEqual([
        401,
        'signature_missing',
        'Signature realm="gatekeeper"',
      ]);
    },
  );

  it.each(ROUTES.filter((route) => route.scope !== 'public' && route.method === 'GET'))(
    'refuses $operationId ($method $path) to a signed client without scope $scope',
    async (route) => {
      // Act
      const response = await outsider(route.scope).request(route.method, concrete(route));

      // Assess
      expect([response.status, (response.body as { code?: string }).code]).toEqual([403, 'forbidden_scope']);
    },
  );

  it('treats PHIN resolve as the disclosure:check operation the table says, not as a public one', async () => {
    // Prepare
    const body = { episodeKeys: [`v1.${'A'.repeat(43)}`], episodeIds: ['EP-ops-1'] };

    // Act
    const response = await demo.auditor().request('POST', '/v1/phin/resolve', body);

    // Assess
    expect([response.status, (response.body as { code?: string }).code]).toEqual([403, 'forbidden_scope']);
  });
});
