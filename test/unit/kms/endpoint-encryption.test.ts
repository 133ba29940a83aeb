import {
  DecryptCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  IncorrectKeyException,
  InvalidCiphertextException,
  InvalidKeyUsageException,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, rejectionOf, startKmsFixture, type KmsFixture } from './helpers.ts';

let fixture: KmsFixture;
let keyId: string;
let keyArn: string;
const context = { org: 'demo', purpose: 'test' };

beforeAll(async () => {
  fixture = await startKmsFixture();
  const metadata = await createKey(fixture.client, { KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT' });
  [keyId, keyArn] = [metadata.KeyId!, metadata.Arn!];
});
afterAll(async () => fixture.stop());

async function encrypt(plaintext: string) {
  return fixture.client.send(
    new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from(plaintext), EncryptionContext: context }),
  );
}

describe('Encrypt and Decrypt', () => {
  it('round-trips, finding the key from the ciphertext alone', async () => {
    // Prepare
    const encrypted = await encrypt('secret');

    // Act
    const decrypted = await fixture.client.send(
      new DecryptCommand({
        CiphertextBlob: encrypted.CiphertextBlob,
        EncryptionContext: { purpose: 'test', org: 'demo' },
      }),
    );

    // Assess
    expect(Buffer.from(encrypted.CiphertextBlob!).includes(Buffer.from('secret'))).toBe(false);
    expect(Buffer.from(decrypted.Plaintext!).toString()).toBe('secret');
    expect(decrypted).toMatchObject({ KeyId: keyArn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
  });

  it('raises InvalidCiphertextException for another encryption context or a tampered blob', async () => {
    // Prepare
    const { CiphertextBlob } = await encrypt('secret');
    const tampered = Buffer.from(CiphertextBlob!);
    tampered[tampered.length - 1]! ^= 0x01;

    // Act
    const otherContext = await rejectionOf(
      fixture.client.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { org: 'other' } })),
    );
    const tamperedBlob = await rejectionOf(
      fixture.client.send(new DecryptCommand({ CiphertextBlob: tampered, EncryptionContext: context })),
    );
    const foreign = await rejectionOf(fixture.client.send(new DecryptCommand({ CiphertextBlob: Buffer.alloc(80, 3) })));

    // Assess
    for (const error of [otherContext, tamperedBlob, foreign]) expect(error).toBeInstanceOf(InvalidCiphertextException);
  });

  it('raises IncorrectKeyException when the request names another key than the ciphertext', async () => {
    // Prepare
    const other = await createKey(fixture.client, {});
    const { CiphertextBlob } = await encrypt('secret');

    // Act
    const error = await rejectionOf(
      fixture.client.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: context, KeyId: other.KeyId })),
    );

    // Assess
    expect(error).toBeInstanceOf(IncorrectKeyException);
  });

  it('raises InvalidKeyUsageException when encrypting with a MAC key', async () => {
    // Prepare
    const hmac = await createKey(fixture.client, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });

    // Act
    const error = await rejectionOf(
      fixture.client.send(new EncryptCommand({ KeyId: hmac.KeyId, Plaintext: Buffer.from('x') })),
    );

    // Assess
    expect(error).toBeInstanceOf(InvalidKeyUsageException);
  });
});

describe('GenerateDataKey', () => {
  it('returns a 32-byte AES_256 data key and a blob that decrypts to it', async () => {
    // Act
    const dataKey = await fixture.client.send(
      new GenerateDataKeyCommand({ KeyId: keyArn, KeySpec: 'AES_256', EncryptionContext: context }),
    );
    const decrypted = await fixture.client.send(
      new DecryptCommand({ CiphertextBlob: dataKey.CiphertextBlob, EncryptionContext: context }),
    );

    // Assess
    expect(dataKey.Plaintext).toHaveLength(32);
    expect(Buffer.from(decrypted.Plaintext!)).toEqual(Buffer.from(dataKey.Plaintext!));
  });

  it('honours NumberOfBytes and refuses both or neither of KeySpec and NumberOfBytes', async () => {
    // Act
    const sized = await fixture.client.send(new GenerateDataKeyCommand({ KeyId: keyId, NumberOfBytes: 7 }));
    const both = await rejectionOf(
      fixture.client.send(new GenerateDataKeyCommand({ KeyId: keyId, NumberOfBytes: 7, KeySpec: 'AES_128' })),
    );
    const neither = await rejectionOf(fixture.client.send(new GenerateDataKeyCommand({ KeyId: keyId })));

    // Assess
    expect(sized.Plaintext).toHaveLength(7);
    expect([both.name, neither.name]).toEqual(['ValidationException', 'ValidationException']);
  });
});
