/**
 * The operation table is the one description of the API surface: every operation is well formed,
 * each (method, path) is one operation, and a function's routes are its implementations by id,
 * refused (by tsc, and at cold start) when an operation or an implementation is unmatched.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { implement, json, type Implementations } from '../../../functions/lib/index.ts';
import { FUNCTION_ENTRIES, ROUTES } from '../../../infra/routes.ts';
import { API_ROUTES, OPERATION_IDS, operation, operationIdsOf, type ApiFunctionId } from '../../../shared/api/index.ts';

const API_FUNCTIONS: readonly ApiFunctionId[] = ['public', 'admin', 'records', 'disclosures', 'auditRead'];
const answer = () => json(200, {});

/** An implementation for every operation of `fn`, each answering 200. */
function everyOperationOf(fn: ApiFunctionId): Record<string, typeof answer> {
  return Object.fromEntries(operationIdsOf(fn).map((id) => [id, answer]));
}

describe('operation table', () => {
  it('names each (method, path) once, with path parameters in the id alphabet of API Gateway', () => {
    // Act
    const keys = OPERATION_IDS.map((id) => `${operation(id).method} ${operation(id).path}`);

    // Assess
    expect(new Set(keys).size).toBe(OPERATION_IDS.length);
    for (const id of OPERATION_IDS)
      expect(operation(id).path).toMatch(
        /^\/(?:[A-Za-z0-9._-]+|\{[A-Za-z0-9]+\})(?:\/(?:[A-Za-z0-9._-]+|\{[A-Za-z0-9]+\}))*$/,
      );
  });

  it('gives every operation a function that has an entry file, and every API function at least one operation', () => {
    // Act
    const served = new Set(OPERATION_IDS.map((id) => operation(id).function));

    // Assess
    expect([...served].sort()).toEqual([...API_FUNCTIONS].sort());
    for (const fn of served) expect(FUNCTION_ENTRIES[fn]).toMatch(/^functions\/.+\/handler\.ts$/);
  });

  it('is what infra/ builds from: ROUTES lists every operation with its method, path, function and scope', () => {
    // Act
    const fromInfra = ROUTES.map(({ operationId, method, path, function: fn, scope }) => ({
      operationId,
      method,
      path,
      fn,
      scope,
    }));

    // Assess
    expect(fromInfra).toEqual(OPERATION_IDS.map((id) => ({ ...pick(id), scope: operation(id).scope ?? 'public' })));
    expect(API_ROUTES).toBe(ROUTES);
  });

  it('signs every operation except health, JWKS and the OpenAPI document; PHIN resolve needs disclosure:check', () => {
    // Act
    const unsigned = ROUTES.filter((route) => route.scope === 'public').map((route) => route.operationId);

    // Assess
    expect(unsigned.sort()).toEqual(['getHealth', 'getOpenapiJson', 'getWellKnownJwksJson']);
    expect(ROUTES.find((route) => route.path === '/v1/phin/resolve')?.scope).toBe('disclosure:check');
  });
});

describe('implement', () => {
  it.each(API_FUNCTIONS)(
    'turns the implementations of %s into its routes, in table order, with the table scope and schema',
    (fn) => {
      // Act
      const routes = implement(fn, everyOperationOf(fn) as unknown as Implementations<typeof fn>);

      // Assess
      expect(routes.map((route) => route.operationId)).toEqual(operationIdsOf(fn));
      for (const route of routes) {
        const described = operation(route.operationId!);
        expect([route.method, route.resource, route.access]).toEqual([
          described.method,
          described.path,
          described.scope ?? 'public',
        ]);
        expect(route.body).toBe(described.request?.readBy === 'handler' ? undefined : described.request?.schema);
      }
    },
  );

  it.each(API_FUNCTIONS)(
    'is how the %s handler routes: once, under its own function id (tsc then checks the set)',
    (fn) => {
      // Prepare
      const source = readFileSync(new URL(`../../../${FUNCTION_ENTRIES[fn]}`, import.meta.url), 'utf8');

      // Act
      const calls = [...source.matchAll(/\bimplement\(\s*'([A-Za-z]+)'/g)].map((match) => match[1]);

      // Assess
      expect(calls).toEqual([fn]);
    },
  );

  it('refuses an operation of the function left without implementation, naming it', () => {
    // Act
    const act = () =>
      // @ts-expect-error tsc refuses it too: getRecipients is an operation of admin
      implement('admin', { putClients: answer, postClientsKeysRevoke: answer, putRecipients: answer });

    // Assess
    expect(act).toThrow(/operations without implementation \[getRecipients\]/);
  });

  it('refuses an implementation of no operation of the function, naming it', () => {
    // Act
    const act = () =>
      implement('public', {
        getHealth: answer,
        getWellKnownJwksJson: answer,
        getOpenapiJson: answer,
        // @ts-expect-error tsc refuses it too: postDisclosures belongs to another function
        postDisclosures: answer,
      });

    // Assess
    expect(act).toThrow(/implementations without operation \[postDisclosures\]/);
  });
});

function pick(id: (typeof OPERATION_IDS)[number]) {
  const { method, path, function: fn } = operation(id);
  return { operationId: id, method, path, fn };
}
