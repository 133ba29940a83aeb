/**
 * TESTS ONLY. The companion write of the in-memory stores: what the DynamoDB adapters express as a
 * transaction item (a key, a condition, an update) as a plain object the in-memory log commits.
 */
import type { AtomicWrite, CompanionTag } from '../../../shared/ports/audit-log.ts';

export const MEMORY_STORE = 'memory';

export interface MemoryWriteItem {
  /** What the write touches; one atomic write may touch an item once, as in a DynamoDB transaction. */
  readonly key: string;
  /** The condition, read before anything in the same commit is applied. */
  holds(): boolean;
  apply(): void;
}

export function memoryWrite(tag: CompanionTag, item: MemoryWriteItem): AtomicWrite {
  return { tag, store: MEMORY_STORE, item };
}

/** The item of a companion write, or undefined if another store made it (it cannot commit here). */
export function memoryItemOf(write: AtomicWrite): MemoryWriteItem | undefined {
  return write.store === MEMORY_STORE ? (write.item as MemoryWriteItem) : undefined;
}
