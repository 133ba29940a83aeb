import { createPublicKey } from 'node:crypto';
import { base64url, calculateJwkThumbprint, type JWK } from 'jose';
import { memoise } from '../memoise.ts';
import type { KeyService, SigningKeyVersion, SigningPurpose } from '../ports/key-service.ts';

/** An authorisation's `exp` is `iat` plus this (audit.md §6). */
export const AUTHORISATION_LIFETIME_SECONDS = 7 * 24 * 3600;

const ALG: Readonly<Record<SigningPurpose, 'EdDSA' | 'ES256'>> = { CHECKPOINT: 'EdDSA', AUTHORISATION: 'ES256' };

/** A KMS signing key's public JWK (default: the purpose's active key), with its RFC 7638 thumbprint as `kid`. */
export async function publicJwk(
  keys: KeyService,
  purpose: SigningPurpose,
  ref?: string,
): Promise<JWK & { kid: string }> {
  const spki = await keys.publicKey(purpose, ref);
  const jwk = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }).export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(jwk);
  return { ...jwk, kid, use: 'sig', alg: ALG[purpose] };
}

/**
 * `/.well-known/jwks.json` at `now` (api.md §4.5): every checkpoint key (Ed25519), for ever, since
 * every retained checkpoint must still verify; and the authorisation keys (ES256) whose last token
 * may not have expired yet. Active keys come first in each purpose.
 */
export async function gatekeeperJwks(keys: KeyService, now: number): Promise<{ keys: JWK[] }> {
  const published = [
    ...keys.signingKeys('CHECKPOINT').map((version) => ({ purpose: 'CHECKPOINT' as const, version })),
    ...keys
      .signingKeys('AUTHORISATION')
      .filter((version) => authorisationKeyStillNeeded(version, now))
      .map((version) => ({ purpose: 'AUTHORISATION' as const, version })),
  ];
  return { keys: await Promise.all(published.map(({ purpose, version }) => publicJwk(keys, purpose, version.ref))) };
}

/** A retired authorisation key signed nothing after `retiredAt`, so its last token expires a lifetime later. */
export function authorisationKeyStillNeeded(version: SigningKeyVersion, now: number): boolean {
  return version.retiredAt === undefined || now < version.retiredAt + AUTHORISATION_LIFETIME_SECONDS * 1000;
}

export interface AuthorisationClaims {
  readonly iss: string;
  readonly sub: string;
  readonly aud: string;
  readonly org: string;
  readonly iat: number;
  readonly exp: number;
  readonly pdg: string;
  readonly flow: string;
  readonly purpose: string;
  readonly rcpt: { origin: string; index: number; leafHash: string; entryId: string };
}

/**
 * Disclosure authorisations (audit.md §6): a compact JWS signed inside KMS (ECDSA P-256). The
 * adapter returns the raw R‖S the JWS needs, so any JOSE library verifies it against our JWKS.
 */
export class AuthorisationSigner {
  readonly #keys: KeyService;
  /** The key's thumbprint never changes; a failed GetPublicKey is retried by the next ALLOW. */
  readonly #kid: () => Promise<string>;

  constructor(keys: KeyService) {
    this.#keys = keys;
    this.#kid = memoise(async () => (await publicJwk(keys, 'AUTHORISATION')).kid);
  }

  async sign(claims: AuthorisationClaims): Promise<string> {
    const header = { alg: 'ES256', typ: 'gk-authz+jwt', kid: await this.#kid() };
    const signingInput = `${base64url.encode(JSON.stringify(header))}.${base64url.encode(JSON.stringify(claims))}`;
    const signature = await this.#keys.sign('AUTHORISATION', new TextEncoder().encode(signingInput));
    return `${signingInput}.${base64url.encode(signature)}`;
  }
}
