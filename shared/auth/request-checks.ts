/**
 * The checks of api.md §1 that come before the replay store, in its order, against one registry
 * record: client and key, signature and standard claims, method and path binding, body digest.
 * `verify.ts` decides which record they run against and when the request is admitted.
 */
import { compactVerify } from 'jose';
import { sha256Digest } from '../canonical-json.ts';
import type { ClientRecord, RegisteredKey } from '../ports/client-registry.ts';
import { SignatureRejectedError } from './errors.ts';
import type { ParsedToken } from './token.ts';
import { verificationKey } from './keys.ts';
import { checkStandardClaims, isValidJti, requireClaims, type RequestClaims } from './claims.ts';

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

/** A request that passed every check before the replay store, and what it passed them against. */
export interface CheckedRequest {
  readonly client: ClientRecord;
  readonly key: RegisteredKey;
  readonly claims: RequestClaims;
}

/** Every api.md §1 check that comes before the replay store, in its order, against `found`. */
export async function checkRequest(
  found: ClientRecord | undefined,
  token: ParsedToken,
  input: SignedRequestInput,
  expected: { readonly audience: string; readonly nowMs: number },
): Promise<CheckedRequest> {
  const { client, key } = checkClientAndKey(found, token);
  const claims = await verifySignature(token, key, expected.audience, expected.nowMs);
  const verifiedClientId = client.clientId;

  if (claims.htm !== input.method.toUpperCase() || claims.htu !== input.path || input.hasQuery) {
    throw new SignatureRejectedError('binding_mismatch', { verifiedClientId });
  }
  if (claims.cdg !== sha256Digest(input.body))
    throw new SignatureRejectedError('body_digest_mismatch', { verifiedClientId });
  if (!isValidJti(claims.jti)) throw new SignatureRejectedError('signature_malformed', { verifiedClientId });
  return { client, key, claims };
}

/**
 * api.md order: unknown client, unknown or revoked key, then suspended client. The `org` binding
 * is settled here: the client was looked up in the org the token names, and a record of another
 * org (a registry defect) is unknown too, so `org_mismatch` can no longer arise from a token.
 */
export function checkClientAndKey(
  client: ClientRecord | undefined,
  token: ParsedToken,
): { client: ClientRecord; key: RegisteredKey } {
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
