import { constants, createHmac, createPrivateKey, randomBytes, sign, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { sha256Digest } from '../canonical-json.ts';

export const REQUEST_TOKEN_TYPE = 'gk-req+jwt';
export const DEFAULT_LIFETIME_S = 120;

/** A client's private signing key as a JWK; `kid` and `alg` are always present. */
export type ClientPrivateJwk = JWK & { readonly kid: string; readonly alg: string };

export interface SignatureOptions {
  readonly privateJwk: ClientPrivateJwk;
  readonly clientId: string;
  readonly org: string;
  readonly audience: string;
  readonly method: string;
  /** The path signed as `htu`; a query part, if any, is signed as given (the server refuses it). */
  readonly path: string;
  /** The bytes `cdg` covers; send other bytes to test digest binding. Default: no body. */
  readonly body?: Uint8Array | string;
  readonly nowMs?: number;
  readonly lifetimeS?: number;
  readonly jti?: string;
  /**
   * Overrides for the protected header and the claims, applied last. A value of `undefined`
   * removes the field (JSON drops it), so any field can be changed, added or left out.
   */
  readonly header?: Readonly<Record<string, unknown>>;
  readonly claims?: Readonly<Record<string, unknown>>;
  /**
   * Sign with this JWS algorithm instead of the key's: `none` (empty signature), `HS256`/`HS384`/
   * `HS512` (with `hmacSecret`), `RS256` (with an RSA `signingJwk`). Sets the header `alg` too,
   * unless `header.alg` says otherwise.
   */
  readonly alg?: string;
  readonly hmacSecret?: Uint8Array | string;
  /** Sign with this private key while the header still names `privateJwk.kid` (key substitution). */
  readonly signingJwk?: JWK;
}

/** Builds the compact JWS for `Authorization: Signature <jws>`. Low level: it refuses nothing. */
export function buildSignature(options: SignatureOptions): string {
  const alg = options.alg ?? options.privateJwk.alg;
  const iat = Math.floor((options.nowMs ?? Date.now()) / 1000);
  const header = { alg, typ: REQUEST_TOKEN_TYPE, kid: options.privateJwk.kid, ...options.header };
  const claims = {
    iss: options.clientId,
    sub: options.clientId,
    org: options.org,
    aud: options.audience,
    iat,
    exp: iat + (options.lifetimeS ?? DEFAULT_LIFETIME_S),
    jti: options.jti ?? newJti(),
    htm: options.method.toUpperCase(),
    htu: options.path,
    cdg: sha256Digest(options.body ?? new Uint8Array()),
    ...options.claims,
  };
  const signingInput = `${encodeSegment(header)}.${encodeSegment(claims)}`;
  const signature = signBytes(alg, Buffer.from(signingInput), options);
  return `${signingInput}.${signature.toString('base64url')}`;
}

/** 32 random bytes, base64url: 43 characters of the jti alphabet. */
export function newJti(): string {
  return randomBytes(32).toString('base64url');
}

export function authorizationHeader(token: string): string {
  return `Signature ${token}`;
}

function encodeSegment(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function signBytes(alg: string, data: Buffer, options: SignatureOptions): Buffer {
  if (alg === 'none') return Buffer.alloc(0);
  if (/^HS(256|384|512)$/.test(alg)) {
    if (options.hmacSecret === undefined) throw new Error(`${alg} needs hmacSecret`);
    return createHmac(`sha${alg.slice(2)}`, options.hmacSecret)
      .update(data)
      .digest();
  }
  const key = privateKeyObject(options.signingJwk ?? options.privateJwk);
  switch (alg) {
    case 'ES256':
      return sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' });
    case 'EdDSA':
      return sign(null, data, key);
    case 'PS256':
      return sign('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
    case 'RS256':
      return sign('sha256', data, { key, padding: constants.RSA_PKCS1_PADDING });
    default:
      throw new Error(`Cannot sign with algorithm ${alg}`);
  }
}

/**
 * Importing a JWK costs more than the ES256 signature it is for, and a client signs every request
 * with the same key object: each JWK object is imported once. Keyed by identity, so a JWK built
 * afresh (a test's substituted key) is imported afresh, and a forgotten one is collected.
 */
const imported = new WeakMap<JWK, KeyObject>();

function privateKeyObject(jwk: JWK): KeyObject {
  let key = imported.get(jwk);
  if (key === undefined) {
    key = createPrivateKey({ key: jwk, format: 'jwk' });
    imported.set(jwk, key);
  }
  return key;
}
