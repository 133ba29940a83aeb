import { SignatureRejectedError } from './errors.ts';

/** The algorithms a client may sign with (api.md §1); everything else, `none` and HS* included, is refused. */
export const ALLOWED_ALGORITHMS = Object.freeze(['ES256', 'EdDSA', 'PS256'] as const);
export type AllowedAlgorithm = (typeof ALLOWED_ALGORITHMS)[number];

export const REQUEST_TOKEN_TYPE = 'gk-req+jwt';

/** Fields that would let the caller choose the verification key or change JWS processing. */
export const FORBIDDEN_HEADER_FIELDS = Object.freeze(['jku', 'x5u', 'jwk', 'x5c', 'x5t', 'x5t#S256', 'crit', 'b64']);

/** Far above any honest token; bounds the work an anonymous caller can make us do before lookup. */
const MAX_TOKEN_LENGTH = 8192;
const COMPACT_JWS = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/;
const SCHEME = /^Signature +(\S+)$/i;

export interface ParsedToken {
  readonly compact: string;
  readonly alg: AllowedAlgorithm;
  readonly kid: string;
  /** Claims as sent, NOT yet verified: used only to find the client to verify against. */
  readonly unverifiedClientId: string;
  /** Client ids are unique within an org only, so the lookup needs the org the token names. */
  readonly unverifiedOrg: string;
}

/**
 * Extracts the compact JWS from `Authorization: Signature <jws>`. Another scheme (Bearer, Basic)
 * counts as missing: no Signature credential was presented at all.
 */
export function extractToken(authorization: string | undefined): string {
  const value = authorization?.trim();
  if (!value) throw new SignatureRejectedError('signature_missing');
  if (!/^Signature(\s|$)/i.test(value)) throw new SignatureRejectedError('signature_missing');
  const match = SCHEME.exec(value);
  if (!match?.[1] || match[1].length > MAX_TOKEN_LENGTH) throw new SignatureRejectedError('signature_malformed');
  return match[1];
}

/**
 * Parses and checks the untrusted parts of the token, in api.md §1 order: parseable, `alg`
 * allow-list, forbidden fields, `typ`. A missing `kid`, `iss`/`sub` that are absent or differ, or
 * no `org` leave nothing to look up, so they are `signature_malformed`.
 */
export function parseToken(compact: string): ParsedToken {
  const parts = COMPACT_JWS.exec(compact);
  if (!parts?.[1] || !parts[2]) throw new SignatureRejectedError('signature_malformed');
  const header = decodeSegment(parts[1]);
  const claims = decodeSegment(parts[2]);

  const alg = header['alg'];
  if (typeof alg !== 'string' || !(ALLOWED_ALGORITHMS as readonly string[]).includes(alg)) {
    throw new SignatureRejectedError('algorithm_not_allowed');
  }
  if (FORBIDDEN_HEADER_FIELDS.some((field) => Object.hasOwn(header, field))) {
    throw new SignatureRejectedError('header_not_allowed');
  }
  // api.md defines no code of its own for `typ`: a token of another type is not a gatekeeper
  // request token at all, hence malformed.
  if (header['typ'] !== REQUEST_TOKEN_TYPE) throw new SignatureRejectedError('signature_malformed');
  const kid = header['kid'];
  if (!isBoundedString(kid)) throw new SignatureRejectedError('signature_malformed');

  const iss = claims['iss'];
  if (!isBoundedString(iss) || claims['sub'] !== iss) throw new SignatureRejectedError('signature_malformed');
  const org = claims['org'];
  if (!isBoundedString(org)) throw new SignatureRejectedError('signature_malformed');
  return { compact, alg: alg as AllowedAlgorithm, kid, unverifiedClientId: iss, unverifiedOrg: org };
}

function isBoundedString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 256;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A base64url segment that must hold a JSON object; anything else is malformed. */
export function decodeSegment(segment: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(Buffer.from(segment, 'base64url')));
  } catch (error) {
    throw new SignatureRejectedError('signature_malformed', { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SignatureRejectedError('signature_malformed');
  }
  return value as Record<string, unknown>;
}
