/**
 * Enrolling a person's browser key (console.md §1). The browser shows its public JWK and a short
 * enrolment code; the admin who registers the key (`gatekeeper clients enrol`) types the code the
 * person reads out, and the command refuses a key whose code differs: a JWK swapped on its way to
 * the admin is caught before it is registered.
 *
 * The code is the first 40 bits of the key's RFC 7638 thumbprint in Crockford base32 (no I, L, O,
 * U: nothing to misread), as XXXX-XXXX. WebCrypto only, so the browser and the CLI share it.
 */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export interface EcPublicJwk {
  readonly kty: 'EC';
  readonly crv: 'P-256';
  readonly x: string;
  readonly y: string;
}

/** RFC 7638: SHA-256 over the required members in lexicographic order, base64url. */
export async function ecThumbprint(jwk: EcPublicJwk): Promise<string> {
  const members = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(members)));
  return btoa(String.fromCharCode(...digest))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

export function enrolmentCodeOf(thumbprint: string): string {
  const bytes = Uint8Array.from(atob(thumbprint.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  let bits = 0n;
  for (const byte of bytes.subarray(0, 5)) bits = (bits << 8n) | BigInt(byte);
  let code = '';
  for (let shift = 35n; shift >= 0n; shift -= 5n) code += CROCKFORD[Number((bits >> shift) & 31n)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** What a typed code means: case, spaces and the letters people confuse with digits do not matter. */
export function normaliseEnrolmentCode(typed: string): string {
  const clean = typed.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  return clean.length === 8 ? `${clean.slice(0, 4)}-${clean.slice(4)}` : clean;
}

export async function enrolmentOf(jwk: EcPublicJwk): Promise<{ kid: string; code: string }> {
  const kid = await ecThumbprint(jwk);
  return { kid, code: enrolmentCodeOf(kid) };
}
