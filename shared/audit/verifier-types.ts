/**
 * Inputs and outputs of the offline verifier (audit.md §8). Readers for the live API, DynamoDB
 * and the S3 archive implement AuditSource; the CLI prints the report and stores newTrustedState.
 */
export interface AuditSource {
  listOrigins(): Promise<string[]>;
  /** Every signed checkpoint note of the log, in any order. */
  checkpoints(origin: string): Promise<string[]>;
  /** Canonical entry bytes at indexes [start, start + limit), in index order; fewer at the end of the log. */
  entries(origin: string, start: number, limit: number): Promise<Uint8Array[]>;
}

/** Consistency proofs from the operator (API) or from archived interior hashes; untrusted, verified here. */
export interface ConsistencyProofSource {
  consistencyProof(origin: string, fromSize: number, toSize: number): Promise<Uint8Array[]>;
}

export interface TrustedHead {
  readonly size: number;
  /** Standard base64 of the root hash, as in the checkpoint. */
  readonly rootHash: string;
  /**
   * Keys of this log learned from checkpoints signed by a trusted key and by them (key rotation):
   * trusted in later runs as if pinned. Absent when none was learned.
   */
  readonly vkeys?: readonly string[];
}

/** What this auditor trusted after its last run, by origin (the local state file). */
export type TrustedState = Readonly<Record<string, TrustedHead>>;

export interface VerifyProgress {
  readonly origin: string;
  readonly phase: 'checkpoints' | 'entries';
  readonly done: number;
}

export interface VerifyOptions {
  readonly source: AuditSource;
  /** Pinned signed-note vkeys; signatures by other keys are ignored. */
  readonly vkeys: readonly string[];
  /**
   * vkeys the operator publishes (GET /v1/audit/checkpoints): never trusted on their own, only
   * learned from a checkpoint that a trusted key signed too (docs/key-rotation.md).
   */
  readonly candidateVkeys?: readonly string[];
  readonly mode: 'checkpoints' | 'full';
  readonly trusted?: TrustedState;
  readonly proofs?: ConsistencyProofSource;
  /** Policy digests (`sha-256=:…:`) the auditor accepts for ALLOW decisions; unchecked when absent. */
  readonly knownPolicyDigests?: readonly string[];
  readonly onProgress?: (progress: VerifyProgress) => void;
  /** Entries read per call (the API allows up to 1000). */
  readonly pageSize?: number;
  /**
   * Full mode: entries after the newest checkpoint are not yet provable. By default that fails
   * (an auditor should verify after a checkpoint); a live monitor may downgrade it to a warning.
   */
  readonly allowUncheckpointedTail?: boolean;
}

export const FAILURE_CODES = [
  'source_unavailable',
  'origin_missing',
  'checkpoint_malformed',
  'checkpoint_signature_invalid',
  'checkpoint_unsigned',
  'checkpoint_key_untrusted',
  'checkpoint_origin_mismatch',
  'checkpoint_conflict',
  'checkpoint_inconsistent',
  'checkpoint_missing',
  'trusted_state_rollback',
  'trusted_state_inconsistent',
  'consistency_unchecked',
  'entry_malformed',
  'entry_not_canonical',
  'entry_wrong_origin',
  'entry_duplicate_id',
  'entries_truncated',
  'entries_uncheckpointed',
  'root_mismatch',
  'consent_order_violation',
  'policy_unknown',
  'receipt_mismatch',
  'inclusion_proof_invalid',
  'tlog_proof_malformed',
  'review_missing',
  'review_approval_violation',
  'restriction_violation',
  'sparr_order_violation',
  'sparr_lift_violation',
] as const;
export type FailureCode = (typeof FAILURE_CODES)[number];

export interface VerificationFailure {
  readonly code: FailureCode;
  readonly origin: string;
  /** The first entry that fails, when the failure is an entry's. */
  readonly index?: number;
  /** The checkpoint that fails, by its tree size. */
  readonly checkpointSize?: number;
  /** Readable; names indexes, sizes and ids of records, never entry contents. */
  readonly message: string;
}

export interface VerificationStats {
  origins: number;
  checkpoints: number;
  entries: number;
  consistencyProofs: number;
}

export interface VerificationReport {
  readonly ok: boolean;
  /** At most one per origin: the first failing checkpoint or entry (later ones would only echo it). */
  readonly failures: readonly VerificationFailure[];
  /** Things not proven that do not make the log wrong (no proof source, uncheckpointed tail when allowed). */
  readonly warnings: readonly VerificationFailure[];
  readonly stats: VerificationStats;
  /** The trusted state to keep: advanced for origins that verified, unchanged for those that did not. */
  readonly newTrustedState: TrustedState;
}
