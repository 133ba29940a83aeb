/**
 * `node:crypto` for the console bundle: just what the audit modules shared with the offline
 * verifier call synchronously. Signatures are not here: the console verifies Ed25519 with
 * WebCrypto (console/src/verify/checkpoint.ts), so a call to the sync verifier is a bug and throws.
 */
import { Buffer } from './buffer.ts';
import { sha256Bytes } from './sha256.ts';

export function createHash(algorithm: string) {
  if (algorithm !== 'sha256') throw new Error(`Only sha256 is available in the browser, not ${algorithm}`);
  const parts: Uint8Array[] = [];
  const hash = {
    update(part: Uint8Array | string) {
      parts.push(typeof part === 'string' ? new TextEncoder().encode(part) : part);
      return hash;
    },
    digest(encoding?: 'base64' | 'hex') {
      const all = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
      let offset = 0;
      for (const part of parts) {
        all.set(part, offset);
        offset += part.byteLength;
      }
      const digest = Buffer.from(sha256Bytes(all));
      return encoding ? digest.toString(encoding) : digest;
    },
  };
  return hash;
}

/** Node's one-shot digest, as the Merkle hashing calls it: sha256 of one input, returned as bytes. */
export function hash(algorithm: string, input: Uint8Array, outputEncoding: 'buffer'): Buffer {
  if (algorithm !== 'sha256' || outputEncoding !== 'buffer') {
    throw new Error(`Only sha256 to a buffer is available in the browser, not ${algorithm}/${outputEncoding}`);
  }
  return Buffer.from(sha256Bytes(input));
}

/** Constant time over equal lengths, as Node's. */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) throw new RangeError('Input buffers must have the same byte length');
  let difference = 0;
  for (let i = 0; i < a.byteLength; i += 1) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}

export function createPublicKey(): never {
  throw new Error('Synchronous signature verification is not available in the browser');
}

export const verify = createPublicKey;
