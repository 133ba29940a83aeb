/** Shared set-up for the KMS tests: an in-process local KMS and real SDK clients pointed at it. */
import {
  CreateKeyCommand,
  GetParametersForImportCommand,
  ImportKeyMaterialCommand,
  KMSClient,
  type CreateKeyCommandInput,
  type KeyMetadata,
} from '@aws-sdk/client-kms';
import { constants, createPublicKey, publicEncrypt } from 'node:crypto';
import { startLocalKms, type LocalKms, type LocalKmsOptions } from '../../../local-kms/server.ts';

export const REGION = 'eu-west-2';

/** The pseudonymisation.md test key: 32 bytes of 0x0b. */
export const SPEC_TEST_HMAC_KEY = Buffer.alloc(32, 0x0b);

export interface KmsFixture {
  readonly kms: LocalKms;
  readonly client: KMSClient;
  stop(): Promise<void>;
}

/** One attempt by default, so an injected error surfaces as it is instead of being retried. */
export function sdkClient(url: string, maxAttempts = 1): KMSClient {
  return new KMSClient({
    endpoint: url,
    region: REGION,
    maxAttempts,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
}

export async function startKmsFixture(options: LocalKmsOptions = {}): Promise<KmsFixture> {
  const kms = await startLocalKms({ region: REGION, ...options });
  const client = sdkClient(kms.url);
  return {
    kms,
    client,
    async stop() {
      client.destroy();
      await kms.close();
    },
  };
}

export async function createKey(client: KMSClient, input: CreateKeyCommandInput): Promise<KeyMetadata> {
  const { KeyMetadata: metadata } = await client.send(new CreateKeyCommand(input));
  if (!metadata) throw new Error('CreateKey returned no metadata');
  return metadata;
}

/** Wraps material for an import exactly as the KMS documentation says: RSAES-OAEP SHA-256 with the given public key. */
export function wrapKeyMaterial(publicKeyDer: Uint8Array, material: Buffer): Buffer {
  const key = createPublicKey({ key: Buffer.from(publicKeyDer), format: 'der', type: 'spki' });
  return publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, material);
}

/** Imports `material` into an existing EXTERNAL key through the real SDK flow. */
export async function importMaterial(client: KMSClient, keyId: string, material: Buffer): Promise<void> {
  const parameters = await client.send(
    new GetParametersForImportCommand({
      KeyId: keyId,
      WrappingAlgorithm: 'RSAES_OAEP_SHA_256',
      WrappingKeySpec: 'RSA_2048',
    }),
  );
  await client.send(
    new ImportKeyMaterialCommand({
      KeyId: keyId,
      ImportToken: parameters.ImportToken,
      EncryptedKeyMaterial: wrapKeyMaterial(parameters.PublicKey!, material),
      ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
    }),
  );
}

/** An HMAC_256 key holding the given material (the spec's test key by default). */
export async function createImportedHmacKey(client: KMSClient, material = SPEC_TEST_HMAC_KEY): Promise<KeyMetadata> {
  const metadata = await createKey(client, {
    KeySpec: 'HMAC_256',
    KeyUsage: 'GENERATE_VERIFY_MAC',
    Origin: 'EXTERNAL',
  });
  await importMaterial(client, metadata.KeyId!, material);
  return metadata;
}

/** The rejection of a promise that must reject (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error('rejected with a non-Error', { cause: error });
  }
  throw new Error('expected the promise to reject, but it resolved');
}
