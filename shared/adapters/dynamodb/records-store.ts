import type { DynamoDBDocumentClient, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AtomicWrite, Receipt } from '../../ports/audit-log.ts';
import type { Consent, NdopResult, Objection, RegisteredIdentifier } from '../../records/model.ts';
import type { RecordsSnapshotWithReceipts } from '../../ports/records-store.ts';
import { queryAll } from './query-all.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export const RECORDS_STORE = 'dynamodb' as const;

/** A stored record together with the receipt of the audit entry that recorded it. */
export interface Stored<T> {
  readonly record: T;
  readonly receipt: Receipt;
}

/**
 * One partition per patient: a META item (registration, NDOP result and the records `version`)
 * and one item per consent and objection. A snapshot is one strongly consistent Query, and every
 * write bumps `version` on condition that it is still what the writer read, so a decision logged
 * with a ConditionCheck on that version can never rest on records that changed underneath it.
 */
export class DynamoDbRecordsStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(doc: DynamoDBDocumentClient, table: string) {
    this.#doc = doc;
    this.#table = table;
  }

  async read(org: string, patientId: string): Promise<RecordsSnapshotWithReceipts> {
    const items = await this.#queryPartition(partitionKey(org, patientId));
    const meta = items.find((item) => item['sk'] === 'META');
    const consents = items.filter((item) => String(item['sk']).startsWith('CONSENT#'));
    const objections = items.filter((item) => String(item['sk']).startsWith('OBJECTION#'));
    return {
      org,
      patientId,
      version: typeof meta?.['version'] === 'number' ? meta['version'] : 0,
      registered: meta?.['registered'] === true,
      identifiers: (meta?.['identifiers'] as RegisteredIdentifier[] | undefined) ?? [],
      ...(typeof meta?.['registeredGpOds'] === 'string' ? { registeredGpOds: meta['registeredGpOds'] } : {}),
      ...(meta?.['ndop'] ? { ndop: meta['ndop'] as NdopResult } : {}),
      consents: consents.map((item) => item['record'] as Consent),
      objections: objections.map((item) => item['record'] as Objection),
      consentReceipts: new Map(consents.map((item) => [(item['record'] as Consent).consentId, item['receipt'] as Receipt])),
      objectionReceipts: new Map(objections.map((item) => [(item['record'] as Objection).objectionId, item['receipt'] as Receipt])),
      consentWithdrawalReceipts: withdrawalReceipts(consents, (record) => (record as Consent).consentId),
      objectionWithdrawalReceipts: withdrawalReceipts(objections, (record) => (record as Objection).objectionId),
    };
  }

  /** The records are still at `version` (0: nothing recorded yet) when the transaction commits. */
  versionCheck(org: string, patientId: string, version: number): AtomicWrite {
    const condition = versionCondition(version);
    return this.#wrap({
      ConditionCheck: { TableName: this.#table, Key: { pk: partitionKey(org, patientId), sk: 'META' }, ...condition },
    });
  }

  /** Moves the records from `version` to `version + 1`, setting the given META attributes. */
  bumpVersion(org: string, patientId: string, version: number, set: { registered?: true; identifiers?: readonly RegisteredIdentifier[]; registeredGpOds?: string | null; ndop?: NdopResult }): AtomicWrite {
    const names: Record<string, string> = { '#version': 'version' };
    const values: Record<string, unknown> = { ':next': version + 1 };
    const assignments = ['#version = :next'];
    for (const [key, value] of Object.entries(set)) {
      if (value === undefined) continue;
      names[`#${key}`] = key;
      values[`:${key}`] = value;
      assignments.push(`#${key} = :${key}`);
    }
    const condition = versionCondition(version);
    return this.#wrap({
      Update: {
        TableName: this.#table,
        Key: { pk: partitionKey(org, patientId), sk: 'META' },
        UpdateExpression: `SET ${assignments.join(', ')}`,
        ConditionExpression: condition.ConditionExpression,
        ExpressionAttributeNames: { ...names, ...condition.ExpressionAttributeNames },
        ExpressionAttributeValues: { ...values, ...condition.ExpressionAttributeValues },
      },
    });
  }

  /** Stores a new consent or objection; fails its condition if the id was used before. */
  putRecord(org: string, patientId: string, kind: 'CONSENT' | 'OBJECTION', id: string, record: Consent | Objection, receipt: Receipt): AtomicWrite {
    return this.#wrap({
      Put: {
        TableName: this.#table,
        Item: { pk: partitionKey(org, patientId), sk: `${kind}#${id}`, record, receipt },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }

  /**
   * Replaces a consent or objection with its withdrawn form, keeping the receipt of the entry that
   * recorded it; fails if it is absent or already withdrawn.
   */
  replaceRecord(org: string, patientId: string, kind: 'CONSENT' | 'OBJECTION', id: string, record: Consent | Objection, receipt: Receipt): AtomicWrite {
    return this.#wrap({
      Update: {
        TableName: this.#table,
        Key: { pk: partitionKey(org, patientId), sk: `${kind}#${id}` },
        UpdateExpression: 'SET #record = :record, withdrawnReceipt = :receipt',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(withdrawnReceipt)',
        ExpressionAttributeNames: { '#record': 'record' },
        ExpressionAttributeValues: { ':record': record, ':receipt': receipt },
      },
    });
  }

  #wrap(item: TransactItem): AtomicWrite {
    return { store: RECORDS_STORE, item };
  }

  #queryPartition(pk: string): Promise<Record<string, unknown>[]> {
    return queryAll(this.#doc, { TableName: this.#table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true });
  }
}

function withdrawalReceipts(items: Record<string, unknown>[], idOf: (record: unknown) => string): Map<string, Receipt> {
  return new Map(items.filter((item) => item['withdrawnReceipt']).map((item) => [idOf(item['record']), item['withdrawnReceipt'] as Receipt]));
}

function partitionKey(org: string, patientId: string): string {
  return `PATIENT#${org}#${patientId}`;
}

function versionCondition(version: number): { ConditionExpression: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> } {
  return version === 0
    ? { ConditionExpression: 'attribute_not_exists(pk)' }
    : { ConditionExpression: '#version = :expected', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':expected': version } };
}
