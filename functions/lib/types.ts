import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { DeferredReplay } from '../../shared/auth/deferred-replay.ts';
import type { AdmissionRead } from '../../shared/auth/admission-read.ts';
import type { VerifiedCaller } from '../../shared/auth/verify.ts';
import type { RouteDefinition } from './router.ts';

/** What the gatekeeper middlewares hand each other on `request.internal` (typed, never on the event). */
export type GatekeeperInternal = {
  route?: RouteDefinition;
  pathParameters?: Readonly<Record<string, string>>;
  /** The raw body bytes, decoded once (base64 or not) and digested as they are. */
  rawBody?: Uint8Array;
  caller?: VerifiedCaller;
  /** An overlapped request's admission, until the signature middleware has settled it (signed-request.ts). */
  admitted?: Promise<VerifiedCaller>;
  /** The parsed, schema-validated body. */
  body?: unknown;
  /** A request whose jti its handler may record in its transaction (signed-request.ts). */
  replay?: DeferredReplay;
  /** The operation's read that may carry the client's record (signed-request.ts). */
  readAlong?: AdmissionRead;
};

export type ApiEvent = APIGatewayProxyEvent;
export type ApiResult = APIGatewayProxyResult;
export type ApiRequest = Request<ApiEvent, ApiResult, Error, Context, GatekeeperInternal>;
export type ApiMiddleware = MiddlewareObj<ApiEvent, ApiResult, Error, Context, GatekeeperInternal>;

/** The slice of the Powertools Logger the middlewares use; a Logger instance fits. */
export interface ApiLogger {
  warn(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}

/** The slice of Powertools Metrics the middlewares use; a Metrics instance fits. */
export interface ApiMetrics {
  singleMetric(): {
    addDimension(name: string, value: string): unknown;
    addMetric(name: string, unit: 'Count', value: number): unknown;
  };
}
