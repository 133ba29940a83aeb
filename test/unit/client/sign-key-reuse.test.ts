import { describe, expect, it } from 'vitest';
import { compactVerify, importJWK } from 'jose';
import { buildSignature, generateClientKey } from '../../../shared/client/index.ts';

const NOW = Date.UTC(2026, 10, 22, 9, 0, 0);
const BASE = { clientId: 'c1', org: 'demo', audience: 'gatekeeper-local', method: 'GET', path: '/v1/recipients' };

/** Whether `token` verifies under `publicJwk`. */
async function verifiesWith(token: string, publicJwk: Record<string, unknown>): Promise<boolean> {
  const key = await importJWK(publicJwk, 'ES256');
  return compactVerify(token, key).then(
    () => true,
    () => false,
  );
}

describe('buildSignature reuses the imported private key', () => {
  it('signs every request of one JWK object with that key', async () => {
    // Prepare
    const key = await generateClientKey('ES256', 'k1');
    // Act
    const tokens = [1, 2, 3].map((n) => buildSignature({ ...BASE, privateJwk: key.privateJwk, nowMs: NOW + n }));
    // Assess
    for (const token of tokens) expect(await verifiesWith(token, key.publicJwk)).toBe(true);
  });

  it('signs with the key a JWK holds, not with one imported earlier under the same kid', async () => {
    // Prepare: two keys named alike; the first is imported (and remembered) by signing with it.
    const first = await generateClientKey('ES256', 'same-kid');
    const second = await generateClientKey('ES256', 'same-kid');
    buildSignature({ ...BASE, privateJwk: first.privateJwk, nowMs: NOW });
    // Act
    const token = buildSignature({ ...BASE, privateJwk: second.privateJwk, nowMs: NOW });
    // Assess
    expect(await verifiesWith(token, second.publicJwk)).toBe(true);
    expect(await verifiesWith(token, first.publicJwk)).toBe(false);
  });

  it('signs with a substituted key given as a fresh JWK, while the header names the registered kid', async () => {
    // Prepare
    const registered = await generateClientKey('ES256', 'k1');
    const attacker = await generateClientKey('ES256', 'k1');
    buildSignature({ ...BASE, privateJwk: registered.privateJwk, nowMs: NOW });
    // Act
    const token = buildSignature({
      ...BASE,
      privateJwk: registered.privateJwk,
      signingJwk: { ...attacker.privateJwk },
      nowMs: NOW,
    });
    // Assess
    expect(await verifiesWith(token, attacker.publicJwk)).toBe(true);
    expect(await verifiesWith(token, registered.publicJwk)).toBe(false);
  });
});
