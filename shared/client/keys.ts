import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import type { ClientPrivateJwk } from './sign.ts';

export type ClientKeyAlgorithm = 'ES256' | 'EdDSA' | 'PS256';

/** A public JWK as the admin API registers it: public members plus kid, alg and use. */
export type ClientPublicJwk = {
  readonly kty: string;
  readonly kid: string;
  readonly alg: string;
  readonly [member: string]: unknown;
};

export interface ClientKeyPair {
  readonly privateJwk: ClientPrivateJwk;
  readonly publicJwk: ClientPublicJwk;
}

/**
 * A fresh signing key for a client. The kid defaults to the RFC 7638 thumbprint, so it is unique
 * without coordination and says nothing about the client.
 */
export async function generateClientKey(alg: ClientKeyAlgorithm, kid?: string): Promise<ClientKeyPair> {
  const pair = await generateKeyPair(
    alg,
    alg === 'EdDSA' ? { extractable: true, crv: 'Ed25519' } : { extractable: true },
  );
  const publicMembers = await exportJWK(pair.publicKey);
  const keyId = kid ?? (await calculateJwkThumbprint(publicMembers));
  const meta = { kid: keyId, alg, use: 'sig' };
  return {
    privateJwk: { ...(await exportJWK(pair.privateKey)), ...meta },
    publicJwk: { ...publicMembers, kty: String(publicMembers.kty), ...meta },
  };
}

/** The public half of a private JWK (drops every private member). */
export function publicJwkOf(privateJwk: ClientPrivateJwk): ClientPublicJwk {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, oth: _oth, ...rest } = privateJwk;
  return { ...rest, kty: String(rest.kty) };
}
