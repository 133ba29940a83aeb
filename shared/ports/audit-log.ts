import type { AuditEntry } from '../audit/entry.ts';

/**
 * Appending to the verifiable audit log (audit.md). The adapter owns hashing, the Merkle frontier
 * and durability; callers hand it a finished entry (without its index, which is its position).
 */
export interface Receipt {
  readonly origin: string;
  readonly index: number;
  /** Standard base64 of the RFC 6962 leaf hash. */
  readonly leafHash: string;
  readonly entryId: string;
}

/**
 * What a companion write is for, so a caller that loses a race knows which one it lost:
 * - `recordsVersion`: the patient's records are (still) at the version the change was planned on;
 * - `record`: a consent or objection item written with the entry that records it;
 * - `idempotentAnswer`: the stored answer of an idempotent request;
 * - `registry`: an organisation, client, key ownership or recipient the entry describes;
 * - `review`: a review case opened, decided or whose approval is used with the entry;
 * - `replay`: the request's jti, recorded with the change it makes (api.md §1 replay store).
 */
export const COMPANION_TAGS = ['recordsVersion', 'record', 'idempotentAnswer', 'registry', 'review', 'replay'] as const;
export type CompanionTag = (typeof COMPANION_TAGS)[number];

/**
 * A write that must commit in the same transaction as the entry, or not at all. Produced by the
 * store adapters, each tagged with what it is for; the item itself is opaque to the domain.
 */
export interface AtomicWrite {
  readonly tag: CompanionTag;
  readonly store: string;
  readonly item: unknown;
}

export interface AppendRequest {
  readonly origin: string;
  /** The entry of audit.md §2; canonicalised (JCS) by the adapter. */
  readonly entry: AuditEntry;
  /** AUDIT-domain pseudonym of the patient id, for the by-patient search index. */
  readonly patientIndexKey?: string;
  /**
   * Entries that follow this one at the next indexes of the same log, in the same atomic write:
   * what the entry causes (a decision that opens a review case), so neither is ever logged alone.
   */
  readonly followers?: readonly AuditEntry[];
  /**
   * Writes to commit atomically with the entry; they may depend on the receipt (e.g. store it)
   * and on the followers' receipts, in their order.
   */
  readonly atomicWith?: (receipt: Receipt, followers: readonly Receipt[]) => readonly AtomicWrite[];
  /**
   * Told the receipt the entry will have if the write now being sent commits, each time it is
   * (re)planned, before the write leaves: work that depends only on the receipt (an authorisation
   * to sign) can run while the write is in flight. A plan is only a plan: the receipt `append`
   * resolves with is the one that holds, and it equals the last one announced when that commit
   * landed. What the callback throws is ignored; it must not block.
   */
  readonly onPlanned?: (receipt: Receipt) => void;
}

export interface AuditLog {
  /**
   * Durably appends the entry and returns its receipt. Throws AtomicWriteConflictError (naming the
   * tag of the companion write whose condition failed; nothing was written), AuditUnavailableError
   * otherwise.
   */
  append(request: AppendRequest): Promise<Receipt>;
}
