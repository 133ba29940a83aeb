/**
 * TESTS ONLY. A KeyService whose MACs are node:crypto HMAC-SHA-256 under a raw key held in memory,
 * standing in for KMS GenerateMac (pseudonymisation.md vectors use 32 bytes of 0x0b). The deployed
 * configuration must never use a key that is not a KMS key.
 */
import { createHmac } from 'node:crypto';
import type {
  KeyService,
  MacResult,
  PseudonymDomain,
  SigningKeyVersion,
  SigningPurpose,
} from '../../shared/ports/key-service.ts';

/** The pseudonymisation.md test key: 32 bytes of 0x0b. */
export const SPEC_TEST_KEY: Uint8Array = new Uint8Array(32).fill(0x0b);

export class HmacTestKeyService implements KeyService {
  #key: Uint8Array;
  #keyVersion: number;
  /** Every generateMac call, in order (domain and message text), so tests can count and inspect. */
  readonly calls: { readonly domain: PseudonymDomain; readonly message: string }[] = [];

  constructor(rawKey: Uint8Array = SPEC_TEST_KEY, options: { keyVersion?: number } = {}) {
    this.#key = Uint8Array.from(rawKey);
    this.#keyVersion = options.keyVersion ?? 1;
  }

  /** Simulates a new key version (HMAC keys are not rotated in place: a new key is v2). */
  rotate(newRawKey: Uint8Array): void {
    this.#key = Uint8Array.from(newRawKey);
    this.#keyVersion += 1;
  }

  async generateMac(domain: PseudonymDomain, message: Uint8Array): Promise<MacResult> {
    this.calls.push({ domain, message: new TextDecoder().decode(message) });
    // Yield once, as a network call would, so concurrent callers really overlap.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const mac = createHmac('sha256', this.#key).update(message).digest();
    return { mac: new Uint8Array(mac), keyVersion: this.#keyVersion };
  }

  sign(_purpose: SigningPurpose, _message: Uint8Array): Promise<Uint8Array> {
    return Promise.reject(new Error('HmacTestKeyService does not sign'));
  }

  publicKey(_purpose: SigningPurpose): Promise<Uint8Array> {
    return Promise.reject(new Error('HmacTestKeyService has no signing keys'));
  }

  signingKeys(_purpose: SigningPurpose): readonly SigningKeyVersion[] {
    return [];
  }
}
