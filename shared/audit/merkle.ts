import { hash as oneShotHash } from 'node:crypto';
import { MerkleStateError } from './errors.ts';
import { sha256 } from './encoding.ts';

/**
 * RFC 6962 §2.1 Merkle tree hashing, and the stored-node model the DynamoDB adapter persists.
 *
 * A node `{ level, index }` is the hash of leaves [index·2^level, (index+1)·2^level); it is written
 * once, when it becomes complete, and never changes. Level 0 holds the leaf hashes. Sizes exceed
 * 32 bits, so this file never uses bitwise operators on sizes or indexes.
 */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

export interface SealedNode extends NodeId {
  readonly hash: Uint8Array;
}

/** Bounds of nodeKey: trees up to 2^46 leaves (7·10^13), levels 0..46, keys below 2^52. */
export const MAX_TREE_SIZE = 2 ** 46;
export const MAX_LEVEL = 46;

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

/**
 * Hash inputs are assembled in reused buffers and hashed one-shot: a leaf and (on average) one
 * interior node per entry are the hashing of full verification, and a Hash object with one update
 * per part cost several times the SHA-256 itself. Leaves above the bound (entries are at most
 * 16 KiB) get a buffer of their own rather than growing the reused one.
 */
const REUSED_LEAF_INPUT_BYTES = 64 * 1024;
const leafInput = Buffer.allocUnsafe(REUSED_LEAF_INPUT_BYTES + 1);
const nodeInput = Buffer.allocUnsafe(65);

export function leafHash(data: Uint8Array): Uint8Array {
  const input = data.byteLength <= REUSED_LEAF_INPUT_BYTES ? leafInput : Buffer.allocUnsafe(data.byteLength + 1);
  input[0] = LEAF_PREFIX;
  input.set(data, 1);
  return sha256Once(input.subarray(0, data.byteLength + 1));
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  if (left.byteLength !== 32 || right.byteLength !== 32) return sha256(Uint8Array.of(NODE_PREFIX), left, right);
  nodeInput[0] = NODE_PREFIX;
  nodeInput.set(left, 1);
  nodeInput.set(right, 33);
  return sha256Once(nodeInput);
}

function sha256Once(input: Uint8Array): Uint8Array {
  return new Uint8Array(oneShotHash('sha256', input, 'buffer'));
}

export function emptyRoot(): Uint8Array {
  return sha256();
}

/** MTH over raw leaf data, straight from the RFC's recursive definition; for vectors and tests. */
export function rootOfLeaves(leafData: readonly Uint8Array[]): Uint8Array {
  return rootOfHashes(leafData.map(leafHash));
}

function rootOfHashes(hashes: readonly Uint8Array[]): Uint8Array {
  if (hashes.length === 0) return emptyRoot();
  if (hashes.length === 1) return hashes[0]!;
  const k = largestPowerOfTwoBelow(hashes.length);
  return nodeHash(rootOfHashes(hashes.slice(0, k)), rootOfHashes(hashes.slice(k)));
}

/** The largest power of two strictly smaller than n (n >= 2): RFC 6962's split point. */
export function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Safe-integer sort key of a stored node: level·2^46 + index (< 2^52). */
export function nodeKey(level: number, index: number): number {
  if (!Number.isInteger(level) || level < 0 || level > MAX_LEVEL) {
    throw new MerkleStateError(`Node level ${level} is outside 0..${MAX_LEVEL}`);
  }
  if (!Number.isInteger(index) || index < 0 || index * 2 ** level >= MAX_TREE_SIZE) {
    throw new MerkleStateError(`Node index ${index} at level ${level} is outside the supported tree`);
  }
  return level * MAX_TREE_SIZE + index;
}

export function nodeIdFromKey(key: number): NodeId {
  const level = Math.floor(key / MAX_TREE_SIZE);
  const id = { level, index: key - level * MAX_TREE_SIZE };
  nodeKey(id.level, id.index);
  return id;
}

export function assertTreeSize(size: number): void {
  if (!Number.isSafeInteger(size) || size < 0 || size > MAX_TREE_SIZE) {
    throw new MerkleStateError(`Tree size ${size} is outside 0..2^46`);
  }
}

/**
 * The complete nodes covering leaves [start, end), left to right, largest aligned block first.
 * For the ranges proofs use (start aligned to a power of two >= end - start) this is the binary
 * decomposition of the range, and `foldNodes` of their hashes is the range's MTH.
 */
export function coveringNodes(start: number, end: number): NodeId[] {
  const nodes: NodeId[] = [];
  let position = start;
  while (position < end) {
    let width = 1;
    let level = 0;
    while (position % (width * 2) === 0 && position + width * 2 <= end) {
      width *= 2;
      level += 1;
    }
    nodes.push({ level, index: position / width });
    position += width;
  }
  return nodes;
}

/** The nodes whose hashes form the frontier of a tree of `size` leaves (one per set bit of size). */
export function frontierNodes(size: number): NodeId[] {
  assertTreeSize(size);
  return coveringNodes(0, size);
}

/** MTH of adjacent complete subtrees of decreasing size: fold from the right (RFC 6962 split rule). */
export function foldNodes(hashes: readonly Uint8Array[]): Uint8Array {
  if (hashes.length === 0) return emptyRoot();
  let accumulator = hashes[hashes.length - 1]!;
  for (let i = hashes.length - 2; i >= 0; i -= 1) accumulator = nodeHash(hashes[i]!, accumulator);
  return accumulator;
}

export function rootFromFrontier(frontier: readonly Uint8Array[], size: number): Uint8Array {
  assertFrontier(frontier, size);
  return foldNodes(frontier);
}

/**
 * Appends one leaf to a tree known only by its frontier. Returns the new frontier and every node
 * that became complete (the leaf itself first, then each parent it sealed, bottom up), which is
 * exactly what the adapter writes, once each, with attribute_not_exists.
 */
export function appendLeaf(
  frontier: readonly Uint8Array[],
  size: number,
  hash: Uint8Array,
): { frontier: Uint8Array[]; sealed: SealedNode[] } {
  assertFrontier(frontier, size);
  if (size + 1 > MAX_TREE_SIZE) throw new MerkleStateError('The tree is full');
  if (hash.byteLength !== 32) throw new MerkleStateError('A leaf hash is 32 bytes');
  const next = frontier.slice();
  const sealed: SealedNode[] = [{ level: 0, index: size, hash }];
  let carry = hash;
  let level = 0;
  // Each trailing 1 bit of `size` is a complete subtree that the new leaf's subtree now pairs with.
  for (let bits = size; bits % 2 === 1; bits = (bits - 1) / 2) {
    carry = nodeHash(next.pop()!, carry);
    level += 1;
    sealed.push({ level, index: Math.floor(size / 2 ** level), hash: carry });
  }
  next.push(carry);
  return { frontier: next, sealed };
}

function assertFrontier(frontier: readonly Uint8Array[], size: number): void {
  assertTreeSize(size);
  if (frontier.length !== setBits(size)) {
    throw new MerkleStateError(`A frontier of size ${size} has one hash per set bit of the size`);
  }
  if (frontier.some((hash) => hash.byteLength !== 32)) throw new MerkleStateError('Frontier hashes are 32 bytes');
}

/** The number of 1 bits of a size (a frontier's length), without bitwise operators (sizes exceed 32 bits). */
function setBits(size: number): number {
  let count = 0;
  for (let rest = size; rest > 0; rest = Math.floor(rest / 2)) count += rest % 2;
  return count;
}
