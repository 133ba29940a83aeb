import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { idSchema } from '../../shared/schemas/ids.ts';
import { ValidationFailedError } from '../../shared/errors.ts';
import { requestIdOf } from './http.ts';
import { fieldErrors } from './validation.ts';
import type { ApiCall, PublicCall, RouteDefinition } from './router.ts';
import type { Scope } from '../../shared/ports/client-registry.ts';
import { jsonBody } from './middleware/json-body.ts';
import { problemResponses } from './middleware/problem-responses.ts';
import { assertScope, hasScope, requireScope } from './middleware/require-scope.ts';
import type { OperationId } from '../../shared/api/index.ts';
import type { AdmissionRead } from '../../shared/auth/admission-read.ts';
import { routeResolver } from './middleware/route-resolver.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { signedRequest, type SignedRequestDeps } from './middleware/signed-request.ts';
import type { ApiEvent, ApiMiddleware, ApiRequest, ApiResult, GatekeeperInternal } from './types.ts';

export interface ApiHandlerOptions {
  readonly routes: readonly RouteDefinition[];
  /** registry, replay, clock, audience, logger (+ metrics): built once at module scope. */
  readonly deps: SignedRequestDeps;
  /**
   * Operations whose handler starts while the request is being admitted, so their reads overlap
   * the registry read and replay put. Only an operation that reads, or that awaits `admitted`
   * before it writes: its answer waits for the admission, and a refusal replaces it.
   */
  readonly overlapping?: readonly OperationId[];
  /**
   * Operations whose handler records the request's jti in the transaction of the change it makes
   * (`ApiCall.replay`); on every other path the jti is recorded before the answer leaves.
   */
  readonly replayInTransaction?: readonly OperationId[];
  /**
   * Operations whose own read can carry the client's registry record, each with the read for one
   * request (admission-read.ts): a warm function admits them on that read, not a read of its own.
   */
  readonly readAlong?: Partial<Record<OperationId, (request: ApiRequest) => AdmissionRead | undefined>>;
}

export type ApiHandler = (event: ApiEvent, context: Context) => Promise<ApiResult>;

const isPublic = (request: ApiRequest): boolean => request.internal.route?.access === 'public';
const scopeOf = (request: ApiRequest): Scope | readonly Scope[] | undefined => {
  const route = request.internal.route;
  if (route === undefined || route.access === 'public') return undefined;
  return route.alsoAccess ? [route.access, route.alsoAccess] : route.access;
};

/**
 * The standard stack of every API function, in api.md §1 order: route → signature (unless the
 * route is public) → JSON parsing and schema → scope → handler. Problems and security headers wrap
 * everything, so even a routing failure answers as problem+json with no-store.
 */
export function apiHandler(options: ApiHandlerOptions): ApiHandler {
  // middy hands the final handler only (event, context); the middlewares' results travel from
  // the last `before` to it keyed by this invocation's event object.
  const inFlight = new WeakMap<object, ApiRequest>();
  const overlapping = new Set<string>(options.overlapping ?? []);
  const replayInTransaction = new Set<string>(options.replayInTransaction ?? []);
  const handOver: ApiMiddleware = {
    name: 'handOver',
    before: (request) => {
      inFlight.set(request.event, request);
    },
  };
  const handler = middy<ApiEvent, ApiResult, Error, Context, GatekeeperInternal>()
    .use(securityHeaders())
    .use(problemResponses({ logger: options.deps.logger, metrics: options.deps.metrics }))
    .use(routeResolver(options.routes))
    .use(
      signedRequest(options.deps, {
        skip: isPublic,
        overlap: (request, caller) =>
          overlapping.has(request.internal.route?.operationId ?? '') && hasScope(caller, scopeOf(request) ?? []),
        recheckScope: (request) => assertScope(request, scopeOf(request)),
        deferReplay: (request) => replayInTransaction.has(request.internal.route?.operationId ?? ''),
        readAlong: (request) => readAlongOf(options, request),
      }),
    )
    .use(jsonBody((request) => request.internal.route?.body))
    .use(requireScope(scopeOf))
    .use(handOver)
    .handler((event: ApiEvent) => {
      const request = inFlight.get(event);
      if (!request) throw new Error('No request state for this invocation');
      return dispatch(request);
    });
  return handler;
}

/** The read this request's operation offers to carry the client's record, if it offers one. */
function readAlongOf(options: ApiHandlerOptions, request: ApiRequest): AdmissionRead | undefined {
  const operationId = request.internal.route?.operationId;
  return operationId === undefined ? undefined : options.readAlong?.[operationId]?.(request);
}

function dispatch(request: ApiRequest): Promise<ApiResult> | ApiResult {
  const { route, pathParameters = {}, caller, body, admitted, replay, readAlong } = request.internal;
  if (!route) throw new Error('No route resolved');
  assertPathIds(pathParameters);
  const base = {
    event: request.event,
    context: request.context,
    params: pathParameters,
    requestId: requestIdOf(request.event, request.context),
  };
  if (route.access === 'public') return route.handle(base satisfies PublicCall);
  // Defence in depth: a signed route is never dispatched without a verified caller.
  if (!caller) throw new Error('Signed route reached without a verified caller');
  return route.handle({
    ...base,
    caller,
    body,
    admitted: admitted ?? Promise.resolve(caller),
    ...(replay ? { replay } : {}),
    ...(readAlong ? { readAlong } : {}),
  } satisfies ApiCall<unknown>);
}

/**
 * Path parameters are ids that go into storage keys and audit entries: each must match the id
 * alphabet (422 naming the parameter, never echoing it). Checked here, once, for every route.
 */
function assertPathIds(parameters: Readonly<Record<string, string>>): void {
  const errors = Object.entries(parameters).flatMap(([name, value]) => {
    const result = idSchema.safeParse(value);
    return result.success ? [] : fieldErrors(result.error.issues).map((error) => ({ ...error, path: name }));
  });
  if (errors.length > 0) throw new ValidationFailedError(errors);
}
