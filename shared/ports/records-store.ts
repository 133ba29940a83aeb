import type { AtomicWrite, Receipt } from './audit-log.ts';
import type { Consent, NdopResult, Objection, PatientRecordsSnapshot, RegisteredIdentifier } from '../records/model.ts';

/**
 * A snapshot with, for each consent and objection, the receipt of the entry that recorded it and,
 * once withdrawn, the receipt of the entry that recorded the withdrawal.
 */
export interface RecordsSnapshotWithReceipts extends PatientRecordsSnapshot {
  readonly consentReceipts: ReadonlyMap<string, Receipt>;
  readonly objectionReceipts: ReadonlyMap<string, Receipt>;
  readonly consentWithdrawalReceipts: ReadonlyMap<string, Receipt>;
  readonly objectionWithdrawalReceipts: ReadonlyMap<string, Receipt>;
}

/** The META attributes a records write may set along with the version bump. */
export interface RecordsMetaChange {
  readonly registered?: true;
  readonly identifiers?: readonly RegisteredIdentifier[];
  readonly registeredGpOds?: string | null;
  readonly ndop?: NdopResult;
}

export type RecordKind = 'CONSENT' | 'OBJECTION';

/**
 * Patient records (legal bases, consents, objections, NDOP results) of one org. Reads are one
 * consistent snapshot; writes are AtomicWrites that commit with the audit entry describing them
 * (shared/adapters/dynamodb/records-store.ts).
 */
export interface RecordsStore {
  read(org: string, patientId: string): Promise<RecordsSnapshotWithReceipts>;
  /** Holds only if the records are still at `version` (0: nothing recorded) at commit. */
  versionCheck(org: string, patientId: string, version: number): AtomicWrite;
  /** Moves the records from `version` to `version + 1`, setting the given META attributes. */
  bumpVersion(org: string, patientId: string, version: number, set: RecordsMetaChange): AtomicWrite;
  /** Stores a new consent or objection; fails its condition if the id was used before. */
  putRecord(org: string, patientId: string, kind: RecordKind, id: string, record: Consent | Objection, receipt: Receipt): AtomicWrite;
  /** Replaces a consent or objection with its withdrawn form; fails if absent or already withdrawn. */
  replaceRecord(org: string, patientId: string, kind: RecordKind, id: string, record: Consent | Objection, receipt: Receipt): AtomicWrite;
}
