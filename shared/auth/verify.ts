import { compactVerify } from 'jose';
import { DependencyUnavailableError, GatekeeperError } from '../errors.ts';
import { sha256Digest } from '../canonical-json.ts';
import type { ClientRecord, ClientRegistry, ReplayStore, Scope } from '../ports/client-registry.ts';
import type { Clock } from '../ports/clock.ts';
import { PayloadTooLargeError, SignatureRejectedError, UnsupportedMediaTypeError } from './errors.ts';
import { extractToken, parseToken, type ParsedToken } from './token.ts';
import { verificationKey } from './keys.ts';
import { checkStandardClaims, isValidJti, REPLAY_RETENTION_AFTER_EXP_S, requireClaims, type RequestClaims } from './claims.ts';
import { checkMediaType, maxBodyBytes } from './limits.ts';

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
  const found = await dependency(() => deps.registry.getClient(token.unverifiedClientId));
  const { client, key } = checkClientAndKey(found, token);
  const claims = await verifySignature(token, key, deps.audience, deps.clock.now());
  const verifiedClientId = client.clientId;

  if (claims.htm !== input.method.toUpperCase() || claims.htu !== input.path || input.hasQuery) {
    throw new SignatureRejectedError('binding_mismatch', { verifiedClientId });
  }
  if (claims.cdg !== sha256Digest(input.body)) throw new SignatureRejectedError('body_digest_mismatch', { verifiedClientId });
  if (claims.org !== client.org) throw new SignatureRejectedError('org_mismatch', { verifiedClientId });
  if (!isValidJti(claims.jti)) throw new SignatureRejectedError('signature_malformed', { verifiedClientId });

  // Remembered only now, after the signature verified, so strangers cannot fill the store.
  const expiresAtMs = (claims.exp + REPLAY_RETENTION_AFTER_EXP_S) * 1000;
  const fresh = await dependency(() => deps.replay.remember(client.clientId, claims.jti, expiresAtMs));
  if (!fresh) throw new SignatureRejectedError('replayed_request', { verifiedClientId });

  return Object.freeze({ clientId: client.clientId, org: client.org, kid: token.kid, jti: claims.jti, scopes: client.scopes });
}

/** api.md order: unknown client, unknown or revoked key, then suspended client. */
function checkClientAndKey(
  client: ClientRecord | undefined,
  token: ParsedToken,
): { client: ClientRecord; key: ClientRecord['keys'][number] } {
  if (!client || client.clientId !== token.unverifiedClientId) throw new SignatureRejectedError('unknown_client');
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

/** Any failure of a store is `dependency_unavailable` (503): we fail closed, never open. */
async function dependency<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof GatekeeperError) throw error;
    throw new DependencyUnavailableError('A request verification store is unavailable', { cause: error });
  }
}
