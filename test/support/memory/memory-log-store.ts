/**
 * TESTS ONLY. The audit log's store in memory (shared/audit/log-store.ts): entries, sealed nodes and
 * heads in maps, a batch committed atomically on the head condition and its members' companion
 * conditions, failures named as DynamoDbLogStore names them. Unit tests run the real group-commit
 * queue over it (MemoryAuditLog) with no JVM; test/support/contracts/ holds both stores to one contract.
 */
import type { AuditEntry } from '../../../shared/audit/entry.ts';
import { auditIndexAttributes, type AuditIndexAttributes } from '../../../shared/audit/index-projection.ts';
import type {
  BatchFailure,
  BatchOutcome,
  LogBatch,
  LogHead,
  LogStore,
  PlannedAppend,
} from '../../../shared/audit/log-store.ts';
import type { CompanionTag } from '../../../shared/ports/audit-log.ts';
import { memoryItemOf, type MemoryWriteItem } from './memory-write.ts';

export interface StoredEntry {
  readonly index: number;
  readonly entry: AuditEntry;
  /** The canonical JSON as stored, byte for byte what the leaf hash covers. */
  readonly raw: string;
  readonly leafHash: Uint8Array;
  /** What the search indexes see (the same projection the DynamoDB writer stores). */
  readonly indexed: AuditIndexAttributes;
}

interface StoredHead extends LogHead {
  readonly org: string;
}

/**
 * A fault for the next commit: `refused` writes nothing and names no member (a request DynamoDB
 * refuses as a whole); `lost-answer` writes everything and then fails as a timeout would.
 */
export type CommitFault = 'refused' | 'lost-answer';

export class MemoryLogStore implements LogStore {
  readonly #heads = new Map<string, StoredHead>();
  readonly #entries = new Map<string, StoredEntry[]>();
  readonly #nodes = new Map<string, Uint8Array>();
  readonly #faults: CommitFault[] = [];
  /** Commits attempted, faulty ones included: what a round trip costs on a real store. */
  commits = 0;

  injectFault(fault: CommitFault): void {
    this.#faults.push(fault);
  }

  readHead(origin: string): Promise<LogHead> {
    const head = this.#heads.get(origin);
    return Promise.resolve(head ?? { exists: false, size: 0, frontier: [] });
  }

  entryIdAt(origin: string, index: number): Promise<string | undefined> {
    return Promise.resolve(this.#entries.get(origin)?.[index]?.entry.id);
  }

  batch<Member>(origin: string, head: LogHead): LogBatch<Member> {
    return new MemoryBatch<Member>(this, origin, head);
  }

  /** Every log written so far, by origin. */
  origins(): readonly string[] {
    return [...this.#entries.keys()];
  }

  /** Every entry of one log, in index order. */
  entries(origin: string): readonly StoredEntry[] {
    return [...(this.#entries.get(origin) ?? [])];
  }

  /** The interior node at (level, index) of a log, once sealed. */
  node(origin: string, level: number, index: number): Uint8Array | undefined {
    return this.#nodes.get(nodeKey(origin, level, index));
  }

  headMatches(origin: string, expected: LogHead): boolean {
    const head = this.#heads.get(origin);
    return expected.exists ? head?.size === expected.size : head === undefined;
  }

  nextFault(): CommitFault | undefined {
    this.commits += 1;
    return this.#faults.shift();
  }

  write(origin: string, org: string, next: LogHead, planned: readonly PlannedAppend[]): void {
    const entries = this.#entries.get(origin) ?? [];
    for (const append of planned)
      // The followers' entries and nodes are the member's own, indexed under its patient, as
      // DynamoDbLogStore writes them.
      for (const { receipt, entry, bytes, leaf, sealed } of [append, ...(append.followers ?? [])]) {
        entries[receipt.index] = {
          index: receipt.index,
          entry,
          raw: new TextDecoder().decode(bytes),
          leafHash: leaf,
          indexed: auditIndexAttributes(entry, receipt, append.patientIndexKey),
        };
        // Level 0 is the leaf, kept with its entry, as DynamoDbLogStore keeps it.
        for (const node of sealed.filter((node) => node.level > 0))
          this.#nodes.set(nodeKey(origin, node.level, node.index), node.hash);
      }
    this.#entries.set(origin, entries);
    this.#heads.set(origin, { exists: true, size: next.size, frontier: [...next.frontier], org });
  }
}

interface BatchMember<Member> {
  readonly member: Member;
  readonly planned: PlannedAppend;
  /** Its companion writes in order, with their tags; undefined where another store made one. */
  readonly writes: ReadonlyArray<{ readonly tag: CompanionTag; readonly item: MemoryWriteItem | undefined }>;
}

/** One atomic commit under construction: like a transaction, no item may be touched twice. */
class MemoryBatch<Member> implements LogBatch<Member> {
  readonly #members: Array<BatchMember<Member>> = [];
  readonly #touched = new Set<string>();
  readonly #store: MemoryLogStore;
  readonly #origin: string;
  readonly #head: LogHead;

  constructor(store: MemoryLogStore, origin: string, head: LogHead) {
    this.#store = store;
    this.#origin = origin;
    this.#head = head;
  }

  add(member: Member, planned: PlannedAppend): boolean {
    const writes = planned.companions.map((write) => ({ tag: write.tag, item: memoryItemOf(write) }));
    const keys = writes.flatMap(({ item }) => (item ? [item.key] : []));
    if (this.#members.length > 0 && keys.some((key) => this.#touched.has(key))) return false;
    keys.forEach((key) => this.#touched.add(key));
    this.#members.push({ member, planned, writes });
    return true;
  }

  commit(next: LogHead, org: string): Promise<BatchOutcome<Member>> {
    const fault = this.#store.nextFault();
    if (fault === 'refused') return Promise.resolve(failed({ kind: 'unattributed' }, fault));
    const contention = !this.#store.headMatches(this.#origin, this.#head);
    const conflicts = new Map<Member, CompanionTag>();
    const unwritable = new Set<Member>();
    for (const { member, writes } of this.#members) {
      // Like a cancelled transaction, the first failed condition of a member names its tag.
      const failing = writes.find(({ item }) => item === undefined || !item.holds());
      if (failing === undefined) continue;
      if (failing.item === undefined) unwritable.add(member);
      else conflicts.set(member, failing.tag);
    }
    if (contention || conflicts.size > 0 || unwritable.size > 0)
      return Promise.resolve(failed({ kind: 'retry', contention, conflicts, unwritable }, 'conditions'));
    // Every condition was read before anything is applied, and nothing awaits in between: atomic.
    for (const { writes } of this.#members) for (const { item } of writes) item?.apply();
    this.#store.write(
      this.#origin,
      org,
      next,
      this.#members.map(({ planned }) => planned),
    );
    if (fault === 'lost-answer') return Promise.resolve(failed({ kind: 'ambiguous' }, fault));
    return Promise.resolve({ kind: 'committed' });
  }
}

function failed<Member>(failure: BatchFailure<Member>, why: string): BatchOutcome<Member> {
  return { failure, cause: new Error(`in-memory commit failed: ${why}`) };
}

function nodeKey(origin: string, level: number, index: number): string {
  return `${origin}|${level}|${index}`;
}
