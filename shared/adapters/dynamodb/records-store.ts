import {
  GetCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { DependencyUnavailableError } from '../../errors.ts';
import { backoff } from '../../backoff.ts';
import type { AtomicWrite, Receipt } from '../../ports/audit-log.ts';
import type {
  Consent,
  ErasureTombstone,
  NdopResult,
  Objection,
  RegisteredIdentifier,
  Restriction,
} from '../../records/model.ts';
import type {
  RecordsMetaChange,
  RecordsSnapshotWithReceipts,
  RecordsStore,
  RecordWrite,
} from '../../ports/records-store.ts';
import type { Notification } from '../../notifications/model.ts';
import { isOneState, manifestAttribute, META_SK, type StoredItem } from './records-manifest.ts';
import { queryAll } from './query-all.ts';
import { swedishRecordsOf } from './se-records.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export const RECORDS_STORE = 'dynamodb' as const;

/**
 * Reads of a partition that caught a write half-way before one is answered from a single state.
 * A write commits in milliseconds, so a few short, jittered re-reads settle; a partition that never
 * settles (a writer in a loop) fails closed rather than answer from a mixed state.
 */
const READ_ATTEMPTS = 6;

/** META's attribute holding the patient's releases until a time (ms since the epoch): see `holdReleases`. */
const RELEASE_HOLD = 'releaseHoldUntil';

/**
 * One partition per patient: a META item (registration, NDOP result, the records `version` and the
 * manifest of record item versions) and one item per consent and objection. A Query is only
 * read-committed per item, so a read checks the items against META's manifest and reads again
 * until they are one state (records-manifest.ts). Every write moves `version` on condition that it
 * is still what the writer read, so a decision logged with a ConditionCheck on the version it read
 * can never rest on records that changed after that read.
 */
export class DynamoDbRecordsStore implements RecordsStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(doc: DynamoDBDocumentClient, table: string) {
    this.#doc = doc;
    this.#table = table;
  }

  async read(org: string, patientId: string): Promise<RecordsSnapshotWithReceipts> {
    for (let attempt = 1; attempt <= READ_ATTEMPTS; attempt += 1) {
      const items = await this.#queryPartition(partitionKey(org, patientId));
      const meta = items.find((item) => item['sk'] === META_SK);
      const records = items.filter((item) => item['sk'] !== META_SK);
      if (isOneState(meta, records)) return snapshotOf(org, patientId, meta, records);
      if (attempt < READ_ATTEMPTS) await backoff(attempt, 40, 1);
    }
    throw new DependencyUnavailableError("The patient's records kept changing while they were read; try again");
  }

  /** The records are still at `version` (0: nothing recorded yet) when the transaction commits. */
  versionCheck(org: string, patientId: string, version: number): AtomicWrite {
    const condition = versionCondition(version);
    return this.#wrap('recordsVersion', {
      ConditionCheck: { TableName: this.#table, Key: { pk: partitionKey(org, patientId), sk: META_SK }, ...condition },
    });
  }

  notificationIndex(org: string, notification: Notification): AtomicWrite {
    const { notificationId, patientId, status, dueAt } = notification;
    return this.#wrap('record', {
      Put: {
        TableName: this.#table,
        Item: { pk: notificationsPartition(org), sk: notificationKey(notificationId), patientId, status, dueAt },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }

  async notificationPatient(org: string, notificationId: string): Promise<string | undefined> {
    const found = await this.#doc.send(
      new GetCommand({
        TableName: this.#table,
        Key: { pk: notificationsPartition(org), sk: notificationKey(notificationId) },
        ConsistentRead: true,
      }),
    );
    const patientId: unknown = found.Item?.['patientId'];
    return typeof patientId === 'string' ? patientId : undefined;
  }

  async notificationsDue(org: string): Promise<string[]> {
    const items = await queryAll(this.#doc, {
      TableName: this.#table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :n)',
      FilterExpression: '#status = :due',
      // The due dates only: whoever counts overdue notifications never reads whose they are.
      ProjectionExpression: 'dueAt',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pk': notificationsPartition(org), ':n': NOTIFICATION_PREFIX, ':due': 'DUE' },
      ConsistentRead: true,
    });
    return items.map((item) => String(item['dueAt']));
  }

  async notificationPatients(org: string): Promise<ReadonlyMap<string, string>> {
    const items = await queryAll(this.#doc, {
      TableName: this.#table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :n)',
      ExpressionAttributeValues: { ':pk': notificationsPartition(org), ':n': NOTIFICATION_PREFIX },
      ConsistentRead: true,
    });
    return new Map(
      items.map((item) => [String(item['sk']).slice(NOTIFICATION_PREFIX.length), String(item['patientId'])]),
    );
  }

  /** A released decision's version check, counting the release on META (the version does not move). */
  releaseMark(org: string, patientId: string, version: number, nowMs: number): AtomicWrite {
    const condition = versionCondition(version);
    return this.#wrap('recordsVersion', {
      Update: {
        TableName: this.#table,
        Key: { pk: partitionKey(org, patientId), sk: META_SK },
        UpdateExpression: 'ADD #releases :one',
        ConditionExpression: `${condition.ConditionExpression} AND (attribute_not_exists(#hold) OR #hold < :now)`,
        ExpressionAttributeNames: {
          ...condition.ExpressionAttributeNames,
          '#releases': 'releaseCount',
          '#hold': RELEASE_HOLD,
        },
        ExpressionAttributeValues: { ...condition.ExpressionAttributeValues, ':one': 1, ':now': nowMs },
      },
    });
  }

  async holdReleases(org: string, patientId: string, untilMs: number): Promise<void> {
    await this.#doc.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: { pk: partitionKey(org, patientId), sk: META_SK },
        UpdateExpression: 'SET #hold = :until',
        ExpressionAttributeNames: { '#hold': RELEASE_HOLD },
        ExpressionAttributeValues: { ':until': untilMs },
      }),
    );
  }

  change(
    org: string,
    patientId: string,
    fromVersion: number,
    set: RecordsMetaChange,
    record?: RecordWrite | readonly RecordWrite[],
    releaseCount?: number,
  ): AtomicWrite[] {
    const rev = fromVersion + 1;
    const writes: readonly RecordWrite[] = record === undefined ? [] : 'kind' in record ? [record] : record;
    const pk = partitionKey(org, patientId);
    const sks = writes.map((write) => `${write.kind}#${write.id}`);
    return [
      this.#bumpVersion(
        pk,
        fromVersion,
        set,
        sks.map((sk, i) => ({ sk, deleted: writes[i]!.mode === 'delete' })),
        releaseCount,
      ),
      ...writes.map((write, i) => this.#writeRecord(pk, sks[i]!, write, rev)),
      ...writes.filter(isNotificationClose).map((write) => this.#closeInIndex(org, write.record as Notification)),
    ];
  }

  /** A closed notification is closed in the org's index too, so the overdue count needs no patient's records. */
  #closeInIndex(org: string, notification: Notification): AtomicWrite {
    return this.#wrap('record', {
      Update: {
        TableName: this.#table,
        Key: { pk: notificationsPartition(org), sk: notificationKey(notification.notificationId) },
        UpdateExpression: 'SET #status = :status',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': notification.status },
      },
    });
  }

  /** META moves to `fromVersion + 1`; the manifest entries of the record items written with it follow. */
  #bumpVersion(
    pk: string,
    fromVersion: number,
    set: RecordsMetaChange,
    recordSks: ReadonlyArray<{ readonly sk: string; readonly deleted: boolean }>,
    releaseCount: number | undefined,
  ): AtomicWrite {
    const names: Record<string, string> = { '#version': 'version' };
    const values: Record<string, unknown> = { ':next': fromVersion + 1 };
    const assignments = ['#version = :next'];
    for (const [key, value] of Object.entries(set)) {
      if (value === undefined) continue;
      names[`#${key}`] = key;
      values[`:${key}`] = value;
      assignments.push(`#${key} = :${key}`);
    }
    const removals: string[] = [];
    recordSks.forEach(({ sk: recordSk, deleted }, i) => {
      names[`#manifest${i}`] = manifestAttribute(recordSk);
      // An erased item leaves the manifest with it, so a read expects it no more.
      if (deleted) removals.push(`#manifest${i}`);
      else assignments.push(`#manifest${i} = :next`);
    });
    const condition = versionCondition(fromVersion);
    // A trigger planned on `releaseCount` releases fails if another release was logged since.
    if (releaseCount !== undefined) {
      names['#releases'] = 'releaseCount';
      values[':releases'] = releaseCount;
      // The trigger that held the releases (if it was this one) lets them go with its commit.
      names['#hold'] = RELEASE_HOLD;
      removals.push('#hold');
    }
    const releaseCondition =
      releaseCount === undefined
        ? ''
        : releaseCount === 0
          ? ' AND (attribute_not_exists(#releases) OR #releases = :releases)'
          : ' AND #releases = :releases';
    return this.#wrap('recordsVersion', {
      Update: {
        TableName: this.#table,
        Key: { pk, sk: META_SK },
        UpdateExpression: `SET ${assignments.join(', ')}${removals.length > 0 ? ` REMOVE ${removals.join(', ')}` : ''}`,
        ConditionExpression: `${condition.ConditionExpression}${releaseCondition}`,
        ExpressionAttributeNames: { ...names, ...condition.ExpressionAttributeNames },
        ExpressionAttributeValues: { ...values, ...condition.ExpressionAttributeValues },
      },
    });
  }

  /**
   * A new record fails its condition if the id was used before. A withdrawal replaces the record
   * with its withdrawn form, keeping the receipt of the entry that recorded it, and fails if the
   * record is absent or already withdrawn.
   */
  #writeRecord(pk: string, sk: string, write: RecordWrite, rev: number): AtomicWrite {
    if (write.mode === 'delete')
      return this.#wrap('record', {
        Delete: { TableName: this.#table, Key: { pk, sk }, ConditionExpression: 'attribute_exists(pk)' },
      });
    if (write.mode === 'add') {
      return this.#wrap('record', {
        Put: {
          TableName: this.#table,
          Item: { pk, sk, record: write.record, receipt: write.receipt, rev },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
    return this.#wrap('record', {
      Update: {
        TableName: this.#table,
        Key: { pk, sk },
        UpdateExpression: 'SET #record = :record, withdrawnReceipt = :receipt, #rev = :rev',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(withdrawnReceipt)',
        ExpressionAttributeNames: { '#record': 'record', '#rev': 'rev' },
        ExpressionAttributeValues: { ':record': write.record, ':receipt': write.receipt, ':rev': rev },
      },
    });
  }

  #wrap(tag: 'recordsVersion' | 'record', item: TransactItem): AtomicWrite {
    return { tag, store: RECORDS_STORE, item };
  }

  #queryPartition(pk: string): Promise<StoredItem[]> {
    return queryAll(this.#doc, {
      TableName: this.#table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ConsistentRead: true,
    });
  }
}

