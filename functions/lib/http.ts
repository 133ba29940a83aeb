import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { MalformedRequestError } from './errors.ts';
import type { ApiEvent, ApiRequest, ApiResult } from './types.ts';

/** A JSON response; security headers are added by `securityHeaders()` on the way out. */
export function json(status: number, body: unknown, headers?: Readonly<Record<string, string>>): ApiResult {
  return {
    statusCode: status,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

/**
 * A request header by case-insensitive name, or undefined. A header sent twice is ambiguous (which
 * one was signed?), so it is returned as the distinct marker `MULTIPLE`.
 */
export const MULTIPLE = Symbol('multiple header values');
export function header(event: ApiEvent, name: string): string | undefined | typeof MULTIPLE {
  const wanted = name.toLowerCase();
  const multi = Object.entries(event.multiValueHeaders ?? {}).filter(([key]) => key.toLowerCase() === wanted);
  const multiCount = multi.reduce((count, [, values]) => count + (values?.length ?? 0), 0);
  const single = Object.entries(event.headers ?? {}).filter(([key]) => key.toLowerCase() === wanted);
  if (multiCount > 1 || single.length > 1) return MULTIPLE;
  return single[0]?.[1] ?? multi[0]?.[1]?.[0] ?? undefined;
}

/** The body bytes exactly as received: API Gateway base64-encodes binary bodies. */
export function rawBody(event: ApiEvent): Uint8Array {
  if (event.body === null || event.body === undefined) return new Uint8Array();
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
}

/** Decodes the raw body once per request and keeps it on `request.internal`. */
export function rawBodyOf(request: ApiRequest): Uint8Array {
  request.internal.rawBody ??= rawBody(request.event);
  return request.internal.rawBody;
}

export function hasQuery(event: ApiEvent): boolean {
  const single = event.queryStringParameters ?? {};
  const multi = event.multiValueQueryStringParameters ?? {};
  return Object.keys(single).length > 0 || Object.keys(multi).length > 0;
}

/** API Gateway's request id (also what support sees in its logs); Lambda's, or a fresh one locally. */
export function requestIdOf(event: Partial<ApiEvent> | undefined, context: Partial<Context> | undefined): string {
  const fromGateway = (event?.requestContext as { requestId?: unknown } | undefined)?.requestId;
  if (typeof fromGateway === 'string' && fromGateway.length > 0) return fromGateway;
  return context?.awsRequestId || randomUUID();
}

/** A path parameter the route template declares; its absence is a malformed request, not a crash. */
export function pathParameter(params: Readonly<Record<string, string | undefined>>, name: string): string {
  const value = params[name];
  if (value === undefined || value === '') throw new MalformedRequestError('A path parameter is missing');
  return value;
}
