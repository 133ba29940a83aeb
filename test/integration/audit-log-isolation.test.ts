import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb/audit-log.ts';
import { DynamoDbAuditStore } from '../../shared/adapters/dynamodb/audit-store.ts';
import { MAX_ENTRY_BYTES } from '../../shared/audit/entry.ts';
import { rootFromFrontier, rootOfLeaves } from '../../shared/audit/merkle.ts';
import { canonicalBytes } from '../../shared/canonical-json.ts';
import type { AppendRequest, CompanionTag, Receipt } from '../../shared/ports/audit-log.ts';
import { startTestDynamoDb, type TestDynamoDb } from '../support/dynamodb.ts';

/**
 * audit.md §2 "entries are appended independently": when several entries are committed in one
 * group, one that cannot be written fails alone and its neighbours are logged, gap-free.
 */
let db: TestDynamoDb;
beforeAll(async () => {
  db = await startTestDynamoDb({ prefix: 'gk-iso' });
});
afterAll(() => db.close());

let n = 0;
const tables = () => ({ audit: db.tables.AuditLog, auditHeads: db.tables.AuditHeads });
const entry = (origin: string, pad = '') => ({
  v: 'gk-audit/1' as const,
  origin,
  id: `01ISO${String((n += 1)).padStart(21, '0')}`,
  time: '2026-11-22T09:00:00.000Z',
  type: 'audit.read' as const,
  org: 'demo',
  actor: { clientId: 'c', kid: 'k', jti: 'j' },
  query: { pad },
});

/**
 * Companion writes DynamoDB refuses whatever the head. One over the 400 KB item limit refuses the
 * whole request (ValidationException, no member named); one whose key has the wrong type cancels
 * the transaction with a ValidationError reason at that item's position.
 */
const oversized = () => [
  {
    tag: 'record' as const,
    store: 'test',
    item: { Put: { TableName: db.tables.AuditLog, Item: { pk: `x#${n}`, sk: 0, filler: 'x'.repeat(500_000) } } },
  },
];
const mistyped = () => [
  {
    tag: 'record' as const,
    store: 'test',
    item: { Put: { TableName: db.tables.AuditLog, Item: { pk: 7, sk: 'not-a-number' } } },
  },
];

/** A companion write whose condition cannot hold: the item it checks was never written. */
const losing = (tag: CompanionTag) => () => [
  {
    tag,
    store: 'test',
    item: {
      ConditionCheck: {
        TableName: db.tables.AuditLog,
        Key: { pk: `absent#${n}`, sk: 0 },
        ConditionExpression: 'attribute_exists(pk)',
      },
    },
  },
];

async function settle(log: DynamoDbAuditLog, requests: AppendRequest[]) {
  // Appended in one tick, so they queue behind the first and commit as one group.
  return Promise.allSettled(requests.map((request) => log.append(request)));
}

async function expectGapFreeLog(origin: string, receipts: Receipt[], entries: object[]) {
  expect(receipts.map((r) => r.index).sort((a, b) => a - b)).toEqual(entries.map((_, i) => i));
  const ordered = [...entries].sort(
    (a, b) => receipts[entries.indexOf(a)]!.index - receipts[entries.indexOf(b)]!.index,
  );
  const head = (await new DynamoDbAuditStore(db.doc, tables()).getHead(origin))!;
  expect(head.size).toBe(entries.length);
  expect(Buffer.from(rootFromFrontier(head.frontier, head.size))).toEqual(
    Buffer.from(rootOfLeaves(ordered.map((e) => canonicalBytes(e)))),
  );
}

function fulfilled(results: PromiseSettledResult<Receipt>[]): Receipt[] {
  return results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
}

describe('group commit isolation', () => {
  it('a group refused as a whole is retried member by member: only the unwritable one fails, six honest neighbours are logged', async () => {
    // Prepare
    const origin = 'gatekeeper.test/demo/iso1';
    const honest = Array.from({ length: 6 }, () => entry(origin));
    const requests: AppendRequest[] = honest.map((e) => ({ origin, entry: e }));
    requests.splice(3, 0, { origin, entry: entry(origin), atomicWith: oversized });

    // Act
    const results = await settle(new DynamoDbAuditLog(db.doc, tables()), requests);

    // Assess
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    expect((results[3] as PromiseRejectedResult).reason).toMatchObject({ code: 'audit_unavailable' });
    await expectGapFreeLog(origin, fulfilled(results), honest);
  });

  it('refuses an entry over 16 KiB with 422 before it joins a group, and accepts one exactly at the bound', async () => {
    // Prepare
    const origin = 'gatekeeper.test/demo/iso2';
    const atBound = entry(origin);
    atBound.query.pad = 'x'.repeat(MAX_ENTRY_BYTES - canonicalBytes(atBound).byteLength);
    const overBound = entry(origin, 'x'.repeat(MAX_ENTRY_BYTES));
    const honest = [entry(origin), atBound, entry(origin)];

    // Act
    const results = await settle(
      new DynamoDbAuditLog(db.doc, tables()),
      [honest[0]!, overBound, honest[1]!, honest[2]!].map((e) => ({ origin, entry: e })),
    );

    // Assess
    expect(canonicalBytes(atBound).byteLength).toBe(MAX_ENTRY_BYTES);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: '$', code: 'too_big' }],
    });
    await expectGapFreeLog(origin, fulfilled(results), honest);
  });

  it('reads TransactionCanceledException reasons: the member whose item was refused fails, the rest retry and commit', async () => {
    // Prepare
    const origin = 'gatekeeper.test/demo/iso3';
    const honest = Array.from({ length: 4 }, () => entry(origin));
    const requests: AppendRequest[] = honest.map((e) => ({ origin, entry: e }));
    requests.splice(2, 0, { origin, entry: entry(origin), atomicWith: mistyped });

    // Act
    const results = await settle(new DynamoDbAuditLog(db.doc, tables()), requests);

    // Assess
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({ code: 'audit_unavailable' });
    await expectGapFreeLog(origin, fulfilled(results), honest);
  });

  it('names a lost companion race by its tag, not its place: only that member fails, its neighbours are logged', async () => {
    // Prepare
    const origin = 'gatekeeper.test/demo/iso4';
    const honest = Array.from({ length: 4 }, () => entry(origin));
    const requests: AppendRequest[] = honest.map((e) => ({ origin, entry: e }));
    requests.splice(1, 0, {
      origin,
      entry: entry(origin),
      atomicWith: () => [...holding(), ...losing('idempotentAnswer')()],
    });
    requests.splice(4, 0, { origin, entry: entry(origin), atomicWith: losing('recordsVersion') });

    // Act
    const results = await settle(new DynamoDbAuditLog(db.doc, tables()), requests);

    // Assess
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({
      code: 'atomic_write_conflict',
      tag: 'idempotentAnswer',
    });
    expect((results[4] as PromiseRejectedResult).reason).toMatchObject({
      code: 'atomic_write_conflict',
      tag: 'recordsVersion',
    });
    await expectGapFreeLog(origin, fulfilled(results), honest);
  });
});

/** A companion write whose condition holds: a put of a fresh item. */
function holding() {
  return [
    {
      tag: 'recordsVersion' as const,
      store: 'test',
      item: {
        Put: {
          TableName: db.tables.AuditLog,
          Item: { pk: `fresh#${(n += 1)}`, sk: 0 },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    },
  ];
}
