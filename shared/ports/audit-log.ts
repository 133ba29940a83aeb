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
 * A write that must commit in the same transaction as the entry, or not at all: the record change
 * an entry describes, the stored answer of an idempotent request, or the check that a patient's
 * records are still at the version a decision was made on. Produced by other store adapters;
 * opaque to the domain.
 */
export interface AtomicWrite {
  readonly store: string;
  readonly item: unknown;
}

export interface AppendRequest {
  readonly origin: string;
  /** The entry object as audit.md §2 defines it; canonicalised (JCS) by the adapter. */
  readonly entry: Readonly<Record<string, unknown>> & { readonly id: string; readonly time: string; readonly type: string; readonly org: string };
  /** AUDIT-domain pseudonym of the patient id, for the by-patient search index. */
  readonly patientIndexKey?: string;
  /** Writes to commit atomically with the entry; they may depend on the receipt (e.g. store it). */
  readonly atomicWith?: (receipt: Receipt) => readonly AtomicWrite[];
}

export interface AuditLog {
  /**
   * Durably appends the entry and returns its receipt. Throws AtomicWriteConflictError when one of
   * `atomicWith`'s conditions failed (nothing was written), AuditUnavailableError otherwise.
   */
  append(request: AppendRequest): Promise<Receipt>;
}
