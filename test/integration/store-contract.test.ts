/**
 * The DynamoDB AuditLog and RecordsStore held to the contract the in-memory stores of test/unit are
 * held to (test/unit/memory/store-contract.test.ts runs the same suites in memory), on the stack's
 * DynamoDB Local.
 */
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb/audit-log.ts';
import { DynamoDbAuditStore } from '../../shared/adapters/dynamodb/audit-store.ts';
import { DynamoDbRecordsStore } from '../../shared/adapters/dynamodb/records-store.ts';
import { describeAuditLogContract } from '../support/contracts/audit-log-contract.ts';
import type { ContractBackend } from '../support/contracts/backend.ts';
import { describeRecordsStoreContract } from '../support/contracts/records-store-contract.ts';
import { startTestDynamoDb } from '../support/dynamodb.ts';

async function openDynamoDb(): Promise<ContractBackend> {
  const db = await startTestDynamoDb({ prefix: 'contract' });
  const tables = { audit: db.tables.AuditLog, auditHeads: db.tables.AuditHeads };
  const store = new DynamoDbAuditStore(db.doc, tables);
  return {
    auditLog: () => new DynamoDbAuditLog(db.doc, tables),
    records: new DynamoDbRecordsStore(db.doc, db.tables.Records),
    entries: async (origin) => (await store.entries(origin, 0, 1_000)).map((stored) => stored.entry),
    head: (origin) => store.getHead(origin),
    close: () => db.close(),
  };
}

describeAuditLogContract('DynamoDB', openDynamoDb);
describeRecordsStoreContract('DynamoDB', openDynamoDb);
