/**
 * Hostile and broken requests, each with the problem it must produce. The unit suite runs them
 * through the composed middleware stack; the HTTP integration suite runs the same table over the
 * wire against the local stack, so both prove the same contract (api.md §1-§3).
 */
import { createPublicKey } from 'node:crypto';
import {
  authorizationHeader,
  buildSignature,
  type ClientPrivateJwk,
  type SignatureOptions,
} from '../../shared/client/sign.ts';

/** A client as the hostile cases use it: who it claims to be and the private key it holds. */
export interface HostileClient {
  readonly clientId: string;
  readonly org: string;
  readonly privateJwk: ClientPrivateJwk;
}

/**
 * Everything the cases need. In the integration test the demo clients come from the seed
 * (`.local/keys/<clientId>.private.jwk.json`); `suspended` and `revoked` are registered by the
 * test through the admin API first.
 */
export interface HostileContext {
  /** The deployment audience (`gatekeeper-local`). */
  readonly audience: string;
  /** `demo-clinical`: disclosure:check, records:write, records:read. */
  readonly clinical: HostileClient;
  /** `demo-auditor`: audit:read. */
  readonly auditor: HostileClient;
  /** `demo-admin`: admin. */
  readonly admin: HostileClient;
  /** A client of the same org registered with status SUSPENDED; its key is ACTIVE. */
  readonly suspended: HostileClient;
  /** An ACTIVE client with scope disclosure:check whose key `privateJwk.kid` is REVOKED. */
  readonly revoked: HostileClient;
  /** An RSA (>= 2048) private key registered nowhere, for RS256 and key-substitution attacks. */
  readonly strayRsaJwk: ClientPrivateJwk;
  /** Signing clock in ms; defaults to Date.now. */
  readonly now?: () => number;
}

export interface HostileRequest {
  readonly method: string;
  /** Path as sent; may carry a query string. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The exact body bytes sent (UTF-8). */
  readonly body: string;
}

export interface HostileCase {
  readonly name: string;
  readonly build: (ctx: HostileContext) => HostileRequest;
  /** Send the built request this many times and assert on the last answer (replay). Default 1. */
  readonly sendTimes?: number;
  readonly expectStatus: number;
  readonly expectCode: string;
}

const DISCLOSURES = '/v1/disclosures';
const BODY = JSON.stringify({ requestId: 'hostile-case', patientId: 'MRN-000123', purpose: 'PAYMENT' });
const JSON_TYPE = { 'content-type': 'application/json' };

interface SignedShape {
  readonly client?: (ctx: HostileContext) => HostileClient;
  readonly method?: string;
  readonly path?: string;
  readonly body?: string;
  /** Bytes the digest covers, when they differ from what is sent. */
  readonly signedBody?: string;
  /** Method or path the token is bound to, when they differ from the request. */
  readonly signedMethod?: string;
  readonly signedPath?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly sign?: (ctx: HostileContext) => Partial<SignatureOptions>;
  /** Rewrites the finished token (tampering after signing). */
  readonly token?: (token: string) => string;
}

/** A request that would pass, altered by `shape`. */
export function signedRequest(ctx: HostileContext, shape: SignedShape = {}): HostileRequest {
  const client = (shape.client ?? ((c: HostileContext) => c.clinical))(ctx);
  const method = shape.method ?? 'POST';
  const path = shape.path ?? DISCLOSURES;
  const body = shape.body ?? (method === 'GET' ? '' : BODY);
  const token = buildSignature({
    privateJwk: client.privateJwk,
    clientId: client.clientId,
    org: client.org,
    audience: ctx.audience,
    method: shape.signedMethod ?? method,
    path: shape.signedPath ?? path,
    body: shape.signedBody ?? body,
    nowMs: (ctx.now ?? Date.now)(),
    ...shape.sign?.(ctx),
  });
  const contentType = body === '' ? {} : JSON_TYPE;
  const authorization = { authorization: authorizationHeader(shape.token?.(token) ?? token) };
  return { method, path, body, headers: { ...contentType, ...authorization, ...shape.headers } };
}

const nowS = (ctx: HostileContext): number => Math.floor((ctx.now ?? Date.now)() / 1000);
const publicPem = (jwk: ClientPrivateJwk): string =>
  createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
