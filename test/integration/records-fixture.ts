/** Shared set-up of the records tests on DynamoDB: DynamoDB Local, real adapters, an in-memory MAC key. */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb/audit-log.ts';
import { auditKeys } from '../../shared/adapters/dynamodb/audit-keys.ts';
import { DynamoDbAuditSearch } from '../../shared/adapters/dynamodb/audit-search.ts';
import { DynamoDbRecordsStore } from '../../shared/adapters/dynamodb/records-store.ts';
import { DynamoDbRegistry, registryKeys } from '../../shared/adapters/dynamodb/registry.ts';
import type { TestDynamoDb } from '../support/dynamodb.ts';
import { PATIENT_LOGS, RECIPIENTS, recordsStack, type StackOptions } from '../support/records-common.ts';

export * from '../support/records-common.ts';

export function buildStack(db: TestDynamoDb, options: StackOptions = {}) {
  return recordsStack(
    {
      registry: new DynamoDbRegistry(db.doc, db.tables.Registry),
      audit: new DynamoDbAuditLog(db.doc, { audit: db.tables.AuditLog, auditHeads: db.tables.AuditHeads }),
      records: new DynamoDbRecordsStore(db.doc, db.tables.Records),
      search: new DynamoDbAuditSearch(db.doc, db.tables.AuditLog),
    },
    options,
  );
}

export async function seedOrg(db: TestDynamoDb, org: string): Promise<void> {
  await db.doc.send(
    new PutCommand({
      TableName: db.tables.Registry,
      Item: {
        ...registryKeys.organisation(org),
        org,
        name: org,
        patientLogs: PATIENT_LOGS,
        createdAt: '2026-01-01T00:00:00.000Z',
      },
    }),
  );
  for (const recipient of RECIPIENTS) {
    await db.doc.send(
      new PutCommand({
        TableName: db.tables.Registry,
        Item: { ...registryKeys.recipient(org, recipient.recipientId), ...recipient, org, version: 1 },
      }),
    );
  }
}

/** Every entry of one log in index order, parsed, with its index. */
export async function logEntries(
  db: TestDynamoDb,
  origin: string,
): Promise<Array<{ index: number; entry: Record<string, unknown>; raw: string }>> {
  const out: Array<{ index: number; entry: Record<string, unknown>; raw: string }> = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.doc.send(
      new QueryCommand({
        TableName: db.tables.AuditLog,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': auditKeys.entryPartition(origin) },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? [])
      out.push({
        index: Number(item['sk']),
        entry: JSON.parse(String(item['entry'])) as Record<string, unknown>,
        raw: String(item['entry']),
      });
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return out;
}
