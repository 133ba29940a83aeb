import type { AtomicWrite, Receipt } from './audit-log.ts';
import type { Consent, NdopResult, Objection, PatientRecordsSnapshot, RegisteredIdentifier } from '../records/model.ts';
import type { Block, CareRelation, SparrCheck } from '../records/se-model.ts';

/**
 * A snapshot with, for each consent and objection, the receipt of the entry that recorded it and,
 * once withdrawn, the receipt of the entry that recorded the withdrawal.
 */
export interface RecordsSnapshotWithReceipts extends PatientRecordsSnapshot {
  readonly consentReceipts: ReadonlyMap<string, Receipt>;
  readonly objectionReceipts: ReadonlyMap<string, Receipt>;
  readonly consentWithdrawalReceipts: ReadonlyMap<string, Receipt>;
  readonly objectionWithdrawalReceipts: ReadonlyMap<string, Receipt>;
  /** The receipts of the entries that recorded the current registration and NDOP result, when stored. */
  readonly registrationReceipt?: Receipt;
  readonly ndopReceipt?: Receipt;
  /** Swedish records (policy-se.md §2): receipts by `<kind>#<id>`, of the record and of its lift or end. */
  readonly seReceipts?: ReadonlyMap<string, { readonly receipt: Receipt; readonly closedReceipt?: Receipt }>;
  readonly sparrCheckReceipt?: Receipt;
}

/** The META attributes a records write may set along with the version bump. */
export interface RecordsMetaChange {
  readonly registered?: true;
  readonly identifiers?: readonly RegisteredIdentifier[];
  readonly registeredGpOds?: string | null;
  readonly ndop?: NdopResult;
  /** Kept so that an identical retry of the write can answer with the entry it already made. */
  readonly registrationReceipt?: Receipt;
  readonly ndopReceipt?: Receipt;
  readonly employerRecipientIds?: readonly string[];
  readonly sparrCheck?: SparrCheck;
  readonly sparrCheckReceipt?: Receipt;
}

/**
 * The kinds of record item kept beside META. A new kind (restrictions, blocks) is one more member:
 * the store's snapshot check covers every record item whatever its kind.
 */
export type RecordKind = 'CONSENT' | 'OBJECTION' | SwedishRecordKind;
/** Blocks (spärrar) and care relations (policy-se.md §2); a lift or an end is their `withdraw`. */
export type SwedishRecordKind = 'BLOCK' | 'CARE_RELATION';

/** One record item a change writes: a new record, or the withdrawal of a stored one. */
export interface RecordWrite {
  readonly kind: RecordKind;
  readonly id: string;
  /** `add` fails if the id was used before; `withdraw` fails if the record is absent or withdrawn. */
  readonly mode: 'add' | 'withdraw';
  readonly record: Consent | Objection | Block | CareRelation;
  /** The receipt of the audit entry that records this change. */
  readonly receipt: Receipt;
}

/**
 * Patient records (legal bases, consents, objections, NDOP results) of one org. A read is one
 * state of the records even on a store whose reads are not isolated from concurrent writes; writes
 * are AtomicWrites that commit with the audit entry describing them
 * (shared/adapters/dynamodb/records-store.ts).
 */
export interface RecordsStore {
  /** One state of the records; fails with DependencyUnavailableError if none could be read. */
  read(org: string, patientId: string): Promise<RecordsSnapshotWithReceipts>;
  /** Holds only if the records are still at `version` (0: nothing recorded) at commit. */
  versionCheck(org: string, patientId: string, version: number): AtomicWrite;
  /**
   * Moves the records from `fromVersion` to `fromVersion + 1`, setting the given META attributes
   * and writing at most one record item; fails (as a whole) if the version moved meanwhile.
   */
  change(
    org: string,
    patientId: string,
    fromVersion: number,
    set: RecordsMetaChange,
    record?: RecordWrite,
  ): AtomicWrite[];
}
