import { nodeIdFromKey } from '../audit/merkle.ts';
import { MalformedAuditItemError, type ArchiveWriter } from '../ports/archive.ts';
import { archiveKeys } from './archive-layout.ts';

/** An AuditLog table item image, unmarshalled (stream NEW_IMAGE or a store read). */
export type AuditItemImage = Readonly<Record<string, unknown>>;

export interface ArchiveObject {
  readonly key: string;
  readonly body: Uint8Array | string;
}

export interface ArchiveOutcome {
  readonly written: number;
  /** Items that are not entries, nodes or checkpoints: nothing to archive. */
  readonly skipped: number;
  /** Positions (in the input) of items that failed, with why; the caller retries them. */
  readonly failed: ReadonlyArray<{ readonly position: number; readonly error: unknown }>;
}

const ENTRY = 'E#';
const NODE = 'N#';
const CHECKPOINT = 'C#';

/**
 * Maps one audit table item to its archive object (docs/archive-layout.md), or undefined for an
 * item that is not archived. Entries, sealed nodes and checkpoints are archived byte for byte as
 * stored: nothing is re-derived, so the archive shows what the table held, tampered or not.
 */
export function archiveObjectOf(item: AuditItemImage): ArchiveObject | undefined {
  const pk = item['pk'];
  if (typeof pk !== 'string') return undefined;
  const kind = pk.slice(0, 2);
  if (kind !== ENTRY && kind !== NODE && kind !== CHECKPOINT) return undefined;
  const origin = pk.slice(2);
  const sk = item['sk'];
  if (origin === '' || typeof sk !== 'number' || !Number.isSafeInteger(sk) || sk < 0) {
    throw new MalformedAuditItemError('An audit item has no origin or no integer sort key');
  }
  if (kind === ENTRY) {
    const entry = item['entry'];
    if (typeof entry !== 'string') throw new MalformedAuditItemError(`Entry ${sk} has no entry text`);
    return { key: archiveKeys.entry(origin, sk), body: entry };
  }
  if (kind === NODE) {
    const hash = item['hash'];
    if (!(hash instanceof Uint8Array) || hash.byteLength !== 32)
      throw new MalformedAuditItemError(`Node ${sk} has no 32-byte hash`);
    const { level, index } = nodeIdFromKey(sk);
    return { key: archiveKeys.node(origin, level, index), body: hash };
  }
  const note = item['note'];
  if (typeof note !== 'string') throw new MalformedAuditItemError(`Checkpoint ${sk} has no note`);
  return { key: archiveKeys.checkpoint(origin, sk), body: note };
}

/**
 * Copies audit items to the WORM archive (audit.md §7). Shared by the stream archiver (AWS) and
 * the store sweep (local mode), so both produce the same objects. Idempotent: re-archiving an
 * item writes the same bytes, which the writers accept.
 */
export class ArchiveService {
  readonly #writer: ArchiveWriter;
  readonly #concurrency: number;

  constructor(writer: ArchiveWriter, options: { concurrency?: number } = {}) {
    this.#writer = writer;
    this.#concurrency = Math.max(1, options.concurrency ?? 16);
  }

  /** Archives one item; false when the item is not an archived kind. */
  async archiveItem(item: AuditItemImage): Promise<boolean> {
    const object = archiveObjectOf(item);
    if (!object) return false;
    await this.#writer.put(object.key, object.body);
    return true;
  }

  /** Archives every item, each independently: one failure never stops (or hides) another. */
  async archiveItems(items: readonly AuditItemImage[]): Promise<ArchiveOutcome> {
    let written = 0;
    let skipped = 0;
    const failed: Array<{ position: number; error: unknown }> = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < items.length) {
        const position = next++;
        try {
          if (await this.archiveItem(items[position]!)) written += 1;
          else skipped += 1;
        } catch (error) {
          failed.push({ position, error });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.#concurrency, items.length) }, worker));
    failed.sort((a, b) => a.position - b.position);
    return { written, skipped, failed };
  }

  /** archiveItems, throwing the first failure: for callers that retry the whole batch. */
  async archiveAllOrThrow(items: readonly AuditItemImage[]): Promise<number> {
    const outcome = await this.archiveItems(items);
    const [first] = outcome.failed;
    if (first) throw first.error;
    return outcome.written;
  }
}
