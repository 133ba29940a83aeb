import {
  GenerateMacCommand,
  GetParametersForImportCommand,
  ImportKeyMaterialCommand,
  IncorrectKeyMaterialException,
  InvalidCiphertextException,
  InvalidImportTokenException,
  InvalidKeyUsageException,
  KMSInvalidMacException,
  KMSInvalidStateException,
  UnsupportedOperationException,
  VerifyMacCommand,
} from '@aws-sdk/client-kms';
import { createHmac, createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SPEC_TEST_HMAC_KEY,
  createImportedHmacKey,
  createKey,
  importMaterial,
  rejectionOf,
  startKmsFixture,
  wrapKeyMaterial,
  type KmsFixture,
} from './helpers.ts';

let fixture: KmsFixture;
let specKeyId: string;

beforeAll(async () => {
  fixture = await startKmsFixture();
  specKeyId = (await createImportedHmacKey(fixture.client)).KeyId!;
});
afterAll(async () => fixture.stop());

function generateMac(
  KeyId: string,
  message: string | Buffer,
  MacAlgorithm: 'HMAC_SHA_256' | 'HMAC_SHA_512' = 'HMAC_SHA_256',
) {
  return fixture.client.send(new GenerateMacCommand({ KeyId, Message: Buffer.from(message), MacAlgorithm }));
}

describe('GenerateMac with the spec test key imported through GetParametersForImport/ImportKeyMaterial', () => {
  // pseudonymisation.md, "Test vectors" (without the `v1.` prefix, which the adapter's caller adds).
  it.each([
    ['gk1|demo|PHIN|LOCAL_ID|MRN-1', 'P8B1e31A-qw8Rf-BGRqsbgvzTlEXsop8qSDTmalaLyU'],
    ['gk1|demo|PHIN|EPISODE|EP-2026-0042', '4gtUcL5aYuWCMdTXmJD-7d1-dfyHqPaMgDoy8kMIHKc'],
    ['gk1|demo|PHIN|NHS_NUMBER|9990000018', 'YpU5fCvVQeMDKer5VS13pZ6onS7P954oI-gpzglYp3c'],
    ['gk1|demo|AUDIT|NHS_NUMBER|9990000018', '_6XA6Pf4hJUSZtdHUI5En95R620zXOxBvQ1kPFTAFFg'],
    ['gk1|other|PHIN|LOCAL_ID|MRN-1', 'QX8RedMSnDWMDz3MfpXypba-Ilc-gPmmOaA2L3DRk_4'],
  ])('MAC of %s matches node:crypto and the spec vector', async (message, vector) => {
    // Act
    const output = await generateMac(specKeyId, message);

    // Assess
    const independent = createHmac('sha256', SPEC_TEST_HMAC_KEY).update(message, 'utf8').digest();
    expect(Buffer.from(output.Mac!)).toEqual(independent);
    expect(Buffer.from(output.Mac!).toString('base64url')).toBe(vector);
    expect(output.MacAlgorithm).toBe('HMAC_SHA_256');
  });

  it('VerifyMac accepts the right MAC and raises KMSInvalidMacException for a wrong one', async () => {
    // Prepare
    const { Mac } = await generateMac(specKeyId, 'm');
    const wrong = Buffer.from(Mac!);
    wrong[0]! ^= 0xff;

    // Act
    const good = await fixture.client.send(
      new VerifyMacCommand({ KeyId: specKeyId, Message: Buffer.from('m'), MacAlgorithm: 'HMAC_SHA_256', Mac }),
    );
    const bad = await rejectionOf(
      fixture.client.send(
        new VerifyMacCommand({ KeyId: specKeyId, Message: Buffer.from('m'), MacAlgorithm: 'HMAC_SHA_256', Mac: wrong }),
      ),
    );

    // Assess
    expect(good.MacValid).toBe(true);
    expect(bad).toBeInstanceOf(KMSInvalidMacException);
  });
});

