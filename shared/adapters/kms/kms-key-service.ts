/**
 * KeyService over AWS KMS (or the local KMS endpoint, through the same SDK). Keys never leave KMS:
 * there is no local fallback, and every failure after the SDK's own retries becomes
 * DependencyUnavailableError so the request fails closed.
 */
import { GenerateMacCommand, GetPublicKeyCommand, SignCommand, type KMSClient } from '@aws-sdk/client-kms';
import { DependencyUnavailableError } from '../../errors.ts';
import { PromiseCache } from '../../memoise.ts';
import type { SigningKeyRing } from '../../config/signing-key-ring.ts';
import type {
  KeyService,
  MacResult,
  PseudonymDomain,
  SigningKeyVersion,
  SigningPurpose,
} from '../../ports/key-service.ts';
import { derToJoseSignature } from './der-signature.ts';
import { InvalidKeyVersionError, InvalidKmsKeyIdError } from './errors.ts';
import { assertKmsKeyId } from './key-id.ts';

export interface MacKeyConfig {
  readonly keyId: string;
  /** The pseudonym version this key produces (`v1.`); a new key is a new version. */
  readonly version: number;
}

export interface KmsKeyServiceConfig {
  readonly client: KMSClient;
  readonly macKeys: Readonly<Record<PseudonymDomain, MacKeyConfig>>;
  /** A key id (one key, never rotated) or the purpose's configured ring (docs/key-rotation.md). */
  readonly signingKeys: Readonly<Record<SigningPurpose, string | SigningKeyRing>>;
}

const SIGNATURE_BYTES = 64;

export class KmsKeyService implements KeyService {
  private readonly client: KMSClient;
  private readonly macKeys: Readonly<Record<PseudonymDomain, MacKeyConfig>>;
  private readonly signingKeyVersions: Readonly<Record<SigningPurpose, readonly SigningKeyVersion[]>>;
  /** Public keys do not change for a key id, so one successful GetPublicKey per key and instance is enough. */
  private readonly publicKeys = new PromiseCache<Uint8Array>(32);

  constructor(config: KmsKeyServiceConfig) {
    for (const [domain, key] of Object.entries(config.macKeys)) {
      assertKmsKeyId(key.keyId, `MAC key for ${domain}`);
      if (!Number.isInteger(key.version) || key.version < 1)
        throw new InvalidKeyVersionError(`MAC key version for ${domain} must be a positive integer.`);
    }
    this.signingKeyVersions = {
      CHECKPOINT: keyVersions(config.signingKeys.CHECKPOINT, 'CHECKPOINT'),
      AUTHORISATION: keyVersions(config.signingKeys.AUTHORISATION, 'AUTHORISATION'),
    };
    this.client = config.client;
    this.macKeys = config.macKeys;
  }

  signingKeys(purpose: SigningPurpose): readonly SigningKeyVersion[] {
    return this.signingKeyVersions[purpose];
  }

  async generateMac(domain: PseudonymDomain, message: Uint8Array): Promise<MacResult> {
    const key = this.macKeys[domain];
    const mac = await this.call(`GenerateMac for ${domain}`, async () => {
      const output = await this.client.send(
        new GenerateMacCommand({ KeyId: key.keyId, Message: message, MacAlgorithm: 'HMAC_SHA_256' }),
      );
      return requireLength(output.Mac, 32, 'MAC');
    });
    return { mac, keyVersion: key.version };
  }

  async sign(purpose: SigningPurpose, message: Uint8Array, ref?: string): Promise<Uint8Array> {
    const KeyId = this.keyIdOf(purpose, ref);
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

  async publicKey(purpose: SigningPurpose, ref?: string): Promise<Uint8Array> {
    const KeyId = this.keyIdOf(purpose, ref);
    const pending = this.publicKeys.get(`${purpose} ${KeyId}`, () =>
      this.call(`GetPublicKey for ${purpose}`, async () => {
        const output = await this.client.send(new GetPublicKeyCommand({ KeyId }));
        if (!output.PublicKey?.length) throw new Error('KMS returned no public key.');
        return output.PublicKey;
      }),
    );
    // A copy, so a caller that mutates its bytes cannot corrupt the cache.
    return new Uint8Array(await pending);
  }

  /** Only configured keys sign: a reference from anywhere else is a bug, refused before KMS sees it. */
  private keyIdOf(purpose: SigningPurpose, ref: string | undefined): string {
    const versions = this.signingKeyVersions[purpose];
    if (ref === undefined) return versions[0]!.ref;
    if (!versions.some((version) => version.ref === ref))
      throw new InvalidKmsKeyIdError(`The ${purpose} key asked for is not configured.`);
    return ref;
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

function keyVersions(keys: string | SigningKeyRing, purpose: SigningPurpose): readonly SigningKeyVersion[] {
  const ring = typeof keys === 'string' ? { active: keys, retired: [] } : keys;
  const versions = [{ ref: ring.active }, ...ring.retired.map((key) => ({ ref: key.keyId, retiredAt: key.retiredAt }))];
  for (const version of versions) assertKmsKeyId(version.ref, `signing key for ${purpose}`);
  return Object.freeze(versions.map((version) => Object.freeze(version)));
}

function requireLength(bytes: Uint8Array | undefined, length: number, what: string): Uint8Array {
  if (bytes?.length !== length) throw new Error(`KMS returned a ${what} of unexpected length.`);
  return bytes;
}