const segment = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const rejected = (name: string, expectCode: string, build: HostileCase['build'], expectStatus = 401): HostileCase => ({
  name,
  build,
  expectStatus,
  expectCode,
});
const padded = (bytes: number): string => {
  const frame = JSON.stringify({ pad: '' });
  return JSON.stringify({ pad: 'a'.repeat(bytes - frame.length) });
};

export const HOSTILE_CASES: readonly HostileCase[] = Object.freeze([
  // Transport: size and media type come first, before any signature work.
  rejected(
    'body over 256 KiB',
    'payload_too_large',
    (ctx) => signedRequest(ctx, { body: padded(256 * 1024 + 1) }),
    413,
  ),
  rejected(
    'batch body over 5 MiB',
    'payload_too_large',
    (ctx) => signedRequest(ctx, { path: `${DISCLOSURES}/batch`, body: padded(5 * 1024 * 1024 + 1) }),
    413,
  ),
  rejected(
    'text/plain body',
    'unsupported_media_type',
    (ctx) => signedRequest(ctx, { headers: { 'content-type': 'text/plain' } }),
    415,
  ),
  rejected(
    'JSON with a non-UTF-8 charset',
    'unsupported_media_type',
    (ctx) => signedRequest(ctx, { headers: { 'content-type': 'application/json; charset=latin1' } }),
    415,
  ),
  rejected(
    'body without a content type',
    'unsupported_media_type',
    (ctx) => {
      const { 'content-type': _dropped, ...headers } = signedRequest(ctx).headers;
      return { ...signedRequest(ctx), headers };
    },
    415,
  ),
  // Authorization header present and parseable.
  rejected('no Authorization header', 'signature_missing', () => ({
    method: 'POST',
    path: DISCLOSURES,
    headers: JSON_TYPE,
    body: BODY,
  })),
  rejected('Bearer scheme', 'signature_missing', (ctx) =>
    signedRequest(ctx, { headers: { authorization: 'Bearer abc.def.ghi' } }),
  ),
  rejected('garbage token', 'signature_malformed', (ctx) =>
    signedRequest(ctx, { headers: { authorization: 'Signature !!not-a-token!!' } }),
  ),
  rejected('token with two parts', 'signature_malformed', (ctx) =>
    signedRequest(ctx, { token: (t) => t.split('.').slice(0, 2).join('.') }),
  ),
  rejected('header segment is not JSON', 'signature_malformed', (ctx) =>
    signedRequest(ctx, { token: (t) => `bm90LWpzb24.${t.split('.').slice(1).join('.')}` }),
  ),
  // Untrusted header fields.
  rejected('alg none, unsigned', 'algorithm_not_allowed', (ctx) =>
    signedRequest(ctx, { sign: () => ({ alg: 'none' }) }),
  ),
  rejected('alg NoNe spelled oddly', 'algorithm_not_allowed', (ctx) =>
    signedRequest(ctx, { sign: () => ({ alg: 'none', header: { alg: 'NoNe' } }) }),
  ),
  rejected('HS256 keyed with the public key', 'algorithm_not_allowed', (ctx) =>
    signedRequest(ctx, { sign: (c) => ({ alg: 'HS256', hmacSecret: publicPem(c.clinical.privateJwk) }) }),
  ),
  rejected('HS512', 'algorithm_not_allowed', (ctx) =>
    signedRequest(ctx, { sign: () => ({ alg: 'HS512', hmacSecret: 'secret' }) }),
  ),
  rejected('RS256', 'algorithm_not_allowed', (ctx) =>
    signedRequest(ctx, { sign: (c) => ({ alg: 'RS256', signingJwk: c.strayRsaJwk }) }),
  ),
  rejected('ES384 in the header', 'algorithm_not_allowed', (ctx) =>
    signedRequest(ctx, { sign: () => ({ header: { alg: 'ES384' } }) }),
  ),
  rejected('no alg', 'algorithm_not_allowed', (ctx) =>
    signedRequest(ctx, { sign: () => ({ header: { alg: undefined } }) }),
  ),
  ...['jku', 'x5u', 'x5c', 'x5t', 'x5t#S256'].map((field) =>
    rejected(`${field} header`, 'header_not_allowed', (ctx) =>
      signedRequest(ctx, {
        sign: () => ({ header: { [field]: field === 'x5c' ? ['MIIB'] : 'https://attacker.example/k' } }),
      }),
    ),
  ),
  rejected('embedded jwk header', 'header_not_allowed', (ctx) =>
    signedRequest(ctx, { sign: (c) => ({ header: { jwk: { kty: 'RSA', n: c.strayRsaJwk.n, e: c.strayRsaJwk.e } } }) }),
  ),
  rejected('crit header', 'header_not_allowed', (ctx) =>
    signedRequest(ctx, { sign: () => ({ header: { crit: ['exp'] } }) }),
  ),
  rejected('b64 false', 'header_not_allowed', (ctx) =>
    signedRequest(ctx, { sign: () => ({ header: { b64: false } }) }),
  ),
  rejected('typ JWT', 'signature_malformed', (ctx) => signedRequest(ctx, { sign: () => ({ header: { typ: 'JWT' } }) })),
  rejected('no typ', 'signature_malformed', (ctx) =>
    signedRequest(ctx, { sign: () => ({ header: { typ: undefined } }) }),
  ),
  rejected('no kid', 'signature_malformed', (ctx) =>
    signedRequest(ctx, { sign: () => ({ header: { kid: undefined } }) }),
  ),
  rejected('iss differs from sub', 'signature_malformed', (ctx) =>
    signedRequest(ctx, { sign: (c) => ({ claims: { sub: c.auditor.clientId } }) }),
  ),
  rejected('no iss and no sub', 'signature_malformed', (ctx) =>
    signedRequest(ctx, { sign: () => ({ claims: { iss: undefined, sub: undefined } }) }),
  ),
  // Client and key lookup.
  rejected('unknown client', 'unknown_client', (ctx) =>
    signedRequest(ctx, { client: (c) => ({ ...c.clinical, clientId: 'hostile-nobody' }) }),
  ),
  rejected('unknown kid', 'unknown_key', (ctx) =>
    signedRequest(ctx, { sign: () => ({ header: { kid: 'no-such-kid' } }) }),
  ),
  rejected("another client's kid", 'unknown_key', (ctx) =>
    signedRequest(ctx, { sign: (c) => ({ header: { kid: c.auditor.privateJwk.kid } }) }),
  ),
  rejected('revoked key', 'key_revoked', (ctx) => signedRequest(ctx, { client: (c) => c.revoked })),
  rejected('suspended client', 'client_suspended', (ctx) => signedRequest(ctx, { client: (c) => c.suspended }), 403),
  // Signature and standard claims.
  rejected("signed with another client's key", 'signature_invalid', (ctx) =>
    signedRequest(ctx, { sign: (c) => ({ signingJwk: c.auditor.privateJwk, alg: c.auditor.privateJwk.alg }) }),
  ),
  rejected('payload changed after signing', 'signature_invalid', (ctx) =>
    signedRequest(ctx, {
      token: (t) => {
        const [header, , signature] = t.split('.');
        const claims = JSON.parse(Buffer.from(t.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
        return `${header}.${segment({ ...claims, htu: '/v1/disclosures/batch' })}.${signature}`;
      },
    }),
  ),
  rejected('header alg unlike the key alg', 'signature_invalid', (ctx) =>
    signedRequest(ctx, {
      sign: (c) => ({ header: { alg: c.clinical.privateJwk.alg === 'EdDSA' ? 'ES256' : 'EdDSA' } }),
    }),
  ),
  rejected('wrong audience', 'audience_mismatch', (ctx) =>
    signedRequest(ctx, { sign: () => ({ audience: 'gatekeeper-prod' }) }),
  ),
  rejected('audience as an array', 'audience_mismatch', (ctx) =>
    signedRequest(ctx, { sign: (c) => ({ claims: { aud: [c.audience] } }) }),
  ),
  rejected('expired', 'signature_expired', (ctx) =>
    signedRequest(ctx, { sign: (c) => ({ claims: { iat: nowS(c) - 200, exp: nowS(c) - 60 } }) }),
  ),
  rejected('issued in the future', 'signature_not_yet_valid', (ctx) =>
    signedRequest(ctx, { sign: (c) => ({ claims: { iat: nowS(c) + 120, exp: nowS(c) + 240 } }) }),
  ),
  rejected('lifetime over 300 s', 'signature_lifetime_too_long', (ctx) =>
    signedRequest(ctx, { sign: () => ({ lifetimeS: 301 }) }),
  ),
  rejected('no exp', 'signature_malformed', (ctx) =>
    signedRequest(ctx, { sign: () => ({ claims: { exp: undefined } }) }),
  ),
  // Binding to method, path and body.
  rejected('htm mismatch', 'binding_mismatch', (ctx) => signedRequest(ctx, { signedMethod: 'PUT' })),
  rejected('htu names another path', 'binding_mismatch', (ctx) =>
    signedRequest(ctx, { signedPath: `${DISCLOSURES}/batch` }),
  ),
  rejected('htu with a query string', 'binding_mismatch', (ctx) =>
    signedRequest(ctx, { path: `${DISCLOSURES}?dryRun=1` }),
  ),
  rejected('query appended after signing', 'binding_mismatch', (ctx) =>
    signedRequest(ctx, { path: `${DISCLOSURES}?dryRun=1`, signedPath: DISCLOSURES }),
  ),
  rejected('body changed after signing', 'body_digest_mismatch', (ctx) =>
    signedRequest(ctx, { signedBody: BODY.replace('PAYMENT', 'DIRECT_CARE') }),
  ),
  rejected('digest over re-serialised JSON', 'body_digest_mismatch', (ctx) =>
    signedRequest(ctx, { body: BODY.replace(/,/g, ', '), signedBody: BODY }),
  ),
  rejected('malformed cdg', 'body_digest_mismatch', (ctx) =>
    signedRequest(ctx, { sign: () => ({ claims: { cdg: 'sha-256=:not base64:' } }) }),
  ),
  rejected('no cdg', 'signature_malformed', (ctx) =>
    signedRequest(ctx, { sign: () => ({ claims: { cdg: undefined } }) }),
  ),
  // Clients are looked up in the org the token names, so a client of another org is unknown there.
  rejected('token naming another org', 'unknown_client', (ctx) =>
    signedRequest(ctx, { sign: () => ({ org: 'other-org' }) }),
  ),
  // Replay.
  rejected('jti too short', 'signature_malformed', (ctx) => signedRequest(ctx, { sign: () => ({ jti: 'short' }) })),
  rejected('jti with forbidden characters', 'signature_malformed', (ctx) =>
    signedRequest(ctx, { sign: () => ({ jti: 'aaaaaaaaaaaaaaaa/../../' }) }),
  ),
  rejected('no jti', 'signature_malformed', (ctx) =>
    signedRequest(ctx, { sign: () => ({ claims: { jti: undefined } }) }),
  ),
  {
    ...rejected('replayed jti', 'replayed_request', (ctx) =>
      signedRequest(ctx, { client: (c) => c.admin, method: 'GET', path: '/v1/recipients' }),
    ),
    sendTimes: 2,
  },
  // After authentication: JSON, then scope.
  rejected('malformed JSON', 'malformed_json', (ctx) => signedRequest(ctx, { body: '{"requestId":' }), 400),
  rejected(
    '__proto__ key',
    'malformed_request',
    (ctx) => signedRequest(ctx, { body: '{"requestId":"x","__proto__":{"admin":true}}' }),
    400,
  ),
  rejected(
    'nested constructor key',
    'malformed_request',
    (ctx) => signedRequest(ctx, { body: '{"payload":{"constructor":{"prototype":{}}}}' }),
    400,
  ),
  rejected(
    'a key repeated in one object',
    'malformed_request',
    (ctx) =>
      signedRequest(ctx, { body: '{"requestId":"x","recipientId":"gp-riverside","recipientId":"ins-acme-health"}' }),
    400,
  ),
  rejected(
    'missing scope: clinical reads recipients',
    'forbidden_scope',
    (ctx) => signedRequest(ctx, { method: 'GET', path: '/v1/recipients' }),
    403,
  ),
  rejected(
    'missing scope: clinical reads checkpoints',
    'forbidden_scope',
    (ctx) => signedRequest(ctx, { method: 'GET', path: '/v1/audit/checkpoints' }),
    403,
  ),
]);
