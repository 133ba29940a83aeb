/**
 * Keys that never leave KMS. The domain asks for MACs and signatures; the adapter
 * (shared/adapters/kms/kms-key-service.ts) talks to AWS KMS or the local KMS endpoint.
 */
export type PseudonymDomain = 'PHIN' | 'AUDIT';

/** What a signing key is for: checkpoints are Ed25519, disclosure authorisations ES256. */
export type SigningPurpose = 'CHECKPOINT' | 'AUTHORISATION';

/**
 * One key of a signing purpose. `ref` names it to the KeyService (a KMS key id: opaque to the
 * domain, and never logged); `retiredAt` (epoch ms) is absent only for the active key.
 */
export interface SigningKeyVersion {
  readonly ref: string;
  readonly retiredAt?: number;
}

export interface MacResult {
  /** The full 32-byte HMAC-SHA-256. */
  readonly mac: Uint8Array;
  /** Version of the key that produced it (the `v1.` of a pseudonym). */
  readonly keyVersion: number;
}

export interface KeyService {
  /** HMAC_SHA_256 under the current key of the domain. Throws DependencyUnavailableError on failure. */
  generateMac(domain: PseudonymDomain, message: Uint8Array): Promise<MacResult>;
  /**
   * Signs `message` with the key `ref` of `purpose` (default: the active key). CHECKPOINT returns
   * the 64-byte Ed25519 signature; AUTHORISATION returns the raw 64-byte R‖S ECDSA P-256 signature over SHA-256(message) (already converted from DER).
   */
  sign(purpose: SigningPurpose, message: Uint8Array, ref?: string): Promise<Uint8Array>;
  /** The public key of a signing purpose's key (default: the active one) as SubjectPublicKeyInfo DER. */
  publicKey(purpose: SigningPurpose, ref?: string): Promise<Uint8Array>;
  /** Every configured key of a purpose, the active one first (key rotation: docs/key-rotation.md). */
  signingKeys(purpose: SigningPurpose): readonly SigningKeyVersion[];
}
