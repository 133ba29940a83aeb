/**
 * The OpenAPI 3.1 document of the v1 API, generated from infra/routes.ts (which routes exist), the
 * operations table (what each takes and answers), the zod schemas, and the problem table of
 * functions/lib/problems.ts (which error codes exist and their statuses). Nothing is hand-written
 * twice: docs/openapi.json is this function's output, checked by a test.
 */
import { ROUTES, type Route } from '../../infra/routes.ts';
import { PROBLEMS } from '../../functions/lib/problems.ts';
import { OPERATIONS, type Operation } from './operations.ts';
import { componentSchemas, type JsonSchema } from './schemas.ts';
import { ID_PATTERN } from '../schemas/ids.ts';

export const API_VERSION = '0.1.0';

const SIGNATURE_DESCRIPTION = [
  'Every endpoint except health, JWKS and this document takes `Authorization: Signature <jws>`:',
  'one compact JWS (api.md §1) with protected header `alg` ES256, EdDSA or PS256, `kid` of a registered key and',
  '`typ` gk-req+jwt (no jku, x5u, jwk, x5c, x5t, x5t#S256, crit or b64), and claims `iss` = `sub` = client id, `org`,',
  '`aud` (the deployment audience), `iat`, `exp` (at most 300 s after iat), a single-use `jti`, `htm` (method),',
  '`htu` (path as sent) and `cdg` = `sha-256=:<base64 SHA-256 of the raw body>:`. Scopes come from the server-side registry.',
].join(' ');

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** 403 codes that belong to one route's rule, not to every signed route; operations name them. */
const ROUTE_SPECIFIC_CODES = new Set(['separation_of_duties']);

function codesWithStatus(status: number): string[] {
  return Object.entries(PROBLEMS).filter(([code, row]) => row.status === status && !ROUTE_SPECIFIC_CODES.has(code)).map(([code]) => code);
}

/** Which problem codes a route can answer, by status. */
export function problemCodes(route: Route, operation: Operation): Map<number, string[]> {
  const codes = new Map<number, string[]>([[405, ['method_not_allowed']], [500, ['internal_error']]]);
  const add = (status: number, list: readonly string[]) => codes.set(status, [...(codes.get(status) ?? []), ...list]);
  if (route.path === '/.well-known/jwks.json') add(503, ['dependency_unavailable']);
  if (!operation.scope) return codes;
  add(400, codesWithStatus(400));
  add(401, codesWithStatus(401));
  add(403, [...codesWithStatus(403), ...(operation.forbids ?? [])]);
  if (route.path.includes('{')) add(404, ['not_found']);
  if (operation.conflicts) add(409, operation.conflicts);
  add(413, ['payload_too_large']);
  add(415, ['unsupported_media_type']);
  add(422, ['validation_failed']);
  add(429, ['rate_limited']);
  add(503, operation.audited ? ['audit_unavailable', 'dependency_unavailable'] : ['dependency_unavailable']);
  return new Map([...codes].sort(([a], [b]) => a - b));
}

function problemResponse(status: number, codes: readonly string[]) {
  const headers: Record<string, unknown> = {};
  if (status === 401) headers['WWW-Authenticate'] = { schema: { type: 'string', const: 'Signature realm="gatekeeper"' } };
  if (status === 429 || status === 503) headers['Retry-After'] = { schema: { type: 'integer' }, description: 'Seconds' };
  const schema = { allOf: [ref('Problem'), { type: 'object', properties: { code: { enum: codes }, status: { const: status } } }] };
  return {
    description: codes.map((code) => `\`${code}\``).join(', '),
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    content: { 'application/problem+json': { schema } },
  };
}

function operationId(route: Route): string {
  const words = route.path.split('/').filter((part) => part && part !== 'v1' && !part.startsWith('{'));
  const camel = words.flatMap((word) => word.split(/[^A-Za-z0-9]+/)).filter(Boolean).map((word) => word[0]!.toUpperCase() + word.slice(1));
  return route.method.toLowerCase() + camel.join('');
}

function pathItem(route: Route, operation: Operation) {
  const parameters = [...route.path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => ({
    name, in: 'path', required: true, schema: { type: 'string', pattern: ID_PATTERN },
  }));
  const responses: Record<string, unknown> = {
    200: { description: operation.summary, content: { 'application/json': { schema: ref(operation.response.name) } } },
  };
  for (const [status, codes] of problemCodes(route, operation)) responses[String(status)] = problemResponse(status, codes);
  return {
    operationId: operationId(route),
    tags: [operation.tag],
    summary: operation.summary,
    ...(operation.scope ? { description: `Scope \`${operation.scope}\`.`, 'x-scope': operation.scope } : {}),
    security: operation.scope ? [{ Signature: [] }] : [],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(operation.request
      ? { requestBody: { required: true, content: { 'application/json': { schema: ref(operation.request.name) } } } }
      : {}),
    responses,
  };
}

/** The whole document; deterministic (same input, same bytes). */
export function buildOpenApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    const operation = OPERATIONS[`${route.method} ${route.path}`];
    if (!operation) throw new Error(`No OpenAPI operation for ${route.method} ${route.path}`);
    (paths[route.path] ??= {})[route.method.toLowerCase()] = pathItem(route, operation);
  }
  const schemas: Record<string, JsonSchema> = componentSchemas();
  return {
    openapi: '3.1.0',
    info: {
      title: 'Gatekeeper',
      version: API_VERSION,
      description: 'Decides, minimises and audits every outbound disclosure of special-category health data.',
    },
    servers: [{ url: 'http://127.0.0.1:3000', description: 'Local mode (npm start)' }],
    tags: ['public', 'disclosures', 'records', 'audit', 'admin'].map((name) => ({ name })),
    paths,
    components: {
      schemas,
      securitySchemes: {
        Signature: { type: 'apiKey', in: 'header', name: 'Authorization', description: SIGNATURE_DESCRIPTION },
      },
    },
  };
}
