import { createHash } from 'node:crypto';

/**
 * RFC 8785 (JCS) canonical JSON. Used for audit entries, payload digests and the policy digest, so
 * anyone can recompute our hashes with any JCS implementation.
 *
 * ECMAScript's own JSON.stringify already serialises strings and finite numbers exactly as JCS
 * requires; what JCS adds is the key order (UTF-16 code units, which is JS's default sort).
 */
export class CanonicalJsonError extends Error {
  readonly code = 'canonical_json_invalid' as const;
}

export function canonicalize(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError('Non-finite numbers have no JSON form');
      return JSON.stringify(value);
    case 'object':
      return Array.isArray(value) ? canonicalArray(value) : canonicalObject(value as Record<string, unknown>);
    default:
      throw new CanonicalJsonError(`A ${typeof value} has no JSON form`);
  }
}

function canonicalArray(items: readonly unknown[]): string {
  return `[${items.map((item) => canonicalize(item === undefined ? null : item)).join(',')}]`;
}

function canonicalObject(object: Record<string, unknown>): string {
  const members = Object.keys(object)
    .filter((key) => object[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalize(object[key])}`);
  return `{${members.join(',')}}`;
}

export function canonicalBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalize(value));
}

/** RFC 9530 digest form used throughout the API: `sha-256=:<base64>:`. */
export function sha256Digest(bytes: Uint8Array | string): string {
  return `sha-256=:${createHash('sha256').update(bytes).digest('base64')}:`;
}

/** The digest of a JSON value's canonical form (payloadDigest, policy digest). */
export function canonicalDigest(value: unknown): string {
  return sha256Digest(canonicalBytes(value));
}
