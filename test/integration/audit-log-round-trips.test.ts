import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb/audit-log.ts';
import { DynamoDbAuditStore } from '../../shared/adapters/dynamodb/audit-store.ts';
import { rootFromFrontier, leafHash, rootOfLeaves } from '../../shared/audit/merkle.ts';
import { canonicalBytes } from '../../shared/canonical-json.ts';
import { startTestDynamoDb, type TestDynamoDb } from '../support/dynamodb.ts';

/**
 * issue 3's goal: an append costs no more than one conditional write round trip. The adapter keeps
 * the head it last wrote, so an uncontended append is one TransactWriteItems and nothing else; a
 * head moved by another process is caught by the condition and read again.
 */
let db: TestDynamoDb;
beforeAll(async () => {
  db = await startTestDynamoDb({ prefix: 'gk-rt' });
});
afterAll(() => db.close());

/** Counts what a document client sends, by command name. */
function counting(doc: DynamoDBDocumentClient) {
  const sent: string[] = [];
  const send = doc.send.bind(doc) as (command: unknown) => Promise<unknown>;
  const wrapped = new Proxy(doc, {
    get: (target, property, receiver) =>
      property === 'send'
        ? (command: { constructor: { name: string } }) => {
            sent.push(command.constructor.name);
            return send(command);
          }
        : (Reflect.get(target, property, receiver) as unknown),
  });
  return { doc: wrapped, sent };
}

let n = 0;
const entry = (origin: string) => ({
  v: 'gk-audit/1' as const,
  origin,
  id: `01TEST${String((n += 1)).padStart(20, '0')}`,
  time: '2026-11-22T09:00:00.000Z',
  type: 'audit.read' as const,
  org: 'demo',
  actor: { clientId: 'c', kid: 'k', jti: 'j' },
  query: {},
});
const tables = () => ({ audit: db.tables.AuditLog, auditHeads: db.tables.AuditHeads });

describe('append round trips', () => {
  it('costs one TransactWriteItems per uncontended append once the head is known', async () => {
    // Prepare
    const { doc, sent } = counting(db.doc);
    const log = new DynamoDbAuditLog(doc, tables());
    const origin = 'gatekeeper.test/demo/rt1';
    await log.append({ origin, entry: entry(origin) });
    sent.length = 0;

    // Act
    for (let i = 0; i < 5; i += 1) await log.append({ origin, entry: entry(origin) });

    // Assess
    expect(sent).toEqual(Array(5).fill('TransactWriteCommand'));
  });

  it('recovers when another process moved the head: re-reads it and keeps the log gap-free', async () => {
    // Prepare
    const origin = 'gatekeeper.test/demo/rt2';
    const ours = new DynamoDbAuditLog(db.doc, tables());
    const theirs = new DynamoDbAuditLog(db.doc, tables());
    const written = [entry(origin), entry(origin), entry(origin), entry(origin)];

    // Act
    const receipts = [];
    receipts.push(await ours.append({ origin, entry: written[0]! }));
    receipts.push(await theirs.append({ origin, entry: written[1]! }));
    receipts.push(await ours.append({ origin, entry: written[2]! }));
    receipts.push(await theirs.append({ origin, entry: written[3]! }));

    // Assess
    expect(receipts.map((r) => r.index)).toEqual([0, 1, 2, 3]);
    const head = (await new DynamoDbAuditStore(db.doc, tables()).getHead(origin))!;
    expect(Buffer.from(rootFromFrontier(head.frontier, head.size))).toEqual(
      Buffer.from(rootOfLeaves(written.map((e) => canonicalBytes(e)))),
    );
    expect(receipts[2]!.leafHash).toBe(Buffer.from(leafHash(canonicalBytes(written[2]!))).toString('base64'));
  });
});

describe('reading named heads', () => {
  it('reads exactly the named heads by key (one BatchGetItem per 100), in the order asked, skipping logs never written', async () => {
    // Prepare
    const origins = Array.from({ length: 101 }, (_, i) => `gatekeeper.test/heads/p${i}`);
    await Promise.all(
      [...origins, 'gatekeeper.test/other/p0'].map((origin, size) =>
        db.doc.send(
          new PutCommand({
            TableName: db.tables.AuditHeads,
            Item: { pk: origin, org: origin.split('/')[1], size, frontier: [] },
          }),
        ),
      ),
    );
    const { doc, sent } = counting(db.doc);
    const asked = ['gatekeeper.test/heads/org', ...[...origins].reverse()];

    // Act
    const heads = await new DynamoDbAuditStore(doc, tables()).getHeads(asked);

    // Assess
    expect(sent).toEqual(['BatchGetCommand', 'BatchGetCommand']);
    expect(heads.map((head) => head.origin)).toEqual([...origins].reverse());
    expect(heads[0]).toMatchObject({ org: 'heads', size: 100 });
  });
});
