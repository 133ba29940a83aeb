import { toBase64 } from '../audit/encoding.ts';
import { leafHash } from '../audit/merkle.ts';
import { consistencyProof, inclusionProof, type NodeSource } from '../audit/proofs.ts';
import { formatTlogProof } from '../audit/tlog-proof.ts';
import type { AuditEntriesBody, ConsistencyProofBody, InclusionProofBody } from '../schemas/audit.ts';
import { NotFoundError } from '../errors.ts';

/** The read side of the audit table the audit endpoints use (DynamoDbAuditStore fits). */
export interface AuditReadStore {
  /** The heads of the named logs that exist (no listing: the caller knows its org's origins). */
  getHeads(origins: readonly string[]): Promise<Array<{ origin: string; org: string; size: number }>>;
  getHead(origin: string): Promise<{ origin: string; org: string; size: number } | undefined>;
  entries(origin: string, start: number, limit: number): Promise<Array<{ index: number; entry: string }>>;
  nodeSource(origin: string): NodeSource;
  checkpoints(origin: string, limit?: number): Promise<Array<{ size: number; note: string; signedAt?: string }>>;
  checkpointCovering(origin: string, size: number): Promise<{ size: number; note: string } | undefined>;
}

export interface InclusionAnswer {
  readonly leafHash: string;
  readonly proof: string[];
  readonly checkpoint: string;
  /** c2sp.org/tlog-proof@v1, entry id in `extra`. */
  readonly tlogProof: string;
}

/** Finds the signed checkpoint note of exactly `size`, or throws NotFoundError. */
export type CheckpointLookup = (origin: string, size: number) => Promise<string>;

/**
 * Proofs and entries of one log the caller's org owns (the caller checked the head). Sizes beyond
 * the log, or a checkpoint size never signed, are 404: there is nothing to prove against.
 */
export async function inclusionAnswer(
  store: AuditReadStore,
  head: { size: number },
  body: InclusionProofBody,
  checkpointOfSize: CheckpointLookup,
): Promise<InclusionAnswer> {
  const { origin, index, treeSize } = body;
  if (treeSize > head.size) throw new NotFoundError('The log is not that large');
  const checkpoint = await checkpointOfSize(origin, treeSize);
  const [stored] = await store.entries(origin, index, 1);
  if (stored?.index !== index) throw new NotFoundError('No such entry');
  const proof = await inclusionProof(index, treeSize, store.nodeSource(origin));
  const entryId = (JSON.parse(stored.entry) as { id?: unknown }).id;
  const tlogProof = formatTlogProof({ index, proof, checkpoint, ...(typeof entryId === 'string' ? { entryId } : {}) });
  return {
    leafHash: toBase64(leafHash(new TextEncoder().encode(stored.entry))),
    proof: proof.map(toBase64),
    checkpoint,
    tlogProof,
  };
}

export async function consistencyAnswer(
  store: AuditReadStore,
  head: { size: number },
  body: ConsistencyProofBody,
  checkpointOfSize: CheckpointLookup,
): Promise<{ proof: string[]; checkpoint: string }> {
  const { origin, fromSize, toSize } = body;
  if (toSize > head.size) throw new NotFoundError('The log is not that large');
  const checkpoint = await checkpointOfSize(origin, toSize);
  const proof = await consistencyProof(fromSize, toSize, store.nodeSource(origin));
  return { proof: proof.map(toBase64), checkpoint };
}

/**
 * The canonical entry texts exactly as hashed, in index order. The log is gap-free from 0, so the
 * answer stops at the first index the store cannot produce: a verifier then sees where the readable
 * log ends instead of a later entry standing in for a missing one.
 */
export async function entriesAnswer(
  store: AuditReadStore,
  head: { size: number },
  body: AuditEntriesBody,
): Promise<{ entries: string[]; nextStart?: number }> {
  const { origin, start, limit } = body;
  const stored = await store.entries(origin, start, limit);
  const entries: string[] = [];
  let bytes = 0;
  for (const [offset, item] of stored.entries()) {
    if (item.index !== start + offset) break;
    // api.md §1.1: a whole answer stays within 5 MiB; a page that would not is cut short.
    bytes += Buffer.byteLength(JSON.stringify(item.entry)) + 1;
    if (bytes > MAX_ENTRIES_ANSWER_BYTES && entries.length > 0) break;
    entries.push(item.entry);
  }
  const next = start + entries.length;
  return entries.length > 0 && next < head.size ? { entries, nextStart: next } : { entries };
}

/** Below api.md §1.1's 5 MiB per answer, with room for the envelope. */
export const MAX_ENTRIES_ANSWER_BYTES = 4.5 * 1024 * 1024;
