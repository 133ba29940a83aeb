/**
 * The OpenAPI 3.1 document of the v1 API, generated from the operation table (shared/api: which
 * operations exist, what each takes and answers), the zod schemas, and the problem table (which
 * error codes exist and their statuses). The problem table is handed in by the HTTP layer that
 * owns it, so the domain imports nothing from functions/. Nothing is hand-written twice:
 * docs/openapi.json is this function's output, checked by a test.
 */
import { OPERATIONS, OPERATION_IDS, operation, type Operation, type OperationId } from '../api/index.ts';
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

/** 403 codes that belong to one route's rule, not to every signed route: those the table's operations forbid. */
const ROUTE_SPECIFIC_CODES = new Set(OPERATION_IDS.flatMap((id) => operation(id).forbids ?? []));

/** The status of each problem code: all the document needs of the problem table. */
export type ProblemStatuses = Readonly<Record<string, { readonly status: number }>>;

function codesWithStatus(problems: ProblemStatuses, status: number): string[] {
  return Object.entries(problems)
    .filter(([code, row]) => row.status === status && !ROUTE_SPECIFIC_CODES.has(code))
    .map(([code]) => code);
}

/** Which problem codes an operation can answer, by status. */
export function problemCodes(operation: Operation, problems: ProblemStatuses): Map<number, string[]> {
  const codesWith = (status: number) => codesWithStatus(problems, status);
  const codes = new Map<number, string[]>([
    [405, ['method_not_allowed']],
    [500, ['internal_error']],
  ]);
  const add = (status: number, list: readonly string[]) => codes.set(status, [...(codes.get(status) ?? []), ...list]);
  if (operation.path === '/.well-known/jwks.json') add(503, ['dependency_unavailable']);
  if (!operation.scope) return codes;
  add(400, codesWith(400));
  add(401, codesWith(401));
  add(403, [...codesWith(403), ...(operation.forbids ?? [])]);
  if (operation.path.includes('{')) add(404, ['not_found']);
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
  if (status === 401)
    headers['WWW-Authenticate'] = { schema: { type: 'string', const: 'Signature realm="gatekeeper"' } };
  if (status === 429 || status === 503)
    headers['Retry-After'] = { schema: { type: 'integer' }, description: 'Seconds' };
  const schema = {
    allOf: [ref('Problem'), { type: 'object', properties: { code: { enum: codes }, status: { const: status } } }],
  };
  return {
    description: codes.map((code) => `\`${code}\``).join(', '),
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    content: { 'application/problem+json': { schema } },
  };
}

/** `x-scope` is the scope that grants the operation; `x-also-scope` a second one that grants it too. */
function scopeDescription(operation: Operation) {
  const { scope, alsoScope } = operation;
  return alsoScope
    ? { description: `Scope \`${scope}\` or \`${alsoScope}\`.`, 'x-scope': scope, 'x-also-scope': alsoScope }
    : { description: `Scope \`${scope}\`.`, 'x-scope': scope };
}

function pathItem(id: OperationId, problems: ProblemStatuses) {
  const operation: Operation = OPERATIONS[id];
  const parameters = [...operation.path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string', pattern: ID_PATTERN },
  }));
  const responses: Record<string, unknown> = {
    200: { description: operation.summary, content: { 'application/json': { schema: ref(operation.response.name) } } },
  };
  for (const [status, codes] of problemCodes(operation, problems))
    responses[String(status)] = problemResponse(status, codes);
  return {
    operationId: id,
    tags: [operation.tag],
    summary: operation.summary,
    ...(operation.scope ? scopeDescription(operation) : {}),
    security: operation.scope ? [{ Signature: [] }] : [],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(operation.request
      ? { requestBody: { required: true, content: { 'application/json': { schema: ref(operation.request.name) } } } }
      : {}),
    responses,
  };
}

/** The whole document; deterministic (same input, same bytes). */
export function buildOpenApiDocument(problems: ProblemStatuses): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const id of OPERATION_IDS) {
    const { method, path } = OPERATIONS[id];
    (paths[path] ??= {})[method.toLowerCase()] = pathItem(id, problems);
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
