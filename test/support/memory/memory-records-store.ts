/**
 * TESTS ONLY. Patient records in memory with the RecordsStore contract of DynamoDbRecordsStore:
 * every change moves the version on condition it is still the one read, a record id is used once,
 * a withdrawal needs a stored record not yet withdrawn, and each conflict is named by its tag. A
 * read is one state by construction (nothing is read half-way), so the manifest that makes a
 * DynamoDB Query one state has no counterpart here.
 */
import type { AtomicWrite, Receipt } from '../../../shared/ports/audit-log.ts';
import type {
  RecordKind,
  RecordsMetaChange,
  RecordsSnapshotWithReceipts,
  RecordsStore,
  RecordWrite,
} from '../../../shared/ports/records-store.ts';
import type { Notification } from '../../../shared/notifications/model.ts';
import { swedishRecordsOf } from '../../../shared/adapters/dynamodb/se-records.ts';
import type { Consent, ErasureTombstone, Objection, Restriction } from '../../../shared/records/model.ts';
import { memoryWrite } from './memory-write.ts';

/** META of one patient: the records version and the attributes changes set. */
type StoredMeta = { version: number; releaseCount?: number; releaseHoldUntil?: number } & {
  -readonly [K in keyof RecordsMetaChange]?: RecordsMetaChange[K];
};

interface StoredRecord {
  readonly kind: RecordKind;
  readonly record: RecordWrite['record'];
  readonly receipt: Receipt;
  readonly withdrawnReceipt?: Receipt;
}

interface Partition {
  meta?: StoredMeta;
  /** By sort key (`CONSENT#<id>`), read back in key order as a DynamoDB Query returns them. */
  readonly records: Map<string, StoredRecord>;
}

export class MemoryRecordsStore implements RecordsStore {
  readonly #partitions = new Map<string, Partition>();
  /** Notification id → patient, as the DynamoDB store files them (`NOTIFICATIONS#<org>`, `N#<id>`). */
  readonly #notifications = new Map<string, { patientId: string; status: string; dueAt: string }>();

