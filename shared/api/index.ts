/**
 * The API surface, derived from the one operation table: ids, lookups by id and by function, and
 * the flat route list infra/ and the tests build from.
 */
import type { Scope } from '../ports/client-registry.ts';
import type { ApiFunctionId, HttpMethod, Operation } from './operation.ts';
import { OPERATIONS } from './operations.ts';

export { OPERATIONS } from './operations.ts';
export type { ApiFunctionId, HttpMethod, NamedSchema, Operation, OperationTag, RequestBody } from './operation.ts';

export type OperationId = keyof typeof OPERATIONS;
export type OperationOf<TId extends OperationId> = (typeof OPERATIONS)[TId];

/** The ids of the operations function `TFunction` implements. */
export type OperationIdsOf<TFunction extends ApiFunctionId> = {
  [TId in OperationId]: OperationOf<TId>['function'] extends TFunction ? TId : never;
}[OperationId];

export const OPERATION_IDS: readonly OperationId[] = Object.freeze(Object.keys(OPERATIONS) as OperationId[]);

export function operation(id: OperationId): Operation {
  return OPERATIONS[id];
}

export function operationIdsOf(fn: ApiFunctionId): OperationId[] {
  return OPERATION_IDS.filter((id) => OPERATIONS[id].function === fn);
}

/** One route of the surface: what API Gateway, the local server and the tests' matrix need. */
export interface ApiRoute {
  readonly operationId: OperationId;
  readonly method: HttpMethod;
  readonly path: string;
  readonly function: ApiFunctionId;
  /** `public`: served without a signature. */
  readonly scope: Scope | 'public';
  /** A second scope that grants the route as well. */
  readonly alsoScope?: Scope;
}

export const API_ROUTES: readonly ApiRoute[] = Object.freeze(
  OPERATION_IDS.map((operationId) => {
    const { method, path, function: fn, scope, alsoScope } = operation(operationId);
    return Object.freeze({
      operationId,
      method,
      path,
      function: fn,
      scope: scope ?? 'public',
      ...(alsoScope ? { alsoScope } : {}),
    });
  }),
);