function snapshotOf(
  org: string,
  patientId: string,
  meta: StoredItem | undefined,
  records: readonly StoredItem[],
): RecordsSnapshotWithReceipts {
  const consents = records.filter((item) => String(item['sk']).startsWith('CONSENT#'));
  const objections = records.filter((item) => String(item['sk']).startsWith('OBJECTION#'));
  const restrictions = records.filter((item) => String(item['sk']).startsWith('RESTRICTION#'));
  const restrictionIdOf = (record: unknown) => (record as Restriction).restrictionId;
  const notifications = records.filter((item) => String(item['sk']).startsWith('NOTIFICATION#'));
  return {
    org,
    patientId,
    version: typeof meta?.['version'] === 'number' ? meta['version'] : 0,
    registered: meta?.['registered'] === true,
    identifiers: (meta?.['identifiers'] as RegisteredIdentifier[] | undefined) ?? [],
    ...(typeof meta?.['registeredGpOds'] === 'string' ? { registeredGpOds: meta['registeredGpOds'] } : {}),
    ...(meta?.['ndop'] ? { ndop: meta['ndop'] as NdopResult } : {}),
    ...(meta?.['erased'] && meta['erasureReceipt']
      ? {
          erased: {
            ...(meta['erased'] as Omit<ErasureTombstone, 'receipt'>),
            receipt: meta['erasureReceipt'] as Receipt,
          },
        }
      : {}),
    ...(meta?.['registrationReceipt'] ? { registrationReceipt: meta['registrationReceipt'] as Receipt } : {}),
    ...(meta?.['ndopReceipt'] ? { ndopReceipt: meta['ndopReceipt'] as Receipt } : {}),
    consents: consents.map((item) => item['record'] as Consent),
    objections: objections.map((item) => item['record'] as Objection),
    consentReceipts: new Map(
      consents.map((item) => [(item['record'] as Consent).consentId, item['receipt'] as Receipt]),
    ),
    objectionReceipts: new Map(
      objections.map((item) => [(item['record'] as Objection).objectionId, item['receipt'] as Receipt]),
    ),
    consentWithdrawalReceipts: withdrawalReceipts(consents, (record) => (record as Consent).consentId),
    objectionWithdrawalReceipts: withdrawalReceipts(objections, (record) => (record as Objection).objectionId),
    restrictions: restrictions.map((item) => item['record'] as Restriction),
    restrictionReceipts: new Map(
      restrictions.map((item) => [restrictionIdOf(item['record']), item['receipt'] as Receipt]),
    ),
    restrictionLiftReceipts: withdrawalReceipts(restrictions, restrictionIdOf),
    notifications: notifications.map((item) => item['record'] as Notification),
    notificationCloseReceipts: withdrawalReceipts(notifications, (record) => (record as Notification).notificationId),
    releaseCount: typeof meta?.['releaseCount'] === 'number' ? meta['releaseCount'] : 0,
    ...swedishRecordsOf(meta, records),
  };
}

