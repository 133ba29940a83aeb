import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryTree } from '../../../shared/audit/memory-tree.ts';
import { leafHash, nodeKey } from '../../../shared/audit/merkle.ts';
import {
  assembleProof,
  consistencyProof,
  consistencyProofPlan,
  inclusionProof,
  inclusionProofPlan,
} from '../../../shared/audit/proofs.ts';
import type { NodeSource } from '../../../shared/audit/proofs.ts';
import { verifyConsistency, verifyInclusion } from '../../../shared/audit/verify-proofs.ts';

const MAX = 64;
const leaf = (i: number): Uint8Array => Uint8Array.of(i % 256, Math.floor(i / 256), 0x5a);

function treeOf(n: number): MemoryTree {
  const tree = new MemoryTree();
  for (let i = 0; i < n; i += 1) tree.append(leaf(i));
  return tree;
}

const full = treeOf(MAX);
const readBound = (n: number): number => 2 * Math.ceil(Math.log2(Math.max(n, 2))) + 2;

function flipped(proof: readonly Uint8Array[], element: number): Uint8Array[] {
  return proof.map((hash, i) => {
    if (i !== element) return hash;
    const copy = hash.slice();
    copy[0] = copy[0]! ^ 1;
    return copy;
  });
}

describe('inclusion proofs from stored nodes', () => {
  it('verify for every (index, size) up to 64 leaves, reading O(log n) nodes', async () => {
    for (let size = 1; size <= MAX; size += 1) {
      for (let index = 0; index < size; index += 1) {
        // Prepare
        const plan = inclusionProofPlan(index, size);
        // Act
        const proof = await inclusionProof(index, size, full);
        // Assess
        expect(plan.nodes.length).toBeLessThanOrEqual(readBound(size));
        expect(verifyInclusion(full.leafHash(index), index, size, proof, full.root(size))).toBe(true);
      }
    }
  });

  it('reject a flipped byte, a wrong index or leaf, a truncated or extended proof', async () => {
    for (let size = 2; size <= MAX; size += 1) {
      for (let index = 0; index < size; index += 1) {
        // Prepare
        const proof = await inclusionProof(index, size, full);
        const [hash, root] = [full.leafHash(index), full.root(size)];
        // Act / Assess
        for (let e = 0; e < proof.length; e += 1)
          expect(verifyInclusion(hash, index, size, flipped(proof, e), root)).toBe(false);
        expect(verifyInclusion(hash, (index + 1) % size, size, proof, root)).toBe(false);
        expect(verifyInclusion(hash, index, size, proof.slice(1), root)).toBe(false);
        expect(verifyInclusion(hash, index, size, [...proof, root], root)).toBe(false);
        expect(verifyInclusion(full.leafHash((index + 1) % size), index, size, proof, root)).toBe(false);
      }
    }
  });

  // The RFC algorithm checks the size only structurally (the signed checkpoint binds size to root),
  // so a proof may also pass for a neighbouring size; an index outside the tree never does.
  it('reject an index outside the tree', () => {
    // Act / Assess
    expect(verifyInclusion(full.leafHash(0), 1, 1, [], full.root(1))).toBe(false);
    expect(() => inclusionProofPlan(4, 4)).toThrow(expect.objectContaining({ code: 'audit_proof_range_invalid' }));
  });
});

