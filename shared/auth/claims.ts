import { SignatureRejectedError } from './errors.ts';

/** api.md §1 time rules, in seconds. */
export const EXPIRY_LEEWAY_S = 30;
export const MAX_FUTURE_IAT_S = 60;
export const MAX_LIFETIME_S = 300;
/** The replay store keeps a jti this long past `exp` (api.md §1). */
export const REPLAY_RETENTION_AFTER_EXP_S = 60;

const JTI = /^[A-Za-z0-9._~-]{16,128}$/;

/** The claims of a request token whose signature has verified. */
export interface RequestClaims {
  readonly iss: string;
  readonly sub: string;
  readonly org: string;
  readonly aud: string | readonly unknown[];
  readonly iat: number;
  readonly exp: number;
  readonly jti: string;
  readonly htm: string;
  readonly htu: string;
  readonly cdg: string;
}

const STRING_CLAIMS = ['iss', 'sub', 'org', 'jti', 'htm', 'htu', 'cdg'] as const;

/**
 * Every claim is required; a missing or mistyped one makes the token malformed rather than
 * "mismatched", because there is nothing to compare.
 */
export function requireClaims(claims: Record<string, unknown>): RequestClaims {
  for (const name of STRING_CLAIMS) {
    if (typeof claims[name] !== 'string') throw new SignatureRejectedError('signature_malformed');
  }
  const aud = claims['aud'];
  if (typeof aud !== 'string' && !Array.isArray(aud)) throw new SignatureRejectedError('signature_malformed');
  for (const name of ['iat', 'exp'] as const) {
    if (typeof claims[name] !== 'number' || !Number.isFinite(claims[name])) {
      throw new SignatureRejectedError('signature_malformed');
    }
  }
  if (claims['iss'] !== claims['sub']) throw new SignatureRejectedError('signature_malformed');
  return claims as unknown as RequestClaims;
}

/**
 * `aud`, `iat`, `exp`, lifetime, in that order. `aud` must be exactly the audience string: an
 * array, even one holding it, is refused so a token cannot be minted for several deployments.
 */
export function checkStandardClaims(claims: RequestClaims, audience: string, nowMs: number): void {
  const now = nowMs / 1000;
  if (claims.aud !== audience) throw new SignatureRejectedError('audience_mismatch');
  if (claims.iat > now + MAX_FUTURE_IAT_S) throw new SignatureRejectedError('signature_not_yet_valid');
  if (claims.exp + EXPIRY_LEEWAY_S <= now) throw new SignatureRejectedError('signature_expired');
  // exp before iat is no lifetime at all: the token contradicts itself.
  if (claims.exp <= claims.iat) throw new SignatureRejectedError('signature_malformed');
  if (claims.exp - claims.iat > MAX_LIFETIME_S) throw new SignatureRejectedError('signature_lifetime_too_long');
}

export function isValidJti(jti: string): boolean {
  return JTI.test(jti);
}