function withdrawalReceipts(items: readonly StoredItem[], idOf: (record: unknown) => string): Map<string, Receipt> {
  return new Map(
    items
      .filter((item) => item['withdrawnReceipt'])
      .map((item) => [idOf(item['record']), item['withdrawnReceipt'] as Receipt]),
  );
}

/** A notification's filing item: its own partition, so no patient's partition (and read) grows with it. */
/**
 * Every notification of an org is filed under its id in one partition of the org, so a lookup by
 * id (the close endpoints name no patient) and the org's search are one item each.
 */
const NOTIFICATION_PREFIX = 'N#';
function notificationsPartition(org: string): string {
  return `NOTIFICATIONS#${org}`;
}
function notificationKey(notificationId: string): string {
  return `${NOTIFICATION_PREFIX}${notificationId}`;
}

function isNotificationClose(write: RecordWrite): boolean {
  return write.kind === 'NOTIFICATION' && write.mode === 'withdraw';
}

function partitionKey(org: string, patientId: string): string {
  return `PATIENT#${org}#${patientId}`;
}

function versionCondition(version: number): {
  ConditionExpression: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
} {
  // Version 0: nothing recorded yet. META may still exist, holding only the release count that
  // decisions add (releaseMark), so the test is on the version, not on the item.
  return version === 0
    ? { ConditionExpression: 'attribute_not_exists(#version)', ExpressionAttributeNames: { '#version': 'version' } }
    : {
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':expected': version },
      };
}
