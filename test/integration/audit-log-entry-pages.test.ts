import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbAuditStore } from '../../shared/adapters/dynamodb/audit-store.ts';
import { auditKeys } from '../../shared/adapters/dynamodb/audit-keys.ts';
import { entriesAnswer, MAX_ENTRIES_ANSWER_BYTES } from '../../shared/services/audit-read-proofs.ts';
import { startTestDynamoDb, type TestDynamoDb } from '../support/dynamodb.ts';

/**
 * DynamoDB ends a Query page at 1 MB and an answer must stay within 5 MiB (api.md §1.1): neither
 * limit may look like the end of the log to a reader (the fault soak found a verifier reporting
 * `entries_truncated` on a healthy log of 1,000 entries).
 */
let db: TestDynamoDb;
beforeAll(async () => {
  db = await startTestDynamoDb({ prefix: 'gk-pages' });
});
afterAll(() => db.close());

const ENTRY_CHARS = 8_000;
const entryText = (index: number) => `{"i":${index},"pad":"${'x'.repeat(ENTRY_CHARS)}"}`;

describe('reading entries', () => {
  it('follows Query pages past 1 MB to the end of the asked range', async () => {
    // Prepare: 300 entries of 8 KB, about 2.4 MB, so at least three DynamoDB pages.
    const origin = 'gatekeeper.test/demo/pages';
    for (let from = 0; from < 300; from += 25) {
      await Promise.all(
        Array.from({ length: 25 }, (_, k) => from + k).map((index) =>
          db.doc.send(
            new PutCommand({
              TableName: db.tables.AuditLog,
              Item: {
                pk: auditKeys.entryPartition(origin),
                sk: index,
                entry: entryText(index),
                leafHash: new Uint8Array(32),
              },
            }),
          ),
        ),
      );
    }
    const store = new DynamoDbAuditStore(db.doc, { audit: db.tables.AuditLog, auditHeads: db.tables.AuditHeads });

    // Act
    const entries = await store.entries(origin, 10, 280);

    // Assess
    expect(entries.map((entry) => entry.index)).toEqual(Array.from({ length: 280 }, (_, i) => 10 + i));
  });

  it('cuts an answer that would pass the size bound and says where to go on', async () => {
    // Prepare: a store holding 1,000 entries of 8 KB (8 MB in all).
    const stored = Array.from({ length: 1000 }, (_, index) => ({
      index,
      entry: entryText(index),
      leafHash: new Uint8Array(32),
    }));
    const store = {
      entries: (_origin: string, start: number, limit: number) => Promise.resolve(stored.slice(start, start + limit)),
    };

    // Act
    const first = await entriesAnswer(store as never, { size: 1000 }, { origin: 'o', start: 0, limit: 1000 });
    const rest = await entriesAnswer(
      store as never,
      { size: 1000 },
      { origin: 'o', start: first.nextStart!, limit: 1000 },
    );

    // Assess
    expect(Buffer.byteLength(JSON.stringify(first))).toBeLessThan(5 * 1024 * 1024);
    expect(Buffer.byteLength(JSON.stringify(first.entries))).toBeLessThanOrEqual(MAX_ENTRIES_ANSWER_BYTES);
    expect(first.nextStart).toBe(first.entries.length);
    expect(first.entries.length + rest.entries.length).toBe(1000);
    expect(rest.nextStart).toBeUndefined();
  });
});
