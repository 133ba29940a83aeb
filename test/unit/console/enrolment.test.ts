import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { enrolmentOf, normaliseEnrolmentCode } from '../../../shared/client/enrolment.ts';

async function freshPublicJwk() {
  const { publicKey } = await generateKeyPair('ES256', { extractable: true });
  const { x, y } = await exportJWK(publicKey);
  return { kty: 'EC' as const, crv: 'P-256' as const, x: x!, y: y! };
}

describe('enrolment codes of browser keys', () => {
  it('names a key by its RFC 7638 thumbprint and gives an 8-character code read from it', async () => {
    // Prepare
    const jwk = await freshPublicJwk();
    // Act
    const { kid, code } = await enrolmentOf(jwk);
    // Assess
    expect(kid).toBe(await calculateJwkThumbprint(jwk));
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  });

  it('gives two keys different codes, so a swapped key is caught', async () => {
    // Prepare
    const [a, b] = await Promise.all([freshPublicJwk(), freshPublicJwk()]);
    // Act
    const [first, second] = await Promise.all([enrolmentOf(a), enrolmentOf(b)]);
    // Assess
    expect(first.code).not.toBe(second.code);
  });

  it('reads a typed code whatever its case, spacing and the letters people confuse with digits', async () => {
    // Prepare
    const { code } = await enrolmentOf(await freshPublicJwk());
    const typed = ` ${code.toLowerCase().replace('-', ' ').replace(/1/g, 'l').replace(/0/g, 'o')} `;
    // Act + Assess
    expect(normaliseEnrolmentCode(typed)).toBe(code);
  });
});
