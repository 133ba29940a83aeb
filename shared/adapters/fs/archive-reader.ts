import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ProofNodeMissingError } from '../../audit/errors.ts';
import { leafHash, nodeKey, type NodeId } from '../../audit/merkle.ts';
import { assembleProof, consistencyProofPlan, type NodeSource } from '../../audit/proofs.ts';
import type { AuditSource, ConsistencyProofSource } from '../../audit/verifier-types.ts';
import { ArchiveUnavailableError, assertArchiveKey } from '../../ports/archive.ts';
import {
  archiveKeys,
  CHECKPOINTS_DIR,
  ENTRIES_DIR,
  NODES_DIR,
  numberOfFileName,
} from '../../services/archive-layout.ts';

const LOG_DIRS: ReadonlySet<string> = new Set([ENTRIES_DIR, NODES_DIR, CHECKPOINTS_DIR]);

/**
 * Reads an archive folder (docs/archive-layout.md) as the offline verifier's source: nothing here
 * trusts the archive, it only finds files. Consistency proofs are assembled from the archived
 * nodes (level 0 from the archived entries), so a checkpoints-mode run needs no operator either.
 */
export class FsArchiveReader implements AuditSource, ConsistencyProofSource {
  readonly #root: string;

  constructor(root: string) {
    this.#root = resolve(root);
  }

  /** Every origin in the archive: a folder holding entries/, nodes/ or checkpoints/. Sorted. */
  async listOrigins(): Promise<string[]> {
    const origins: string[] = [];
    const walk = async (segments: string[]): Promise<void> => {
      const children = await this.#dirents(segments);
      if (segments.length > 0 && children.some((d) => d.isDirectory() && LOG_DIRS.has(d.name)))
        origins.push(segments.join('/'));
      for (const child of children) {
        if (child.isDirectory() && !LOG_DIRS.has(child.name)) await walk([...segments, child.name]);
      }
    };
    await walk([]);
    return origins.sort();
  }

  /** Every archived checkpoint note of the log, smallest size first. */
  async checkpoints(origin: string): Promise<string[]> {
    assertArchiveKey(origin);
    const sizes = (await this.#dirents([...origin.split('/'), CHECKPOINTS_DIR]))
      .filter((d) => d.isFile())
      .map((d) => numberOfFileName(d.name, '.txt'))
      .filter((size): size is number => size !== undefined)
      .sort((a, b) => a - b);
    return Promise.all(
      sizes.map(async (size) => new TextDecoder().decode(await this.#read(archiveKeys.checkpoint(origin, size)))),
    );
  }

  /** Entry bytes at [start, start + limit) in index order; stops at the first missing index. */
  async entries(origin: string, start: number, limit: number): Promise<Uint8Array[]> {
    assertArchiveKey(origin);
    const out: Uint8Array[] = [];
    for (let index = start; index < start + limit; index += 1) {
      const bytes = await this.#readOptional(archiveKeys.entry(origin, index));
      if (bytes === undefined) break;
      out.push(bytes);
    }
    return out;
  }

  /** RFC 9162 consistency proof from the archived nodes; throws ProofNodeMissingError if the archive lacks one. */
  async consistencyProof(origin: string, fromSize: number, toSize: number): Promise<Uint8Array[]> {
    const plan = consistencyProofPlan(fromSize, toSize);
    const hashes = await this.nodeSource(origin).getNodes(plan.nodes);
    return assembleProof(plan, new Map(plan.nodes.map((node, i) => [nodeKey(node.level, node.index), hashes[i]!])));
  }

  /** Archived nodes of a log; level 0 is the leaf hash of the archived entry. */
  nodeSource(origin: string): NodeSource {
    assertArchiveKey(origin);
    return {
      getNodes: (ids: readonly NodeId[]) =>
        Promise.all(
          ids.map(async (id) => {
            const key =
              id.level === 0 ? archiveKeys.entry(origin, id.index) : archiveKeys.node(origin, id.level, id.index);
            const bytes = await this.#readOptional(key);
            if (bytes === undefined || (id.level > 0 && bytes.byteLength !== 32))
              throw new ProofNodeMissingError(`Node ${id.level}/${id.index} is not archived`);
            return id.level === 0 ? leafHash(bytes) : bytes;
          }),
        ),
    };
  }

  async #dirents(segments: readonly string[]) {
    try {
      return await readdir(join(this.#root, ...segments), { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new ArchiveUnavailableError('The archive folder could not be read', { cause: error });
    }
  }

  async #read(key: string): Promise<Uint8Array> {
    const bytes = await this.#readOptional(key);
    if (bytes === undefined) throw new ArchiveUnavailableError(`${key} vanished from the archive`);
    return bytes;
  }

  async #readOptional(key: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(join(this.#root, ...key.split('/'))));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new ArchiveUnavailableError('The archive folder could not be read', { cause: error });
    }
  }
}
