/**
 * KeyService over AWS KMS (or the local KMS endpoint, through the same SDK). Keys never leave KMS:
 * there is no local fallback, and every failure after the SDK's own retries becomes
 * DependencyUnavailableError so the request fails closed.
 */
import { GenerateMacCommand, GetPublicKeyCommand, SignCommand, type KMSClient } from '@aws-sdk/client-kms';
import { DependencyUnavailableError } from '../../errors.ts';
import { PromiseCache } from '../../memoise.ts';
import type { KeyService, MacResult, PseudonymDomain, SigningPurpose } from '../../ports/key-service.ts';
import { derToJoseSignature } from './der-signature.ts';
import { InvalidKeyVersionError } from './errors.ts';
import { assertKmsKeyId } from './key-id.ts';

export interface MacKeyConfig {
  readonly keyId: string;
  /** The pseudonym version this key produces (`v1.`); a new key is a new version. */
  readonly version: number;
}

export interface KmsKeyServiceConfig {
  readonly client: KMSClient;
  readonly macKeys: Readonly<Record<PseudonymDomain, MacKeyConfig>>;
  readonly signingKeys: Readonly<Record<SigningPurpose, string>>;
}

const SIGNATURE_BYTES = 64;

export class KmsKeyService implements KeyService {
  private readonly client: KMSClient;
  private readonly macKeys: Readonly<Record<PseudonymDomain, MacKeyConfig>>;
  private readonly signingKeys: Readonly<Record<SigningPurpose, string>>;
  /** Public keys do not change for a key id, so one successful GetPublicKey per instance is enough. */
  private readonly publicKeys = new PromiseCache<Uint8Array>(2);

  constructor(config: KmsKeyServiceConfig) {
    for (const [domain, key] of Object.entries(config.macKeys)) {
      assertKmsKeyId(key.keyId, `MAC key for ${domain}`);
      if (!Number.isInteger(key.version) || key.version < 1) throw new InvalidKeyVersionError(`MAC key version for ${domain} must be a positive integer.`);
    }
    for (const [purpose, keyId] of Object.entries(config.signingKeys)) assertKmsKeyId(keyId, `signing key for ${purpose}`);
    this.client = config.client;
    this.macKeys = config.macKeys;
    this.signingKeys = config.signingKeys;
  }

  async generateMac(domain: PseudonymDomain, message: Uint8Array): Promise<MacResult> {
    const key = this.macKeys[domain];
    const mac = await this.call(`GenerateMac for ${domain}`, async () => {
      const output = await this.client.send(new GenerateMacCommand({ KeyId: key.keyId, Message: message, MacAlgorithm: 'HMAC_SHA_256' }));
      return requireLength(output.Mac, 32, 'MAC');
    });
    return { mac, keyVersion: key.version };
  }

  async sign(purpose: SigningPurpose, message: Uint8Array): Promise<Uint8Array> {
    const KeyId = this.signingKeys[purpose];
    return this.call(`Sign for ${purpose}`, async () => {
      if (purpose === 'CHECKPOINT') {
        const output = await this.client.send(
          new SignCommand({ KeyId, Message: message, MessageType: 'RAW', SigningAlgorithm: 'ED25519_SHA_512' }),
        );
        return requireLength(output.Signature, SIGNATURE_BYTES, 'Ed25519 signature');
      }
      const output = await this.client.send(
        new SignCommand({ KeyId, Message: message, MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' }),
      );
      if (!output.Signature) throw new Error('KMS returned no signature.');
      return derToJoseSignature(output.Signature, SIGNATURE_BYTES / 2);
    });
  }

  async publicKey(purpose: SigningPurpose): Promise<Uint8Array> {
    const pending = this.publicKeys.get(purpose, () =>
      this.call(`GetPublicKey for ${purpose}`, async () => {
        const output = await this.client.send(new GetPublicKeyCommand({ KeyId: this.signingKeys[purpose] }));
        if (!output.PublicKey?.length) throw new Error('KMS returned no public key.');
        return output.PublicKey;
      }),
    );
    // A copy, so a caller that mutates its bytes cannot corrupt the cache.
    return new Uint8Array(await pending);
  }

  /** Runs one KMS call; anything it throws becomes DependencyUnavailableError with the cause kept. */
  private async call<T>(what: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      throw new DependencyUnavailableError(`KMS ${what} failed.`, { cause: error });
    }
  }
}

function requireLength(bytes: Uint8Array | undefined, length: number, what: string): Uint8Array {
  if (bytes?.length !== length) throw new Error(`KMS returned a ${what} of unexpected length.`);
  return bytes;
}
