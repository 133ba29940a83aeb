import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Buffer as BrowserBuffer } from '../../../console/src/shims/buffer.ts';
import { createHash as browserHash, timingSafeEqual } from '../../../console/src/shims/node-crypto.ts';
import { sha256Bytes } from '../../../console/src/shims/sha256.ts';

/** The console bundle runs the offline verifier's audit code on these; they must agree with Node's. */
describe('the browser shims of node:crypto and Buffer', () => {
  it('hashes any bytes exactly as node:crypto does, across block boundaries', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        // Act
        const ours = sha256Bytes(bytes);
        // Assess
        expect(Buffer.from(ours).toString('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
      }),
    );
  });

  it('hashes in parts like one update, and encodes the digest like Node', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 80 }), { maxLength: 5 }), (parts) => {
        // Prepare
        const ours = browserHash('sha256');
        const node = createHash('sha256');
        // Act
        for (const part of parts) {
          ours.update(part);
          node.update(part);
        }
        // Assess
        expect(ours.digest('base64')).toBe(node.digest('base64'));
      }),
    );
  });

  it('converts bytes to and from base64, base64url and hex as Buffer does', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        // Act
        const ours = BrowserBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        const node = Buffer.from(bytes);
        // Assess
        for (const encoding of ['base64', 'base64url', 'hex'] as const) {
          expect(ours.toString(encoding)).toBe(node.toString(encoding));
          expect([...BrowserBuffer.from(node.toString(encoding), encoding)]).toEqual([...bytes]);
        }
      }),
    );
  });

  it('compares equal-length bytes, refusing different lengths as Node does', () => {
    // Act + Assess
    expect(timingSafeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(timingSafeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(() => timingSafeEqual(Uint8Array.of(1), Uint8Array.of(1, 2))).toThrow(RangeError);
  });
});
