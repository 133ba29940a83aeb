import type { AuditEntry } from './entry.ts';
import type { SealedNode } from './merkle.ts';
import type { AtomicWrite, CompanionTag, Receipt } from '../ports/audit-log.ts';

/**
 * What the group-commit queue (group-commit.ts) needs from the store that keeps a log: its head,
 * the entry id at an index, and batches that move the head in one atomic write. The store owns
 * the encoding (items, conditions, limits of one write) and reads its own failures; the queue owns
 * ordering, grouping, retries and isolation.
 */
export interface LogHead {
  readonly exists: boolean;
  readonly size: number;
  readonly frontier: readonly Uint8Array[];
}

/** One member's append as planned at a given head: where it lands and everything it writes. */
export interface PlannedAppend {
  readonly receipt: Receipt;
  readonly entry: AuditEntry;
  readonly bytes: Uint8Array;
  readonly leaf: Uint8Array;
  readonly patientIndexKey: string | undefined;
  /** Interior nodes sealed by this leaf. */
  readonly sealed: readonly SealedNode[];
  readonly companions: readonly AtomicWrite[];
  /** The member's further entries at the next indexes, written with it or not at all. */
  readonly followers?: readonly PlannedFollower[];
}

/** A follower entry (AppendRequest.followers) as planned: where it lands and the nodes it seals. */
export type PlannedFollower = Pick<PlannedAppend, 'receipt' | 'entry' | 'bytes' | 'leaf' | 'sealed'>;

/**
 * Why a batch did not commit:
 * - `ambiguous`: the store may have applied it (timeout, dropped connection, 5xx): ask the log;
 * - `unattributed`: refused, and nothing names a member; commit the members alone to find out;
 * - `retry`: `contention` if the head race was lost (retry everyone still queued), `conflicts`
 *   for members whose companion write's condition failed (by that write's tag), `unwritable` for
 *   members whose own writes the store refused.
 */
export type BatchFailure<Member> =
  | { readonly kind: 'ambiguous' }
  | { readonly kind: 'unattributed' }
  | {
      readonly kind: 'retry';
      readonly contention: boolean;
      readonly conflicts: ReadonlyMap<Member, CompanionTag>;
      readonly unwritable: ReadonlySet<Member>;
    };

export type BatchOutcome<Member> =
  { readonly kind: 'committed' } | { readonly failure: BatchFailure<Member>; readonly cause: unknown };

export interface LogBatch<Member> {
  /**
   * Adds a member's writes if they fit in one atomic write beside those already added; the first
   * member always fits (alone, it commits or fails by itself). False leaves the batch unchanged.
   */
  add(member: Member, planned: PlannedAppend): boolean;
  /** Moves the head to `next` and writes everything added, atomically and only if the head is still where the batch began. */
  commit(next: LogHead, org: string): Promise<BatchOutcome<Member>>;
}

export interface LogStore {
  readHead(origin: string): Promise<LogHead>;
  /** The id of the entry at `index`, read consistently; undefined when there is none. */
  entryIdAt(origin: string, index: number): Promise<string | undefined>;
  batch<Member>(origin: string, head: LogHead): LogBatch<Member>;
}
