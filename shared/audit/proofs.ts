import { ProofNodeMissingError, ProofRangeError } from './errors.ts';
import { assertTreeSize, coveringNodes, foldNodes, largestPowerOfTwoBelow, nodeKey } from './merkle.ts';
import type { NodeId } from './merkle.ts';

/**
 * RFC 9162 §2.1.3.1 / §2.1.4.1 proof generation from stored complete nodes. A proof element is the
 * MTH of a leaf range; on the right edge of the tree that range may be incomplete, and its MTH is
 * folded from the complete nodes covering it. A plan lists every node once, so the adapter reads
 * them in one batch: at most ~2·log2(n) nodes.
 */
export interface ProofPlan {
  /** Per proof element, in proof order, the complete nodes whose fold is that element. */
  readonly elements: readonly (readonly NodeId[])[];
  /** Every node the plan needs, each once: the batched read. */
  readonly nodes: readonly NodeId[];
}

/** Reads stored nodes; returns their hashes in the order asked, or throws. */
export interface NodeSource {
  getNodes(ids: readonly NodeId[]): Promise<Uint8Array[]>;
}

type Range = readonly [start: number, end: number];

export function inclusionProofPlan(index: number, size: number): ProofPlan {
  assertTreeSize(size);
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
    throw new ProofRangeError(`No inclusion proof for index ${index} in a tree of ${size}`);
  }
  return planOf(inclusionRanges(index, 0, size));
}

export function consistencyProofPlan(m: number, n: number): ProofPlan {
  assertTreeSize(n);
  if (!Number.isSafeInteger(m) || m < 0 || m > n) {
    throw new ProofRangeError(`No consistency proof from size ${m} to size ${n}`);
  }
  // RFC 9162: the proof between equal sizes is empty; from the empty tree there is nothing to prove.
  if (m === 0 || m === n) return planOf([]);
  return planOf(subproofRanges(m, 0, n, true));
}

/** RFC 6962 PATH(m, D[start:end]) as leaf ranges, leaf's sibling first. */
function inclusionRanges(m: number, start: number, end: number): Range[] {
  const n = end - start;
  if (n <= 1) return [];
  const k = largestPowerOfTwoBelow(n);
  if (m < k) return [...inclusionRanges(m, start, start + k), [start + k, end]];
  return [...inclusionRanges(m - k, start + k, end), [start, start + k]];
}

/** RFC 6962 SUBPROOF(m, D[start:end], complete) as leaf ranges. */
function subproofRanges(m: number, start: number, end: number, complete: boolean): Range[] {
  const n = end - start;
  if (m === n) return complete ? [] : [[start, end]];
  const k = largestPowerOfTwoBelow(n);
  if (m <= k) return [...subproofRanges(m, start, start + k, complete), [start + k, end]];
  return [...subproofRanges(m - k, start + k, end, false), [start, start + k]];
}

function planOf(ranges: readonly Range[]): ProofPlan {
  const elements = ranges.map(([start, end]) => coveringNodes(start, end));
  const unique = new Map<number, NodeId>();
  for (const node of elements.flat()) unique.set(nodeKey(node.level, node.index), node);
  return { elements, nodes: [...unique.values()] };
}

/** Builds the proof from the plan's nodes, keyed by nodeKey. */
export function assembleProof(plan: ProofPlan, nodes: ReadonlyMap<number, Uint8Array>): Uint8Array[] {
  return plan.elements.map((element) =>
    foldNodes(
      element.map((node) => {
        const hash = nodes.get(nodeKey(node.level, node.index));
        if (hash === undefined) throw new ProofNodeMissingError(`Node ${node.level}/${node.index} is missing`);
        return hash;
      }),
    ),
  );
}

export const assembleInclusionProof = assembleProof;
export const assembleConsistencyProof = assembleProof;

async function proofFrom(plan: ProofPlan, source: NodeSource): Promise<Uint8Array[]> {
  if (plan.nodes.length === 0) return [];
  const hashes = await source.getNodes(plan.nodes);
  if (hashes.length !== plan.nodes.length) throw new ProofNodeMissingError('The node source returned too few nodes');
  const byKey = new Map<number, Uint8Array>();
  plan.nodes.forEach((node, i) => byKey.set(nodeKey(node.level, node.index), hashes[i]!));
  return assembleProof(plan, byKey);
}

export async function inclusionProof(index: number, size: number, source: NodeSource): Promise<Uint8Array[]> {
  return await proofFrom(inclusionProofPlan(index, size), source);
}

export async function consistencyProof(m: number, n: number, source: NodeSource): Promise<Uint8Array[]> {
  return await proofFrom(consistencyProofPlan(m, n), source);
}
