import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb/audit-log.ts';
import { DynamoDbAuditStore } from '../../shared/adapters/dynamodb/audit-store.ts';
import { rootFromFrontier, rootOfLeaves } from '../../shared/audit/merkle.ts';
import { canonicalBytes } from '../../shared/canonical-json.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import type { Receipt } from '../../shared/ports/audit-log.ts';
import { startTestDynamoDb, type TestDynamoDb } from '../support/dynamodb.ts';

/**
 * A TransactWriteItems that times out, loses its connection or answers 5xx may still have been
 * applied (DynamoDB Developer Guide, "Transactions: error handling"). The log must then neither
 * lose the entries nor write them twice: it asks the store whether the group landed.
 */
let db: TestDynamoDb;
beforeAll(async () => {
  db = await startTestDynamoDb({ prefix: 'gk-amb' });
});
afterAll(() => db.close());

type Fault = 'after-commit' | 'before-commit' | 'after-commit-and-reads';
const tables = () => ({ audit: db.tables.AuditLog, auditHeads: db.tables.AuditHeads });
let n = 0;
const entry = (origin: string) => ({
  v: 'gk-audit/1' as const,
  origin,
  id: `01AMB${String((n += 1)).padStart(21, '0')}`,
  time: '2026-11-22T09:00:00.000Z',
  type: 'audit.read' as const,
  org: 'demo',
  actor: { clientId: 'c', kid: 'k', jti: 'j' },
  query: {},
});

/** A document client whose next TransactWriteItems fails once, outside the SDK's own retries. */
function faultyClient(fault: Fault): DynamoDBDocumentClient {
  const doc = createDocumentClient();
  let armed = true;
  let failingReads = false;
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      const transaction = context.commandName === 'TransactWriteItemsCommand';
      if (failingReads && !transaction) throw lost();
      if (!transaction || !armed) return next(args);
      armed = false;
      if (fault === 'before-commit') throw lost();
      await next(args);
      if (fault === 'after-commit-and-reads') failingReads = true;
      throw lost();
    },
    { step: 'initialize', name: 'loseOneTransactionAnswer' },
  );
  return doc;
}

function lost(): Error {
  return Object.assign(new Error('socket hang up'), { name: 'TimeoutError', $metadata: {} });
}

async function expectLogOf(origin: string, entries: object[], receipts: Receipt[]) {
  expect(receipts.map((receipt) => receipt.index).sort((a, b) => a - b)).toEqual(entries.map((_, i) => i));
  const head = (await new DynamoDbAuditStore(db.doc, tables()).getHead(origin))!;
  expect(head.size).toBe(entries.length);
  const ordered = entries
    .map((e, i) => ({ e, index: receipts[i]!.index }))
    .sort((a, b) => a.index - b.index)
    .map(({ e }) => canonicalBytes(e));
  expect(Buffer.from(rootFromFrontier(head.frontier, head.size))).toEqual(Buffer.from(rootOfLeaves(ordered)));
}

describe('an ambiguous transaction answer', () => {
  it('resolves a group that landed with its receipts and writes nothing twice', async () => {
    // Prepare
    const origin = 'gatekeeper.test/demo/amb1';
    const entries = Array.from({ length: 5 }, () => entry(origin));
    const log = new DynamoDbAuditLog(faultyClient('after-commit'), tables());

    // Act
    const receipts = await Promise.all(entries.map((e) => log.append({ origin, entry: e })));

    // Assess
    await expectLogOf(origin, entries, receipts);
  });

  it('commits a group that did not land, once', async () => {
    // Prepare
    const origin = 'gatekeeper.test/demo/amb2';
    const entries = Array.from({ length: 4 }, () => entry(origin));
    const log = new DynamoDbAuditLog(faultyClient('before-commit'), tables());

    // Act
    const receipts = await Promise.all(entries.map((e) => log.append({ origin, entry: e })));

    // Assess
    await expectLogOf(origin, entries, receipts);
  });

  it('answers audit_unavailable when it cannot tell, and a later append continues the same log', async () => {
    // Prepare
    const origin = 'gatekeeper.test/demo/amb3';
    const first = entry(origin);
    const log = new DynamoDbAuditLog(faultyClient('after-commit-and-reads'), tables());

    // Act / Assess
    await expect(log.append({ origin, entry: first })).rejects.toMatchObject({ code: 'audit_unavailable' });

    // Act
    const second = entry(origin);
    const receipt = await new DynamoDbAuditLog(db.doc, tables()).append({ origin, entry: second });

    // Assess
    await expectLogOf(origin, [first, second], [{ ...receipt, index: 0 }, receipt]);
  });
});