  read(org: string, patientId: string): Promise<RecordsSnapshotWithReceipts> {
    return Promise.resolve(structuredClone(snapshotOf(org, patientId, this.#partition(org, patientId))));
  }

  versionCheck(org: string, patientId: string, version: number): AtomicWrite {
    const partition = this.#partition(org, patientId);
    return memoryWrite('recordsVersion', {
      key: itemKey(org, patientId, 'META'),
      holds: () => versionOf(partition) === version,
      apply: () => undefined,
    });
  }

  notificationIndex(org: string, notification: Notification): AtomicWrite {
    const { notificationId, patientId, status, dueAt } = notification;
    const key = JSON.stringify([org, notificationId]);
    return memoryWrite('record', {
      key: `notification|${key}`,
      holds: () => !this.#notifications.has(key),
      apply: () => {
        this.#notifications.set(key, { patientId, status, dueAt });
      },
    });
  }

  notificationPatient(org: string, notificationId: string): Promise<string | undefined> {
    return Promise.resolve(this.#notifications.get(JSON.stringify([org, notificationId]))?.patientId);
  }

  notificationPatients(org: string): Promise<ReadonlyMap<string, string>> {
    const found = new Map<string, string>();
    for (const [key, filed] of this.#notifications) {
      const [keyOrg, notificationId] = JSON.parse(key) as [string, string];
      if (keyOrg === org) found.set(notificationId, filed.patientId);
    }
    return Promise.resolve(found);
  }

  notificationsDue(org: string): Promise<string[]> {
    const due = [...this.#notifications.entries()]
      .filter(([key, filed]) => (JSON.parse(key) as [string])[0] === org && filed.status === 'DUE')
      .map(([, filed]) => filed.dueAt);
    return Promise.resolve(due);
  }

  releaseMark(org: string, patientId: string, version: number, nowMs: number): AtomicWrite {
    const partition = this.#partition(org, patientId);
    return memoryWrite('recordsVersion', {
      key: itemKey(org, patientId, 'META'),
      holds: () =>
        versionOf(partition) === version &&
        (partition.meta?.releaseHoldUntil === undefined || partition.meta.releaseHoldUntil < nowMs),
      apply: () => {
        // As DynamoDB's ADD: counts the release, creating META when the patient has no records yet.
        partition.meta = { version: 0, ...partition.meta, releaseCount: (partition.meta?.releaseCount ?? 0) + 1 };
      },
    });
  }

  holdReleases(org: string, patientId: string, untilMs: number): Promise<void> {
    const partition = this.#partition(org, patientId);
    partition.meta = { version: 0, ...partition.meta, releaseHoldUntil: untilMs };
    return Promise.resolve();
  }

  change(
    org: string,
    patientId: string,
    fromVersion: number,
    set: RecordsMetaChange,
    record?: RecordWrite | readonly RecordWrite[],
    releaseCount?: number,
  ): AtomicWrite[] {
    const partition = this.#partition(org, patientId);
    const bump = memoryWrite('recordsVersion', {
      key: itemKey(org, patientId, 'META'),
      // A version that moved from 0 means META exists; one at 0 means it must not (yet).
      holds: () =>
        versionOf(partition) === fromVersion &&
        (releaseCount === undefined || (partition.meta?.releaseCount ?? 0) === releaseCount),
      apply: () => {
        partition.meta = { ...partition.meta, ...definedOf(structuredClone(set)), version: fromVersion + 1 };
        if (set.ndop === null) delete partition.meta.ndop;
        if (releaseCount !== undefined) delete partition.meta.releaseHoldUntil;
        if (set.sparrCheck === null) delete partition.meta.sparrCheck;
      },
    });
    const writes: readonly RecordWrite[] = record === undefined ? [] : 'kind' in record ? [record] : record;
    return [
      bump,
      ...writes.map((write) => recordWrite(partition, itemKey(org, patientId, sortKey(write)), write)),
      ...writes
        .filter((write) => write.kind === 'NOTIFICATION' && write.mode === 'withdraw')
        .map((write) => this.#closeInIndex(org, write.record as Notification)),
    ];
  }

  #closeInIndex(org: string, notification: Notification): AtomicWrite {
    const key = JSON.stringify([org, notification.notificationId]);
    return memoryWrite('record', {
      key: `notification|${key}`,
      holds: () => this.#notifications.has(key),
      apply: () => {
        this.#notifications.set(key, { ...this.#notifications.get(key)!, status: notification.status });
      },
    });
  }

  /** META as stored, for tests that check what is (not) kept at rest. */
  storedMeta(org: string, patientId: string): Readonly<Record<string, unknown>> | undefined {
    const meta = this.#partitions.get(partitionKey(org, patientId))?.meta;
    return meta ? structuredClone(meta) : undefined;
  }

  #partition(org: string, patientId: string): Partition {
    const key = partitionKey(org, patientId);
    let partition = this.#partitions.get(key);
    if (!partition) this.#partitions.set(key, (partition = { records: new Map() }));
    return partition;
  }
}

function recordWrite(partition: Partition, key: string, write: RecordWrite): AtomicWrite {
  const sk = sortKey(write);
  const stored = () => partition.records.get(sk);
  if (write.mode === 'delete')
    return memoryWrite('record', {
      key,
      holds: () => stored() !== undefined,
      apply: () => {
        partition.records.delete(sk);
      },
    });
  if (write.mode === 'add')
    return memoryWrite('record', {
      key,
      holds: () => stored() === undefined,
      apply: () => {
        partition.records.set(sk, { kind: write.kind, record: structuredClone(write.record), receipt: write.receipt });
      },
    });
  return memoryWrite('record', {
    key,
    holds: () => stored() !== undefined && stored()?.withdrawnReceipt === undefined,
    apply: () => {
      partition.records.set(sk, {
        ...stored()!,
        record: structuredClone(write.record),
        withdrawnReceipt: write.receipt,
      });
    },
  });
}

function snapshotOf(org: string, patientId: string, partition: Partition): RecordsSnapshotWithReceipts {
  const meta = partition.meta;
  const entries = [...partition.records.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const items = entries.map(([, item]) => item);
  const consents = items.filter((item) => item.kind === 'CONSENT');
  const objections = items.filter((item) => item.kind === 'OBJECTION');
  const restrictions = items.filter((item) => item.kind === 'RESTRICTION');
  const notifications = items.filter((item) => item.kind === 'NOTIFICATION');
  const restrictionId = (item: StoredRecord) => (item.record as Restriction).restrictionId;
  const notificationId = (item: StoredRecord) => (item.record as Notification).notificationId;
  const consentId = (item: StoredRecord) => (item.record as Consent).consentId;
  const objectionId = (item: StoredRecord) => (item.record as Objection).objectionId;
  return {
    org,
    patientId,
    version: meta?.version ?? 0,
    registered: meta?.registered === true,
    identifiers: meta?.identifiers ?? [],
    ...(typeof meta?.registeredGpOds === 'string' ? { registeredGpOds: meta.registeredGpOds } : {}),
    ...(meta?.ndop ? { ndop: meta.ndop } : {}),
    ...(meta?.erased && meta.erasureReceipt
      ? { erased: { ...meta.erased, receipt: meta.erasureReceipt } satisfies ErasureTombstone }
      : {}),
    ...(meta?.registrationReceipt ? { registrationReceipt: meta.registrationReceipt } : {}),
    ...(meta?.ndopReceipt ? { ndopReceipt: meta.ndopReceipt } : {}),
    consents: consents.map((item) => item.record as Consent),
    objections: objections.map((item) => item.record as Objection),
    consentReceipts: new Map(consents.map((item) => [consentId(item), item.receipt])),
    objectionReceipts: new Map(objections.map((item) => [objectionId(item), item.receipt])),
    consentWithdrawalReceipts: withdrawals(consents, consentId),
    objectionWithdrawalReceipts: withdrawals(objections, objectionId),
    restrictions: restrictions.map((item) => item.record as Restriction),
    restrictionReceipts: new Map(restrictions.map((item) => [restrictionId(item), item.receipt])),
    restrictionLiftReceipts: withdrawals(restrictions, restrictionId),
    notifications: notifications.map((item) => item.record as Notification),
    notificationCloseReceipts: withdrawals(notifications, notificationId),
    releaseCount: meta?.releaseCount ?? 0,
    // Blocks and care relations read as the DynamoDB store reads its items (`<kind>#<id>` keys).
    ...swedishRecordsOf(
      meta,
      entries.map(([sk, item]) => ({ sk, ...item })),
    ),
  };
}

function withdrawals(items: readonly StoredRecord[], idOf: (item: StoredRecord) => string): Map<string, Receipt> {
  return new Map(
    items.flatMap((item): Array<[string, Receipt]> =>
      item.withdrawnReceipt ? [[idOf(item), item.withdrawnReceipt]] : [],
    ),
  );
}

function versionOf(partition: Partition): number {
  return partition.meta?.version ?? 0;
}

/** The attributes a change sets; an undefined one is left as it was, as the DynamoDB update leaves it. */
function definedOf(set: RecordsMetaChange): Partial<StoredMeta> {
  return Object.fromEntries(Object.entries(set).filter(([, value]) => value !== undefined));
}

function sortKey(write: Pick<RecordWrite, 'kind' | 'id'>): string {
  return `${write.kind}#${write.id}`;
}

function partitionKey(org: string, patientId: string): string {
  return JSON.stringify([org, patientId]);
}

function itemKey(org: string, patientId: string, sk: string): string {
  return `records|${partitionKey(org, patientId)}|${sk}`;
}
