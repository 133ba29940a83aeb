/**
 * The few Buffer conversions the shared audit modules use (base64, hex, bytes), for the browser.
 * esbuild injects this as the global `Buffer` of the console bundle; nothing else should use it.
 */
type Encoding = 'base64' | 'base64url' | 'hex' | 'utf8';

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Like Node's decoder: skips characters outside the alphabet (callers check strictness themselves). */
function fromBase64(text: string): Uint8Array {
  const clean = [...text.replace(/-/g, '+').replace(/_/g, '/')].filter((c) => BASE64_ALPHABET.includes(c)).join('');
  const padded = clean + '='.repeat((4 - (clean.length % 4)) % 4);
  const binary = atob(padded.length % 4 === 0 ? padded : padded.slice(0, -1));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export class Buffer extends Uint8Array {
  static override from(value: unknown, encodingOrOffset?: unknown, length?: number): Buffer {
    if (typeof value === 'string') return Buffer.#wrap(Buffer.#decode(value, (encodingOrOffset as Encoding) ?? 'utf8'));
    if (value instanceof ArrayBuffer) {
      const offset = typeof encodingOrOffset === 'number' ? encodingOrOffset : 0;
      return Buffer.#wrap(new Uint8Array(value, offset, length ?? value.byteLength - offset));
    }
    return Buffer.#wrap(Uint8Array.from(value as ArrayLike<number>));
  }

  /** Zero-filled here (a browser has no uninitialised memory to hand out); callers overwrite it anyway. */
  static allocUnsafe(size: number): Buffer {
    return new Buffer(size);
  }

  static #wrap(bytes: Uint8Array): Buffer {
    return new Buffer(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
  }

  static #decode(text: string, encoding: Encoding): Uint8Array {
    if (encoding === 'hex') return Uint8Array.from(text.match(/../g) ?? [], (pair) => parseInt(pair, 16));
    if (encoding === 'base64' || encoding === 'base64url') return fromBase64(text);
    return new TextEncoder().encode(text);
  }

  override toString(encoding: Encoding = 'utf8'): string {
    const bytes = new Uint8Array(this.buffer, this.byteOffset, this.byteLength);
    if (encoding === 'hex') return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
    if (encoding === 'base64') return toBase64(bytes);
    if (encoding === 'base64url') return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    return new TextDecoder().decode(bytes);
  }
}
