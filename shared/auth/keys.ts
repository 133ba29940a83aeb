import { importJWK, type CryptoKey, type JWK } from 'jose';
import { PromiseCache } from '../memoise.ts';
import type { RegisteredKey } from '../ports/client-registry.ts';
import type { AllowedAlgorithm } from './token.ts';
import { SignatureRejectedError } from './errors.ts';

const MIN_RSA_BITS = 2048;

/** Which key a given algorithm may be verified with; the header's `alg` never picks the key type. */
const KEY_SHAPES: Readonly<Record<AllowedAlgorithm, { kty: string; crv?: string }>> = Object.freeze({
  ES256: { kty: 'EC', crv: 'P-256' },
  EdDSA: { kty: 'OKP', crv: 'Ed25519' },
  PS256: { kty: 'RSA' },
});

/** Public members per key type: copying only these means a registered private `d` is never imported. */
const PUBLIC_MEMBERS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  EC: ['kty', 'crv', 'x', 'y'],
  OKP: ['kty', 'crv', 'x'],
  RSA: ['kty', 'n', 'e'],
});

/**
 * Why a registered key cannot verify a token signed with `alg`, or undefined when it can. Also used
 * by the admin API to refuse unfit keys at registration time.
 */
export function keyUnfitReason(jwk: RegisteredKey['jwk'], alg: AllowedAlgorithm): string | undefined {
  const shape = KEY_SHAPES[alg];
  if (jwk.kty !== shape.kty) return 'key type does not fit the algorithm';
  if (shape.crv !== undefined && jwk['crv'] !== shape.crv) return 'curve does not fit the algorithm';
  if (jwk['alg'] !== undefined && jwk['alg'] !== alg) return 'key is registered for another algorithm';
  if (jwk['use'] !== undefined && jwk['use'] !== 'sig') return 'key is not a signing key';
  if (jwk.kty === 'RSA' && rsaModulusBits(jwk['n']) < MIN_RSA_BITS) return 'RSA key is shorter than 2048 bits';
  return undefined;
}

/** The declared algorithm of a registered key, inferred from its type when it declares none. */
export function algorithmOfKey(jwk: RegisteredKey['jwk']): AllowedAlgorithm | undefined {
  const declared = jwk['alg'];
  if (declared !== undefined) return (Object.keys(KEY_SHAPES) as AllowedAlgorithm[]).find((alg) => alg === declared);
  return (Object.keys(KEY_SHAPES) as AllowedAlgorithm[]).find((alg) => keyUnfitReason(jwk, alg) === undefined);
}

function rsaModulusBits(n: unknown): number {
  if (typeof n !== 'string') return 0;
  const bytes = Buffer.from(n, 'base64url');
  const first = bytes.findIndex((byte) => byte !== 0);
  if (first < 0) return 0;
  return (bytes.length - first) * 8 - Math.clz32(bytes[first] ?? 0) + 24;
}

/**
 * Imported verification keys, by algorithm and public key content. Importing costs tens of µs per
 * request; the content is public and identifies the key, and whether the key may be used (client
 * status, revocation) is decided from the registry before this, on every request.
 */
const importedKeys = new PromiseCache<CryptoKey>(256);

/** Imports the registered public key for `alg`, or rejects with `signature_invalid`. */
export async function verificationKey(registered: RegisteredKey, alg: AllowedAlgorithm): Promise<CryptoKey> {
  if (keyUnfitReason(registered.jwk, alg) !== undefined) throw new SignatureRejectedError('signature_invalid');
  const members = PUBLIC_MEMBERS[registered.jwk.kty] ?? [];
  const publicJwk: JWK = Object.fromEntries(members.map((name) => [name, registered.jwk[name]]));
  return importedKeys.get(`${alg}|${JSON.stringify(publicJwk)}`, () => importVerificationKey(publicJwk, alg));
}

async function importVerificationKey(publicJwk: JWK, alg: AllowedAlgorithm): Promise<CryptoKey> {
  try {
    const key = await importJWK(publicJwk, alg);
    if (key instanceof Uint8Array) throw new SignatureRejectedError('signature_invalid');
    return key;
  } catch (error) {
    if (error instanceof SignatureRejectedError) throw error;
    throw new SignatureRejectedError('signature_invalid', { cause: error });
  }
}
