/**
 * A handler implements the operations of the table (shared/api) by id: it names no method, path,
 * scope or schema of its own. `implement` turns the implementations into the routes the composed
 * stack serves; tsc demands exactly one implementation for each operation of the function, and
 * `implement` refuses at cold start anything else (a function never starts with a hole in it).
 */
import type { z } from 'zod';
import {
  OPERATIONS,
  operationIdsOf,
  type ApiFunctionId,
  type Operation,
  type OperationId,
  type OperationIdsOf,
  type OperationOf,
} from '../../shared/api/index.ts';
import type { Scope } from '../../shared/ports/client-registry.ts';
import type { ApiCall, PublicCall, RouteDefinition } from './router.ts';
import type { ApiResult } from './types.ts';

/** The body a handler receives: the validated request, or none when it reads the body itself. */
type BodyOf<TOperation> = TOperation extends { readonly request: { readonly readBy: 'handler' } }
  ? undefined
  : TOperation extends { readonly request: { readonly schema: infer TSchema extends z.ZodType } }
    ? z.output<TSchema>
    : undefined;

export type CallOf<TId extends OperationId> =
  OperationOf<TId> extends { readonly scope: Scope } ? ApiCall<BodyOf<OperationOf<TId>>> : PublicCall;

export type Implementation<TId extends OperationId> = (call: CallOf<TId>) => Promise<ApiResult> | ApiResult;

/** One implementation for each operation the function serves, and nothing else. */
export type Implementations<TFunction extends ApiFunctionId> = {
  readonly [TId in OperationIdsOf<TFunction>]: Implementation<TId>;
};

/** The routes of function `fn`, in table order; throws if an operation or an implementation is unmatched. */
export function implement<TFunction extends ApiFunctionId>(
  fn: TFunction,
  implementations: Implementations<TFunction>,
): RouteDefinition[] {
  const expected = operationIdsOf(fn);
  const given = Object.keys(implementations);
  const missing = expected.filter((id) => !given.includes(id));
  const unknown = given.filter((id) => !(expected as string[]).includes(id));
  if (missing.length > 0 || unknown.length > 0) {
    throw new Error(
      `Function ${fn}: operations without implementation [${missing.join(', ')}], implementations without operation [${unknown.join(', ')}]`,
    );
  }
  const handles = implementations as unknown as Readonly<Record<OperationId, RouteDefinition['handle']>>;
  return expected.map((id) => routeOf(id, handles[id]));
}

function routeOf(operationId: OperationId, handle: RouteDefinition['handle']): RouteDefinition {
  const { method, path, scope, alsoScope, request }: Operation = OPERATIONS[operationId];
  const body = request && request.readBy !== 'handler' ? request.schema : undefined;
  const also = alsoScope ? { alsoAccess: alsoScope } : {};
  return Object.freeze({ operationId, method, resource: path, access: scope ?? 'public', ...also, body, handle });
}
