import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import type { HttpMethod, OperationId } from '../../shared/api/index.ts';
import type { Scope } from '../../shared/ports/client-registry.ts';
import type { ReplayInTransaction } from '../../shared/auth/deferred-replay.ts';
import type { AdmissionRead } from '../../shared/auth/admission-read.ts';
import type { VerifiedCaller } from '../../shared/auth/verify.ts';
import { NotFoundError } from '../../shared/errors.ts';
import { MethodNotAllowedError } from './errors.ts';
import type { ApiEvent, ApiResult } from './types.ts';

export type { HttpMethod } from '../../shared/api/index.ts';

interface CallBase {
  readonly event: ApiEvent;
  readonly context: Context;
  readonly params: Readonly<Record<string, string>>;
  readonly requestId: string;
}
/** What a signed route's handler receives: a verified caller and a schema-valid body. */
export interface ApiCall<TBody> extends CallBase {
  readonly caller: VerifiedCaller;
  /**
   * Settles when the request is admitted (registry read and replay put answered). Already settled
   * unless the function lets the operation overlap its admission (`apiHandler`'s `overlapping`):
   * such a handler awaits it before anything it writes.
   */
  readonly admitted: Promise<VerifiedCaller>;
  /**
   * Only for an operation of `apiHandler`'s `replayInTransaction`: the request's jti, to record in
   * the transaction of the change it makes. Without a commit it is recorded before the answer.
   */
  readonly replay?: ReplayInTransaction;
  /**
   * Only for an operation of `apiHandler`'s `readAlong`: the read it handed the verifier, holding
   * the operation's data when the client's record was read with it (else the handler reads alone).
   */
  readonly readAlong?: AdmissionRead;
  readonly body: TBody;
}
export type PublicCall = CallBase;

type Handle<TCall> = (call: TCall) => Promise<ApiResult> | ApiResult;

/** A route after definition: the composed stack reads `access` and `body`, then calls `handle`. */
export interface RouteDefinition {
  /** The operation of the table it implements (absent only in test-built stacks). */
  readonly operationId?: OperationId;
  readonly method: HttpMethod;
  /** API Gateway resource path, `{name}` for path parameters (shared/api/operations.ts). */
  readonly resource: string;
  readonly access: Scope | 'public';
  /** A second scope that grants the route as well. */
  readonly alsoAccess?: Scope;
  readonly body: z.ZodType | undefined;
  readonly handle: Handle<ApiCall<unknown> | PublicCall>;
}

type BodyOf<TSchema> = TSchema extends z.ZodType ? z.output<TSchema> : undefined;

/**
 * A signed route needing `scope`; with `body`, the handler gets the parsed, validated body.
 * Handlers use `implement` (operations.ts); these two build stacks a test defines itself.
 */
export function route<TSchema extends z.ZodType | undefined = undefined>(definition: {
  method: HttpMethod;
  resource: string;
  scope: Scope;
  body?: TSchema;
  handle: Handle<ApiCall<BodyOf<TSchema>>>;
}): RouteDefinition {
  const { method, resource, scope, body, handle } = definition;
  return Object.freeze({ method, resource, access: scope, body, handle: handle as RouteDefinition['handle'] });
}

/** A route anyone may call without a signature (health, JWKS, OpenAPI). It takes no body. */
export function publicRoute(definition: {
  method: HttpMethod;
  resource: string;
  handle: Handle<PublicCall>;
}): RouteDefinition {
  const { method, resource, handle } = definition;
  return Object.freeze({ method, resource, access: 'public', body: undefined, handle: handle });
}

export interface RouteMatch {
  readonly route: RouteDefinition;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * Finds the route by `event.resource` (API Gateway) or, when that is absent, by matching the path
 * against the templates. A known resource with another method is 405, anything else 404.
 */
export function matchRoute(routes: readonly RouteDefinition[], event: ApiEvent): RouteMatch {
  const candidates = routes.filter((candidate) => sameResource(candidate.resource, event));
  if (candidates.length === 0) throw new NotFoundError();
  const found = candidates.find((candidate) => candidate.method === event.httpMethod);
  if (!found) throw new MethodNotAllowedError([...new Set(candidates.map((candidate) => candidate.method))]);
  const fromTemplate = templateParams(found.resource, event.path) ?? {};
  const fromGateway = Object.entries(event.pathParameters ?? {}).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  return { route: found, params: Object.freeze({ ...fromTemplate, ...Object.fromEntries(fromGateway) }) };
}

function sameResource(resource: string, event: ApiEvent): boolean {
  if (typeof event.resource === 'string' && event.resource.length > 0) return event.resource === resource;
  return typeof event.path === 'string' && templateParams(resource, event.path) !== undefined;
}

function templateParams(resource: string, path: string | undefined): Record<string, string> | undefined {
  if (typeof path !== 'string') return undefined;
  const want = resource.split('/');
  const have = path.split('/');
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, segment] of want.entries()) {
    const actual = have[index] ?? '';
    const name = /^\{([A-Za-z0-9_]+)\}$/.exec(segment)?.[1];
    if (name !== undefined && actual !== '') params[name] = actual;
    else if (segment !== actual) return undefined;
  }
  return params;
}