describe('GenerateMac rules', () => {
  it('raises InvalidKeyUsageException on a signing key and for an algorithm the key lacks', async () => {
    // Prepare
    const signingKey = await createKey(fixture.client, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });

    // Act
    const onSigningKey = await rejectionOf(generateMac(signingKey.KeyId!, 'm'));
    const wrongAlgorithm = await rejectionOf(generateMac(specKeyId, 'm', 'HMAC_SHA_512'));

    // Assess
    expect(onSigningKey).toBeInstanceOf(InvalidKeyUsageException);
    expect(wrongAlgorithm).toBeInstanceOf(InvalidKeyUsageException);
  });

  it('raises ValidationException for a message over 4096 bytes', async () => {
    // Act
    const error = await rejectionOf(generateMac(specKeyId, Buffer.alloc(4097)));

    // Assess
    expect(error.name).toBe('ValidationException');
  });

  it('raises KMSInvalidStateException for an EXTERNAL key with no material yet', async () => {
    // Prepare
    const pending = await createKey(fixture.client, {
      KeySpec: 'HMAC_256',
      KeyUsage: 'GENERATE_VERIFY_MAC',
      Origin: 'EXTERNAL',
    });

    // Act
    const error = await rejectionOf(generateMac(pending.KeyId!, 'm'));

    // Assess
    expect(error).toBeInstanceOf(KMSInvalidStateException);
  });
});

describe('ImportKeyMaterial rules', () => {
  async function externalHmacKey(): Promise<string> {
    return (
      await createKey(fixture.client, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC', Origin: 'EXTERNAL' })
    ).KeyId!;
  }

  async function parametersFor(KeyId: string) {
    return fixture.client.send(
      new GetParametersForImportCommand({
        KeyId,
        WrappingAlgorithm: 'RSAES_OAEP_SHA_256',
        WrappingKeySpec: 'RSA_2048',
      }),
    );
  }

  it('returns an RSA-2048 wrapping key and a token valid for 24 hours', async () => {
    // Act
    const parameters = await parametersFor(await externalHmacKey());

    // Assess
    const wrappingKey = createPublicKey({ key: Buffer.from(parameters.PublicKey!), format: 'der', type: 'spki' });
    expect(wrappingKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(parameters.ImportToken?.length).toBeGreaterThan(0);
    expect(parameters.ParametersValidTo!.getTime() - Date.now()).toBeGreaterThan(23 * 3600 * 1000);
  });

  it('raises UnsupportedOperationException for a key that is not EXTERNAL', async () => {
    // Prepare
    const internal = await createKey(fixture.client, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });

    // Act
    const error = await rejectionOf(parametersFor(internal.KeyId!));

    // Assess
    expect(error).toBeInstanceOf(UnsupportedOperationException);
  });

  it('raises InvalidImportTokenException for a token issued for another key', async () => {
    // Prepare
    const [first, second] = [await externalHmacKey(), await externalHmacKey()];
    const parameters = await parametersFor(first);

    // Act
    const error = await rejectionOf(
      fixture.client.send(
        new ImportKeyMaterialCommand({
          KeyId: second,
          ImportToken: parameters.ImportToken,
          EncryptedKeyMaterial: wrapKeyMaterial(parameters.PublicKey!, SPEC_TEST_HMAC_KEY),
        }),
      ),
    );

    // Assess
    expect(error).toBeInstanceOf(InvalidImportTokenException);
  });

  it('raises InvalidCiphertextException when the material was not wrapped with the wrapping key', async () => {
    // Prepare
    const keyId = await externalHmacKey();
    const parameters = await parametersFor(keyId);

    // Act
    const error = await rejectionOf(
      fixture.client.send(
        new ImportKeyMaterialCommand({
          KeyId: keyId,
          ImportToken: parameters.ImportToken,
          EncryptedKeyMaterial: Buffer.alloc(256, 7),
        }),
      ),
    );

    // Assess
    expect(error).toBeInstanceOf(InvalidCiphertextException);
  });

  it('raises IncorrectKeyMaterialException for material of the wrong size or a different re-import', async () => {
    // Prepare
    const keyId = await externalHmacKey();

    // Act
    const tooShort = await rejectionOf(importMaterial(fixture.client, keyId, Buffer.alloc(16, 1)));
    await importMaterial(fixture.client, keyId, Buffer.alloc(32, 1));
    const different = await rejectionOf(importMaterial(fixture.client, keyId, Buffer.alloc(32, 2)));
    await importMaterial(fixture.client, keyId, Buffer.alloc(32, 1)); // the same material again is allowed

    // Assess
    expect(tooShort).toBeInstanceOf(IncorrectKeyMaterialException);
    expect(different).toBeInstanceOf(IncorrectKeyMaterialException);
  });
});
