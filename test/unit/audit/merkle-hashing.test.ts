import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leafHash, nodeHash } from '../../../shared/audit/merkle.ts';

/** RFC 6962 §2.1 straight from its definition, with a Hash object per call: the reference. */
const reference = (prefix: number, ...parts: Uint8Array[]): Uint8Array => {
  const hash = createHash('sha256').update(Uint8Array.of(prefix));
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
};

describe('leaf and node hashes assembled in reused buffers', () => {
  it('hash every leaf as SHA-256(0x00 || data), at every size, around and past the reused buffer', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.constantFrom(0, 65_535, 65_536, 65_537, 200_000),
        (head, pad) => {
          // Prepare
          const data = new Uint8Array(head.length + pad);
          data.set(head);
          // Act
          const hash = leafHash(data);
          // Assess
          expect(hash).toEqual(reference(0x00, data));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('hash nodes as SHA-256(0x01 || left || right), hashes of any length included', () => {
    // Act / Assess
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }), (left, right) => {
        expect(nodeHash(left, right)).toEqual(reference(0x01, left, right));
      }),
    );
  });

  it('return hashes of their own: a later hash does not rewrite an earlier one', () => {
    // Prepare
    const first = leafHash(Uint8Array.of(1, 2, 3));
    const firstNode = nodeHash(first, first);
    const kept = [Uint8Array.from(first), Uint8Array.from(firstNode)];
    // Act
    leafHash(new Uint8Array(1000).fill(7));
    nodeHash(firstNode, first);
    // Assess
    expect([first, firstNode]).toEqual(kept);
    expect(first.buffer).not.toBe(firstNode.buffer);
  });
});
