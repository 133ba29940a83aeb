import {
  DisableKeyCommand,
  DisabledException,
  GetPublicKeyCommand,
  InvalidKeyUsageException,
  KMSInvalidSignatureException,
  SignCommand,
  UnsupportedOperationException,
  VerifyCommand,
  type SigningAlgorithmSpec,
} from '@aws-sdk/client-kms';
import { createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, rejectionOf, startKmsFixture, type KmsFixture } from './helpers.ts';

let fixture: KmsFixture;
let ed25519KeyId: string;
let p256KeyId: string;
const message = Buffer.from('origin\n1\nroot\n', 'utf8');

beforeAll(async () => {
  fixture = await startKmsFixture();
  ed25519KeyId = (await createKey(fixture.client, { KeySpec: 'ECC_NIST_EDWARDS25519', KeyUsage: 'SIGN_VERIFY' }))
    .KeyId!;
  p256KeyId = (await createKey(fixture.client, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })).KeyId!;
});
afterAll(async () => fixture.stop());

async function publicKeyOf(KeyId: string) {
  const output = await fixture.client.send(new GetPublicKeyCommand({ KeyId }));
  return { output, key: createPublicKey({ key: Buffer.from(output.PublicKey!), format: 'der', type: 'spki' }) };
}

function signRaw(KeyId: string, SigningAlgorithm: SigningAlgorithmSpec, Message: Uint8Array = message) {
  return fixture.client.send(new SignCommand({ KeyId, Message, MessageType: 'RAW', SigningAlgorithm }));
}

describe('GetPublicKey', () => {
  it('returns SPKI DER of the right curve with the key spec and algorithms', async () => {
    // Act
    const ed = await publicKeyOf(ed25519KeyId);
    const p256 = await publicKeyOf(p256KeyId);

    // Assess
    expect(ed.key.asymmetricKeyType).toBe('ed25519');
    expect(ed.output).toMatchObject({
      KeySpec: 'ECC_NIST_EDWARDS25519',
      KeyUsage: 'SIGN_VERIFY',
      SigningAlgorithms: ['ED25519_SHA_512'],
    });
    expect(p256.key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });

  it('raises UnsupportedOperationException for a symmetric key', async () => {
    // Prepare
    const symmetric = await createKey(fixture.client, {});

    // Act
    const error = await rejectionOf(fixture.client.send(new GetPublicKeyCommand({ KeyId: symmetric.KeyId })));

    // Assess
    expect(error).toBeInstanceOf(UnsupportedOperationException);
  });
});

describe('Sign', () => {
  it('signs Ed25519 (RAW) so that node:crypto verifies it with the published public key', async () => {
    // Act
    const output = await signRaw(ed25519KeyId, 'ED25519_SHA_512');

    // Assess
    const { key } = await publicKeyOf(ed25519KeyId);
    expect(output.Signature).toHaveLength(64);
    expect(output.SigningAlgorithm).toBe('ED25519_SHA_512');
    expect(verify(null, message, key, output.Signature!)).toBe(true);
    expect(verify(null, Buffer.from('other'), key, output.Signature!)).toBe(false);
  });

  it('signs ECDSA P-256 with a DER signature that node:crypto verifies over SHA-256', async () => {
    // Act
    const output = await signRaw(p256KeyId, 'ECDSA_SHA_256');

    // Assess
    const { key } = await publicKeyOf(p256KeyId);
    expect(output.Signature![0]).toBe(0x30);
    expect(verify('sha256', message, { key, dsaEncoding: 'der' }, output.Signature!)).toBe(true);
  });

  it('signs a message of exactly 4096 bytes but refuses 4097 with ValidationException', async () => {
    // Act
    const largest = await signRaw(ed25519KeyId, 'ED25519_SHA_512', Buffer.alloc(4096, 1));
    const error = await rejectionOf(signRaw(ed25519KeyId, 'ED25519_SHA_512', Buffer.alloc(4097, 1)));

    // Assess
    expect(largest.Signature).toHaveLength(64);
    expect(error.name).toBe('ValidationException');
  });

  it('raises InvalidKeyUsageException for an algorithm the key does not have, and for a MAC key', async () => {
    // Prepare
    const hmac = await createKey(fixture.client, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });

    // Act
    const errors = await Promise.all([
      rejectionOf(signRaw(p256KeyId, 'ECDSA_SHA_384')),
      rejectionOf(signRaw(p256KeyId, 'ED25519_SHA_512')),
      rejectionOf(signRaw(ed25519KeyId, 'ECDSA_SHA_256')),
      rejectionOf(signRaw(hmac.KeyId!, 'ECDSA_SHA_256')),
    ]);

    // Assess
    for (const error of errors) expect(error).toBeInstanceOf(InvalidKeyUsageException);
  });

  it('raises ValidationException for Ed25519 with MessageType DIGEST, as KMS does', async () => {
    // Act
    const error = await rejectionOf(
      fixture.client.send(
        new SignCommand({
          KeyId: ed25519KeyId,
          Message: Buffer.alloc(64),
          MessageType: 'DIGEST',
          SigningAlgorithm: 'ED25519_SHA_512',
        }),
      ),
    );

    // Assess
    expect(error.name).toBe('ValidationException');
  });

  it('raises DisabledException for a disabled key', async () => {
    // Prepare
    const key = await createKey(fixture.client, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    await fixture.client.send(new DisableKeyCommand({ KeyId: key.KeyId }));

    // Act
    const error = await rejectionOf(signRaw(key.KeyId!, 'ECDSA_SHA_256'));

    // Assess
    expect(error).toBeInstanceOf(DisabledException);
  });
});

describe('Verify', () => {
  it.each([
    ['Ed25519', () => ed25519KeyId, 'ED25519_SHA_512'],
    ['P-256', () => p256KeyId, 'ECDSA_SHA_256'],
  ] as const)(
    'accepts a good %s signature and raises KMSInvalidSignatureException for a bad one',
    async (_name, keyId, algorithm) => {
      // Prepare
      const { Signature } = await signRaw(keyId(), algorithm);
      const tampered = Buffer.from(Signature!);
      tampered[tampered.length - 1]! ^= 0x01;

      // Act
      const good = await fixture.client.send(
        new VerifyCommand({ KeyId: keyId(), Message: message, Signature, SigningAlgorithm: algorithm }),
      );
      const bad = await rejectionOf(
        fixture.client.send(
          new VerifyCommand({ KeyId: keyId(), Message: message, Signature: tampered, SigningAlgorithm: algorithm }),
        ),
      );

      // Assess
      expect(good.SignatureValid).toBe(true);
      expect(bad).toBeInstanceOf(KMSInvalidSignatureException);
    },
  );
});
