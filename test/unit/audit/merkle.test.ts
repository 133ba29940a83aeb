import { describe, expect, it } from 'vitest';
import {
  appendLeaf,
  emptyRoot,
  frontierNodes,
  leafHash,
  MAX_TREE_SIZE,
  nodeHash,
  nodeIdFromKey,
  nodeKey,
  rootFromFrontier,
  rootOfLeaves,
} from '../../../shared/audit/merkle.ts';
import { MemoryTree } from '../../../shared/audit/memory-tree.ts';

// audit.md §3 vectors (the RFC 6962 / certificate-transparency reference leaves and roots).
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const leafData = LEAVES.map((hex) => new Uint8Array(Buffer.from(hex, 'hex')));
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('RFC 6962 root vectors', () => {
  it.each(ROOTS.map((root, n) => [n, root] as const))('n=%i via rootOfLeaves', (n, root) => {
    // Prepare
    const leaves = leafData.slice(0, n);
    // Act
    const actual = rootOfLeaves(leaves);
    // Assess
    expect(hex(actual)).toBe(root);
  });

  it('every n via appendLeaf and rootFromFrontier', () => {
    // Prepare
    let state = { frontier: [] as Uint8Array[], size: 0 };
    const roots = [hex(rootFromFrontier(state.frontier, 0))];
    // Act
    for (const data of leafData) {
      const { frontier } = appendLeaf(state.frontier, state.size, leafHash(data));
      state = { frontier, size: state.size + 1 };
      roots.push(hex(rootFromFrontier(state.frontier, state.size)));
    }
    // Assess
    expect(roots).toEqual(ROOTS);
  });

  it('the empty root is SHA-256 of nothing', () => {
    // Act / Assess
    expect(hex(emptyRoot())).toBe(ROOTS[0]);
  });
});

describe('appendLeaf', () => {
  it('seals the leaf and every parent completed by it, bottom up', () => {
    // Prepare: 7 leaves, so the 8th completes nodes at levels 1, 2 and 3
    const tree = new MemoryTree();
    for (const data of leafData.slice(0, 7)) tree.append(data);
    const frontier = frontierNodes(7).map(() => new Uint8Array(32));
    // Act
    const { sealed, frontier: next } = appendLeaf(frontier, 7, leafHash(leafData[7]!));
    // Assess
    expect(sealed.map(({ level, index }) => [level, index])).toEqual([
      [0, 7],
      [1, 3],
      [2, 1],
      [3, 0],
    ]);
    expect(next).toHaveLength(1);
  });

  it('keeps one frontier hash per set bit of the size', () => {
    // Prepare
    let frontier: Uint8Array[] = [];
    const lengths: number[] = [];
    // Act
    for (let size = 0; size < 20; size += 1) {
      frontier = appendLeaf(frontier, size, leafHash(Uint8Array.of(size))).frontier;
      lengths.push(frontier.length);
    }
    // Assess
    const popcounts = Array.from({ length: 20 }, (_, i) => (i + 1).toString(2).replaceAll('0', '').length);
    expect(lengths).toEqual(popcounts);
  });

  it('stores exactly 2n - popcount(n) nodes, and the root from stored nodes matches at every size', () => {
    // Prepare
    const tree = new MemoryTree();
    const data = Array.from({ length: 37 }, (_, i) => Uint8Array.of(i, i + 1));
    // Act
    data.forEach((d) => tree.append(d));
    // Assess
    expect(tree.storedKeys()).toHaveLength(2 * 37 - 3);
    for (let n = 0; n <= 37; n += 1) expect(hex(tree.root(n))).toBe(hex(rootOfLeaves(data.slice(0, n))));
  });

  it('rejects a frontier that does not match the size', () => {
    // Act / Assess
    expect(() => appendLeaf([], 1, leafHash(new Uint8Array()))).toThrow(
      expect.objectContaining({ code: 'audit_merkle_state_invalid' }),
    );
  });

  it('rejects a leaf hash that is not 32 bytes', () => {
    // Act / Assess
    expect(() => appendLeaf([], 0, new Uint8Array(31))).toThrow(
      expect.objectContaining({ code: 'audit_merkle_state_invalid' }),
    );
  });
});

describe('nodeKey', () => {
  it('round-trips and orders by level, then index', () => {
    // Prepare
    const ids = [
      { level: 0, index: 0 },
      { level: 0, index: MAX_TREE_SIZE - 1 },
      { level: 1, index: 0 },
      { level: 46, index: 0 },
    ];
    // Act
    const keys = ids.map(({ level, index }) => nodeKey(level, index));
    // Assess
    expect(keys.map(nodeIdFromKey)).toEqual(ids);
    expect([...keys].sort((a, b) => a - b)).toEqual(keys);
    expect(keys.every(Number.isSafeInteger)).toBe(true);
  });

  it.each([
    [-1, 0],
    [47, 0],
    [0, MAX_TREE_SIZE],
    [10, 2 ** 36],
    [0, 1.5],
  ])('rejects level %d index %d', (level, index) => {
    // Act / Assess
    expect(() => nodeKey(level, index)).toThrow(expect.objectContaining({ code: 'audit_merkle_state_invalid' }));
  });

  it('interior hash is SHA-256(0x01 || left || right)', () => {
    // Prepare
    const left = leafHash(leafData[0]!);
    const right = leafHash(leafData[1]!);
    // Act / Assess
    expect(hex(nodeHash(left, right))).toBe(ROOTS[2]);
  });
});
