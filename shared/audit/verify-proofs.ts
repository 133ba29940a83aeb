import { bytesEqual } from './encoding.ts';
import { emptyRoot, nodeHash } from './merkle.ts';

/**
 * RFC 9162 §2.1.3.2 and §2.1.4.2 proof verification, written from the RFC's step lists and
 * deliberately sharing nothing with the generator in proofs.ts, so a bug in one is caught by the
 * other. `fn`/`sn` exceed 32 bits, hence arithmetic instead of bit operators.
 */

const isOdd = (x: number): boolean => x % 2 === 1;
const half = (x: number): number => Math.floor(x / 2);

function wellFormed(proof: readonly Uint8Array[], ...hashes: readonly Uint8Array[]): boolean {
  return [...proof, ...hashes].every((hash) => hash.byteLength === 32);
}

/** True when `proof` proves the leaf with hash `leaf` at `index` in the tree of `size` with `root`. */
export function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  if (!wellFormed(proof, leaf, root)) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && bytesEqual(r, root);
}

/** True when `proof` proves the tree of size m with `oldRoot` is a prefix of size n with `newRoot`. */
export function verifyConsistency(
  m: number,
  n: number,
  proof: readonly Uint8Array[],
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
): boolean {
  if (!Number.isSafeInteger(m) || !Number.isSafeInteger(n) || m < 0 || m > n) return false;
  if (!wellFormed(proof, oldRoot, newRoot)) return false;
  // Cases the RFC's loop does not cover: equal sizes need equal roots; the empty tree precedes all.
  if (m === n) return proof.length === 0 && bytesEqual(oldRoot, newRoot);
  if (m === 0) return proof.length === 0 && bytesEqual(oldRoot, emptyRoot());
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(m) ? [oldRoot, ...proof] : [...proof];
  let fn = m - 1;
  let sn = n - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && bytesEqual(fr, oldRoot) && bytesEqual(sr, newRoot);
}

function isPowerOfTwo(x: number): boolean {
  let v = x;
  while (v > 1 && v % 2 === 0) v /= 2;
  return v === 1;
}
