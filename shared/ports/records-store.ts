import type { AtomicWrite, Receipt } from './audit-log.ts';
import type { Notification } from '../notifications/model.ts';
import type {
  Consent,
  NdopResult,
  Objection,
  PatientRecordsSnapshot,
  RegisteredIdentifier,
  Restriction,
  ErasureTombstone,
} from '../records/model.ts';
import type { Block, CareRelation, RegisterutdragRecord, SparrCheck } from '../records/se-model.ts';

/**
 * A snapshot with, for each consent and objection, the receipt of the entry that recorded it and,
 * once withdrawn, the receipt of the entry that recorded the withdrawal.
 */
export interface RecordsSnapshotWithReceipts extends PatientRecordsSnapshot {
  readonly consentReceipts: ReadonlyMap<string, Receipt>;
  readonly objectionReceipts: ReadonlyMap<string, Receipt>;
  readonly consentWithdrawalReceipts: ReadonlyMap<string, Receipt>;
  readonly objectionWithdrawalReceipts: ReadonlyMap<string, Receipt>;
  /** Restrictions by id: the receipt of the placing entry and, once lifted, of the lift's entry. */
  readonly restrictionReceipts: ReadonlyMap<string, Receipt>;
  readonly restrictionLiftReceipts: ReadonlyMap<string, Receipt>;
  readonly restrictions: readonly Restriction[];
  /** Notifications opened for this patient (reviews.md §3), with the receipts of their closing entries. */
  readonly notifications: readonly Notification[];
  readonly notificationCloseReceipts: ReadonlyMap<string, Receipt>;
  /**
   * How many releases (ALLOW, ALLOW_WITH_REDACTION) were logged for the patient with a release mark
   * (`releaseMark`): a notification trigger conditions on it, so no release can slip between the
   * trigger's reading of the log and its commit.
   */
  readonly releaseCount: number;
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
  /** null clears it (erasure). */
  readonly ndop?: NdopResult | null;
  /** The erasure's tombstone (reviews.md §4), and the receipt of its entry. */
  readonly erased?: Omit<ErasureTombstone, 'receipt'>;
  readonly erasureReceipt?: Receipt;
  /** Kept so that an identical retry of the write can answer with the entry it already made. */
  readonly registrationReceipt?: Receipt;
  readonly ndopReceipt?: Receipt;
  readonly employerRecipientIds?: readonly string[];
  /** null clears it (erasure). */
  readonly sparrCheck?: SparrCheck | null;
  readonly sparrCheckReceipt?: Receipt;
}

/**
 * The kinds of record item kept beside META. A new kind (restrictions, blocks) is one more member:
 * the store's snapshot check covers every record item whatever its kind.
 */
export type RecordKind = 'CONSENT' | 'OBJECTION' | 'RESTRICTION' | 'NOTIFICATION' | SwedishRecordKind;
/** Blocks (spärrar) and care relations (policy-se.md §2); a lift or an end is their `withdraw`. */
export type SwedishRecordKind = 'BLOCK' | 'CARE_RELATION' | 'REGISTERUTDRAG';

/** One record item a change writes: a new record, or the withdrawal of a stored one. */
export interface RecordWrite {
  readonly kind: RecordKind;
  readonly id: string;
  /**
   * `add` fails if the id was used before; `withdraw` (a consent's or objection's withdrawal, a
   * restriction's lift, a notification's close, a block's lift, a care relation's end) fails if the
   * record is absent or already withdrawn; `delete` (erasure) removes the item and its manifest entry.
   */
  readonly mode: 'add' | 'withdraw' | 'delete';
  readonly record: Consent | Objection | Restriction | Notification | Block | CareRelation | RegisterutdragRecord;
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
   * Files a notification under its id (written once, with the change that opens it), with its
   * status and due date; `change` keeps the status when the notification is closed.
   */
  notificationIndex(org: string, notification: Notification): AtomicWrite;
  /** The due dates of the org's notifications still DUE (the overdue gauge; no patient is read). */
  notificationsDue(org: string): Promise<string[]>;
  /** The patient a notification belongs to, read consistently; undefined when there is none. */
  notificationPatient(org: string, notificationId: string): Promise<string | undefined>;
  /** Every notification of the org, by id, with the patient it belongs to (the notification search). */
  notificationPatients(org: string): Promise<ReadonlyMap<string, string>>;
  /**
   * The version check of a decision that releases data: it also counts the release, without moving
   * the version, so a notification trigger planned on fewer releases fails its condition. It fails
   * too while a trigger holds the patient's releases (`holdReleases`) at `nowMs`.
   */
  releaseMark(org: string, patientId: string, version: number, nowMs: number): AtomicWrite;
  /**
   * Holds the patient's releases until `untilMs`: each release mark fails meanwhile, and its decision
   * is read and made again. A notification trigger (a withdrawal, an objection) that lost its commit
   * to a release places it, so a stream of releases cannot starve the change that must stop them;
   * the trigger's commit lifts it (`change` with a `releaseCount`), and it lapses by itself if the
   * trigger never commits.
   */
  holdReleases(org: string, patientId: string, untilMs: number): Promise<void>;
  /**
   * Moves the records from `fromVersion` to `fromVersion + 1`, setting the given META attributes
   * and writing the given record items (a record, and the notifications it opens); fails (as a
   * whole) if the version moved meanwhile, or if `releaseCount` is given and the count moved; a
   * change given a `releaseCount` (a notification trigger) also lifts any hold on releases.
   */
  change(
    org: string,
    patientId: string,
    fromVersion: number,
    set: RecordsMetaChange,
    record?: RecordWrite | readonly RecordWrite[],
    releaseCount?: number,
  ): AtomicWrite[];
}
