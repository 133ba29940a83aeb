import { compactVerify } from 'jose';
import { DependencyUnavailableError, GatekeeperError } from '../errors.ts';
import { sha256Digest } from '../canonical-json.ts';
import type { ClientRecord, ClientRegistry, ReplayStore, Scope } from '../ports/client-registry.ts';
import type { Clock } from '../ports/clock.ts';
import { PayloadTooLargeError, SignatureRejectedError, UnsupportedMediaTypeError } from './errors.ts';
import { extractToken, parseToken, type ParsedToken } from './token.ts';
import { verificationKey } from './keys.ts';
import {
  checkStandardClaims,
  isValidJti,
  REPLAY_RETENTION_AFTER_EXP_S,
  requireClaims,
  type RequestClaims,
} from './claims.ts';
import { checkMediaType, maxBodyBytes } from './limits.ts';
import { idSchema } from '../schemas/ids.ts';

/** A request as it arrived, before any parsing: the digest is over these exact body bytes. */
export interface SignedRequestInput {
  /** HTTP method as received. */
  readonly method: string;
  /** Path exactly as sent, without scheme, host or query. */
  readonly path: string;
  /** True when the request carried a query string: never signed, so never accepted. */
  readonly hasQuery: boolean;
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  readonly body: Uint8Array;
}

export interface VerifierDeps {
  readonly registry: ClientRegistry;
  readonly replay: ReplayStore;
  readonly clock: Clock;
  /** The deployment's configured audience string (local: `gatekeeper-local`). */
  readonly audience: string;
}

/** Who is calling, as established by a verified signature and the server-side registry. */
export interface VerifiedCaller {
  readonly clientId: string;
  readonly org: string;
  readonly kid: string;
  readonly jti: string;
  /** From the registry, never from the token (api.md §3). */
  readonly scopes: readonly Scope[];
}

/**
 * Verifies a signed request in exactly the order of api.md §1 and stops at the first failure.
 * Registry and replay store failures fail closed as `dependency_unavailable`.
 */
export async function verifySignedRequest(input: SignedRequestInput, deps: VerifierDeps): Promise<VerifiedCaller> {
  if (input.body.byteLength > maxBodyBytes(input.path)) throw new PayloadTooLargeError();
  if (!checkMediaType(input.contentType, input.body.byteLength)) throw new UnsupportedMediaTypeError();

  const token = parseToken(extractToken(input.authorization));
  // Looked up by (org, iss) as the token names them: a client of another org is not found, so
  // no answer can tell whether another org uses this id (api.md §4.4).
  const found =
    isId(token.unverifiedOrg) && isId(token.unverifiedClientId)
      ? await dependency(() => deps.registry.getClient(token.unverifiedOrg, token.unverifiedClientId))
      : undefined;
  const { client, key } = checkClientAndKey(found, token);
  const claims = await verifySignature(token, key, deps.audience, deps.clock.now());
  const verifiedClientId = client.clientId;

  if (claims.htm !== input.method.toUpperCase() || claims.htu !== input.path || input.hasQuery) {
    throw new SignatureRejectedError('binding_mismatch', { verifiedClientId });
  }
  if (claims.cdg !== sha256Digest(input.body))
    throw new SignatureRejectedError('body_digest_mismatch', { verifiedClientId });
  if (!isValidJti(claims.jti)) throw new SignatureRejectedError('signature_malformed', { verifiedClientId });

  // Remembered only now, after the signature verified, so strangers cannot fill the store.
  const expiresAtMs = (claims.exp + REPLAY_RETENTION_AFTER_EXP_S) * 1000;
  const fresh = await dependency(() => deps.replay.remember(client.org, client.clientId, claims.jti, expiresAtMs));
  if (!fresh) throw new SignatureRejectedError('replayed_request', { verifiedClientId });

  return Object.freeze({
    clientId: client.clientId,
    org: client.org,
    kid: token.kid,
    jti: claims.jti,
    scopes: client.scopes,
  });
}

/**
 * api.md order: unknown client, unknown or revoked key, then suspended client. The `org` binding
 * is settled here: the client was looked up in the org the token names, and a record of another
 * org (a registry defect) is unknown too, so `org_mismatch` can no longer arise from a token.
 */
function checkClientAndKey(
  client: ClientRecord | undefined,
  token: ParsedToken,
): { client: ClientRecord; key: ClientRecord['keys'][number] } {
  if (!client || client.clientId !== token.unverifiedClientId || client.org !== token.unverifiedOrg)
    throw new SignatureRejectedError('unknown_client');
  const key = client.keys.find((candidate) => candidate.kid === token.kid);
  if (!key) throw new SignatureRejectedError('unknown_key');
  if (key.status !== 'ACTIVE') throw new SignatureRejectedError('key_revoked');
  if (client.status !== 'ACTIVE') throw new SignatureRejectedError('client_suspended');
  return { client, key };
}

async function verifySignature(
  token: ParsedToken,
  registered: ClientRecord['keys'][number],
  audience: string,
  nowMs: number,
): Promise<RequestClaims> {
  const key = await verificationKey(registered, token.alg);
  let payload: Uint8Array;
  try {
    // The allow-list holds only the algorithm the key was imported for: no algorithm confusion.
    ({ payload } = await compactVerify(token.compact, key, { algorithms: [token.alg] }));
  } catch (error) {
    throw new SignatureRejectedError('signature_invalid', { cause: error });
  }
  const claims = requireClaims(parseVerifiedPayload(payload));
  checkStandardClaims(claims, audience, nowMs);
  return claims;
}

function parseVerifiedPayload(payload: Uint8Array): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch (error) {
    throw new SignatureRejectedError('signature_malformed', { cause: error });
  }
  throw new SignatureRejectedError('signature_malformed');
}

/** Only a registrable id can name a client: anything else is unknown without asking the store. */
function isId(value: string): boolean {
  return idSchema.safeParse(value).success;
}

/** Any failure of a store is `dependency_unavailable` (503): we fail closed, never open. */
async function dependency<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof GatekeeperError) throw error;
    throw new DependencyUnavailableError('A request verification store is unavailable', { cause: error });
  }
}
