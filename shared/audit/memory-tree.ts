import { ProofNodeMissingError } from './errors.ts';
import { appendLeaf, assertTreeSize, foldNodes, frontierNodes, leafHash, nodeKey, rootFromFrontier } from './merkle.ts';
import type { NodeId } from './merkle.ts';
import type { NodeSource } from './proofs.ts';

/**
 * An in-memory log with the same stored-node model as the DynamoDB adapter: tests use it as the
 * reference, and the verifier uses it as a NodeSource over an export it has recomputed.
 */
export class MemoryTree implements NodeSource {
  readonly #nodes = new Map<number, Uint8Array>();
  #frontier: Uint8Array[] = [];
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Appends raw entry bytes; returns the leaf index. */
  append(data: Uint8Array): number {
    return this.appendHash(leafHash(data));
  }

  appendHash(hash: Uint8Array): number {
    const { frontier, sealed } = appendLeaf(this.#frontier, this.#size, hash);
    for (const node of sealed) this.#nodes.set(nodeKey(node.level, node.index), node.hash);
    this.#frontier = frontier;
    this.#size += 1;
    return this.#size - 1;
  }

  /** Root at any size up to the current one, from stored nodes only (as the adapter would). */
  root(size: number = this.#size): Uint8Array {
    assertTreeSize(size);
    if (size > this.#size) throw new ProofNodeMissingError(`The tree has only ${this.#size} leaves`);
    if (size === this.#size) return rootFromFrontier(this.#frontier, size);
    return foldNodes(frontierNodes(size).map((node) => this.#node(node)));
  }

  leafHash(index: number): Uint8Array {
    return this.#node({ level: 0, index });
  }

  getNodes(ids: readonly NodeId[]): Promise<Uint8Array[]> {
    // Deferred so a missing node surfaces as a rejection, like a failed database read would.
    return Promise.resolve().then(() => ids.map((id) => this.#node(id)));
  }

  /** Every stored node, for tests that assert what the adapter would have written. */
  storedKeys(): number[] {
    return [...this.#nodes.keys()];
  }

  #node(id: NodeId): Uint8Array {
    const hash = this.#nodes.get(nodeKey(id.level, id.index));
    if (hash === undefined) throw new ProofNodeMissingError(`Node ${id.level}/${id.index} is not stored`);
    return hash;
  }
}
