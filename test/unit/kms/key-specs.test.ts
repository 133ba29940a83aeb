/** privateKeyOf: the local KMS parses a key's material once, and never answers for other material. */
import { createPublicKey, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateMaterial, privateKeyOf } from '../../../local-kms/key-specs.ts';

describe('privateKeyOf', () => {
  it('answers the same key object for the same material', () => {
    // Prepare
    const material = generateMaterial('ECC_NIST_P256');

    // Act
    const first = privateKeyOf(material);
    const second = privateKeyOf(material);

    // Assess
    expect(second).toBe(first);
  });

  it("answers each material's own key, whatever was parsed before", () => {
    // Prepare: two keys, and a copy of the first in another buffer.
    const a = generateMaterial('ECC_NIST_P256');
    const b = generateMaterial('ECC_NIST_P256');
    const copyOfA = Buffer.from(a);
    const message = Buffer.from('checkpoint');

    // Act
    const signedByA = sign('sha256', message, privateKeyOf(a));
    const signedByB = sign('sha256', message, privateKeyOf(b));
    const signedByCopy = sign('sha256', message, privateKeyOf(copyOfA));

    // Assess
    const publicA = createPublicKey(privateKeyOf(a));
    expect(verify('sha256', message, publicA, signedByA)).toBe(true);
    expect(verify('sha256', message, publicA, signedByCopy)).toBe(true);
    expect(verify('sha256', message, publicA, signedByB)).toBe(false);
  });
});
