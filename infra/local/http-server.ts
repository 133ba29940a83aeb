import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { PROBLEMS, problemDocumentOf, type ProblemDocument } from '../../functions/lib/problems.ts';
import type { ProblemCode } from '../../shared/errors.ts';
import type { ConsoleAssets } from '../console/build.ts';
import { serveConsole } from '../console/serve.ts';
import { ROUTES, type ApiFunctionId, type Route } from '../routes.ts';

export type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/**
 * Test-only: runs each handler invocation inside `invoke`, so a test can tell which function's code
 * is executing (the grants test attributes every AWS call to it). Default: call the handler.
 */
export type InvocationWrapper = <T>(functionId: ApiFunctionId, invocation: () => Promise<T>) => Promise<T>;

const direct: InvocationWrapper = (_functionId, invocation) => invocation();

/** API Gateway's own ceiling; the functions enforce the contract's 256 KiB / 5 MiB themselves. */
const GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;

interface CompiledRoute {
  readonly route: Route;
  readonly pattern: RegExp;
  readonly parameterNames: readonly string[];
}

/**
 * Serves the real Lambda handlers the way API Gateway's REST proxy integration invokes them, so
 * `npm start` and the integration tests exercise exactly the deployed code path. Its routes are
 * ROUTES, derived from the operation table as the CDK API's are, so both serve one surface.
 */
export async function startHttpServer(options: {
  host: string;
  port: number;
  handlers: Record<ApiFunctionId, ApiHandler>;
  invoke?: InvocationWrapper;
  /** The built console, served under /console/ beside the API (same origin: no CORS). */
  console?: ConsoleAssets;
}): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const routes = ROUTES.map(compile);
  const invoke = options.invoke ?? direct;
  const consoleAssets = options.console;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (consoleAssets && serveConsole(consoleAssets, req, res, path)) return;
    void serve(req, res, routes, options.handlers, invoke);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  routes: readonly CompiledRoute[],
  handlers: Record<ApiFunctionId, ApiHandler>,
  invoke: InvocationWrapper,
): Promise<void> {
  const requestId = randomUUID();
  try {
    const body = await readBody(req);
    if (body === undefined) return send(res, gatewayProblem('payload_too_large', requestId));
    const url = new URL(req.url ?? '/', 'http://localhost');
    // API Gateway refuses a path it cannot percent-decode before any function runs (api.md §1.1).
    if (!isPercentDecodable(url.pathname)) return send(res, gatewayProblem('malformed_request', requestId));
    const matched = matchRoute(routes, req.method ?? 'GET', url.pathname);
    if (matched.kind === 'missing') return send(res, gatewayProblem('not_found', requestId));
    if (matched.kind === 'method')
      return send(res, gatewayProblem('method_not_allowed', requestId, { Allow: matched.allow.join(', ') }));
    const event = toEvent(req, url, body, matched.route.route, matched.parameters, requestId);
    const functionId = matched.route.route.function;
    const result = await invoke(functionId, () => handlers[functionId](event, lambdaContext(functionId, requestId)));
    send(res, result);
  } catch {
    // Mirrors API Gateway's answer when an integration fails: no detail, nothing from the request.
    const failed: ProblemDocument = {
      type: 'urn:gatekeeper:problem:internal_error',
      title: 'Internal error',
      status: 502,
      code: 'internal_error',
      requestId,
    };
    send(res, problemResult(failed));
  }
}

function isPercentDecodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

function compile(route: Route): CompiledRoute {
  const parameterNames: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const parameter = /^\{(\w+)\}$/.exec(segment);
      if (!parameter) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      parameterNames.push(parameter[1]!);
      return '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}$`), parameterNames };
}

function matchRoute(routes: readonly CompiledRoute[], method: string, path: string) {
  const allow: string[] = [];
  for (const compiled of routes) {
    const match = compiled.pattern.exec(path);
    if (!match) continue;
    allow.push(compiled.route.method);
    if (compiled.route.method !== method) continue;
    const parameters = Object.fromEntries(
      compiled.parameterNames.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]),
    );
    return { kind: 'found' as const, route: compiled, parameters };
  }
  return allow.length > 0 ? { kind: 'method' as const, allow } : { kind: 'missing' as const };
}

function toEvent(
  req: IncomingMessage,
  url: URL,
  body: Buffer,
  route: Route,
  pathParameters: Record<string, string>,
  requestId: string,
): APIGatewayProxyEvent {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    const value = req.rawHeaders[i + 1]!;
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  const query = url.searchParams.size > 0 ? Object.fromEntries(url.searchParams) : null;
  const text = body.toString('utf8');
  // API Gateway passes text bodies as strings; bytes that are not UTF-8 arrive base64-encoded.
  const isText = Buffer.from(text, 'utf8').equals(body);
  return {
    resource: route.path,
    path: url.pathname,
    httpMethod: req.method ?? 'GET',
    headers,
    multiValueHeaders,
    queryStringParameters: query,
    multiValueQueryStringParameters: query ? Object.fromEntries(Object.entries(query).map(([k, v]) => [k, [v]])) : null,
    pathParameters: Object.keys(pathParameters).length > 0 ? pathParameters : null,
    stageVariables: null,
    body: body.length === 0 ? null : isText ? text : body.toString('base64'),
    isBase64Encoded: body.length > 0 && !isText,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: null,
      protocol: `HTTP/${req.httpVersion}`,
      httpMethod: req.method ?? 'GET',
      identity: {
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: req.headers['user-agent'] ?? null,
      } as APIGatewayProxyEvent['requestContext']['identity'],
      path: url.pathname,
      stage: 'local',
      requestId,
      requestTimeEpoch: Date.now(),
      resourceId: 'local',
      resourcePath: route.path,
    },
  };
}

function lambdaContext(functionName: string, awsRequestId: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `gatekeeper-local-${functionName}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-2:000000000000:function:gatekeeper-local-${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId,
    logGroupName: `/aws/lambda/gatekeeper-local-${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    req.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total <= GATEWAY_MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(total > GATEWAY_MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, result: APIGatewayProxyResult): void {
  const headers: Record<string, string | number | boolean> = { ...(result.headers ?? {}) };
  res.writeHead(result.statusCode, headers as Record<string, string>);
  res.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
}

/**
 * What the gateway answers where no function runs: the error catalogue's document for the code,
 * exactly as API Gateway's gateway responses carry it in AWS (infra/constructs/gatekeeper-api.ts).
 */
function gatewayProblem(
  code: ProblemCode,
  requestId: string,
  headers: Record<string, string> = {},
): APIGatewayProxyResult {
  const retryAfterS = PROBLEMS[code].retryAfterS;
  return problemResult(problemDocumentOf(code, requestId), {
    ...headers,
    ...(retryAfterS === undefined ? {} : { 'Retry-After': String(retryAfterS) }),
  });
}

function problemResult(document: ProblemDocument, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return {
    statusCode: document.status,
    headers: { 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store', ...headers },
    body: JSON.stringify(document),
  };
}
