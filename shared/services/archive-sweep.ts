import { nodeKey, type NodeId } from '../audit/merkle.ts';
import type { NodeSource } from '../audit/proofs.ts';
import { MalformedAuditItemError, type ArchiveWriter } from '../ports/archive.ts';
import { ArchiveService, type AuditItemImage } from './archive-service.ts';

/** What the sweep reads: the read side of DynamoDbAuditStore. */
export interface ArchiveSourceStore {
  listHeads(org?: string): Promise<ReadonlyArray<{ origin: string; size: number }>>;
  entries(
    origin: string,
    start: number,
    limit: number,
  ): Promise<ReadonlyArray<{ index: number; entry: string; leafHash: Uint8Array }>>;
  nodeSource(origin: string): NodeSource;
  checkpointCovering(origin: string, size: number): Promise<{ size: number; note: string } | undefined>;
}

/** How far each log is archived: entries and sealed nodes below `size`, checkpoints up to `checkpoint`. */
export interface ArchivedLog {
  readonly size: number;
  /** Size of the largest archived checkpoint; -1 when none. */
  readonly checkpoint: number;
}

export type ArchiveProgress = Readonly<Record<string, ArchivedLog>>;

export interface ArchiveSweepOptions {
  readonly store: ArchiveSourceStore;
  readonly writer: ArchiveWriter;
  /** Entries (and nodes) read per page. */
  readonly pageSize?: number;
}

export interface ArchiveSweep {
  readonly progress: ArchiveProgress;
  readonly written: number;
  /** Logs that could not be archived this time (a gap, a conflict, a store error); retried next sweep. */
  readonly failed: ReadonlyArray<{ origin: string; error: unknown }>;
}

const DEFAULT_PAGE = 500;

/** Archives every log from the start (idempotent: what is archived already is rewritten identically). */
export function archiveAll(options: ArchiveSweepOptions): Promise<ArchiveSweep> {
  return archiveSince(options, {});
}

/**
 * Local mode's stand-in for the stream archiver: reads from the store what `lastArchived` does not
 * cover and writes it through the same ArchiveService mapping. Per log, entries and nodes are
 * archived before the checkpoints that cover them, and only checkpoints up to the head read at the
 * start, so every archived checkpoint is backed by archived entries. Each log is swept on its own:
 * a damaged log stops only itself (and keeps its progress for the next sweep); the others go on.
 */
export async function archiveSince(options: ArchiveSweepOptions, lastArchived: ArchiveProgress): Promise<ArchiveSweep> {
  const service = new ArchiveService(options.writer);
  const progress: Record<string, ArchivedLog> = { ...lastArchived };
  const failed: Array<{ origin: string; error: unknown }> = [];
  let written = 0;
  for (const head of await options.store.listHeads()) {
    try {
      written += await archiveLog(options, service, head, progress);
    } catch (error) {
      failed.push({ origin: head.origin, error });
    }
  }
  return { progress, written, failed };
}

/** Archives one log up to `head`, recording progress as it goes; returns the objects written. */
async function archiveLog(
  options: ArchiveSweepOptions,
  service: ArchiveService,
  head: { origin: string; size: number },
  progress: Record<string, ArchivedLog>,
): Promise<number> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE;
  const done = progress[head.origin] ?? { size: 0, checkpoint: -1 };
  let written = 0;
  for (let start = done.size; start < head.size;) {
    const end = Math.min(head.size, start + pageSize);
    const entries = await options.store.entries(head.origin, start, end - start);
    const items = entryItems(head.origin, start, entries);
    items.push(...(await nodeItems(head.origin, options.store.nodeSource(head.origin), start, start + entries.length)));
    written += await service.archiveAllOrThrow(items);
    start += entries.length;
    progress[head.origin] = { size: start, checkpoint: done.checkpoint };
  }
  let checkpoint = done.checkpoint;
  for (;;) {
    const next = await options.store.checkpointCovering(head.origin, checkpoint + 1);
    if (!next || next.size > head.size) break;
    written += await service.archiveAllOrThrow([{ pk: `C#${head.origin}`, sk: next.size, note: next.note }]);
    checkpoint = next.size;
  }
  progress[head.origin] = { size: head.size, checkpoint };
  return written;
}

/** Entry item images of a page, refusing gaps (an index is gap-free from 0, audit.md §7). */
function entryItems(
  origin: string,
  start: number,
  entries: ReadonlyArray<{ index: number; entry: string; leafHash: Uint8Array }>,
): AuditItemImage[] {
  if (entries.length === 0) throw new MalformedAuditItemError(`Entry ${start} of a log is missing below its head`);
  return entries.map((entry, i) => {
    if (entry.index !== start + i)
      throw new MalformedAuditItemError(`Entry ${start + i} of a log is missing below its head`);
    return { pk: `E#${origin}`, sk: entry.index, entry: entry.entry, leafHash: entry.leafHash };
  });
}

/** Item images of the interior nodes sealed by leaves [from, to): at level L, indexes ⌊from/2^L⌋ … ⌊to/2^L⌋ − 1. */
async function nodeItems(origin: string, source: NodeSource, from: number, to: number): Promise<AuditItemImage[]> {
  const ids: NodeId[] = [];
  for (let level = 1; 2 ** level <= to; level += 1) {
    for (let index = Math.floor(from / 2 ** level); index < Math.floor(to / 2 ** level); index += 1)
      ids.push({ level, index });
  }
  if (ids.length === 0) return [];
  const hashes = await source.getNodes(ids);
  return ids.map((id, i) => ({ pk: `N#${origin}`, sk: nodeKey(id.level, id.index), hash: hashes[i] }));
}