describe('consistency proofs from stored nodes', () => {
  it('verify for every (m, n) up to 64 leaves, reading O(log n) nodes', async () => {
    for (let n = 0; n <= MAX; n += 1) {
      for (let m = 0; m <= n; m += 1) {
        // Prepare
        const plan = consistencyProofPlan(m, n);
        // Act
        const proof = await consistencyProof(m, n, full);
        // Assess
        expect(plan.nodes.length).toBeLessThanOrEqual(readBound(n));
        expect(verifyConsistency(m, n, proof, full.root(m), full.root(n))).toBe(true);
      }
    }
  });

  it('reject a flipped byte, wrong roots, a truncated proof', async () => {
    for (let n = 2; n <= MAX; n += 1) {
      for (let m = 1; m < n; m += 1) {
        // Prepare
        const proof = await consistencyProof(m, n, full);
        const [oldRoot, newRoot] = [full.root(m), full.root(n)];
        // Act / Assess
        for (let e = 0; e < proof.length; e += 1)
          expect(verifyConsistency(m, n, flipped(proof, e), oldRoot, newRoot)).toBe(false);
        expect(verifyConsistency(m, n, proof, full.root(m - 1), newRoot)).toBe(false);
        expect(verifyConsistency(m, n, proof, oldRoot, full.root(n - 1))).toBe(false);
        expect(verifyConsistency(m, n, proof.slice(0, -1), oldRoot, newRoot)).toBe(false);
      }
    }
  });

  it('equal sizes need equal roots and an empty proof; the empty tree precedes any tree', () => {
    // Act / Assess
    expect(verifyConsistency(5, 5, [], full.root(5), full.root(5))).toBe(true);
    expect(verifyConsistency(5, 5, [], full.root(5), full.root(6))).toBe(false);
    expect(verifyConsistency(0, 5, [], full.root(0), full.root(5))).toBe(true);
    expect(verifyConsistency(0, 5, [], full.root(1), full.root(5))).toBe(false);
    expect(() => consistencyProofPlan(6, 5)).toThrow(expect.objectContaining({ code: 'audit_proof_range_invalid' }));
  });

  it('does not depend on nodes that a tree of size n has not sealed yet', async () => {
    // Prepare: a source that only holds what a 13-leaf tree had stored
    const small = treeOf(13);
    // Act
    const proof = await consistencyProof(6, 13, small);
    // Assess
    expect(verifyConsistency(6, 13, proof, full.root(6), full.root(13))).toBe(true);
  });
});

describe('plans and sources', () => {
  it('fold an incomplete right-edge element from the complete nodes covering it', () => {
    // Prepare: leaf 0 of 7 needs [1], [2,4), [4,7) = nodes 1/2 and 0/6
    const plan = inclusionProofPlan(0, 7);
    // Act
    const shape = plan.elements.map((element) => element.map(({ level, index }) => `${level}/${index}`));
    // Assess
    expect(shape).toEqual([['0/1'], ['1/1'], ['1/2', '0/6']]);
  });

  it('fails with a typed error when a node is missing', () => {
    // Prepare
    const plan = inclusionProofPlan(0, 2);

    // Act / Assess
    expect(() => assembleProof(plan, new Map())).toThrow(expect.objectContaining({ code: 'audit_proof_node_missing' }));
  });

  it('reads all nodes in one batch', async () => {
    // Prepare
    const calls: number[] = [];
    const source: NodeSource = { getNodes: (ids) => (calls.push(ids.length), full.getNodes(ids)) };
    // Act
    await inclusionProof(21, 57, source);
    // Assess
    expect(calls).toEqual([inclusionProofPlan(21, 57).nodes.length]);
  });

  it('never asks twice for one node', () => {
    // Prepare
    const plan = consistencyProofPlan(37, 64);

    // Act
    const keys = plan.nodes.map(({ level, index }) => nodeKey(level, index));

    // Assess
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('property: random append sequences', () => {
  it('every inclusion and consistency proof verifies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ maxLength: 8 }), { minLength: 1, maxLength: 200, size: 'max' }),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        async (entries, a, b, c) => {
          // Prepare
          const tree = new MemoryTree();
          entries.forEach((entry) => tree.append(entry));
          const n = 1 + (a % tree.size);
          const m = b % (n + 1);
          const index = c % n;
          // Act
          const inclusion = await inclusionProof(index, n, tree);
          const consistency = await consistencyProof(m, n, tree);
          // Assess
          expect(verifyInclusion(leafHash(entries[index]!), index, n, inclusion, tree.root(n))).toBe(true);
          expect(verifyConsistency(m, n, consistency, tree.root(m), tree.root(n))).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
