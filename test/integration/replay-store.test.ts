import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbReplayStore } from '../../shared/adapters/dynamodb/replay-store.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { startTestDynamoDb, type TestDynamoDb } from '../support/dynamodb.ts';

/**
 * api.md §1: a `jti` is single use. A put that commits but loses its answer is retried by the SDK
 * with the same item; that retry must not turn an honest request into 401 `replayed_request`.
 */
let db: TestDynamoDb;
beforeAll(async () => {
  db = await startTestDynamoDb({ prefix: 'gk-replay' });
});
afterAll(() => db.close());

const inAMinute = () => Date.now() + 60_000;

/** A document client that sends its first PutItem twice, as the SDK does after a lost answer. */
function retryingAfterLostAnswer() {
  const doc = createDocumentClient();
  let first = true;
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      if (!first || !['PutCommand', 'PutItemCommand'].includes(context.commandName ?? '')) return next(args);
      first = false;
      await next(args);
      return next(args);
    },
    { step: 'initialize', name: 'resendAfterLostAnswer' },
  );
  return doc;
}

describe('DynamoDbReplayStore', () => {
  it('accepts a request id whose put committed but was sent again', async () => {
    // Prepare
    const store = new DynamoDbReplayStore(retryingAfterLostAnswer(), db.tables.Replay);

    // Act
    const remembered = await store.remember('demo', 'epr', 'jti-lost-answer-0001', inAMinute());

    // Assess
    expect(remembered).toBe(true);
  });

  it('refuses the same request id from a second request', async () => {
    // Prepare
    const store = new DynamoDbReplayStore(db.doc, db.tables.Replay);

    // Act
    const first = await store.remember('demo', 'epr', 'jti-replayed-000001', inAMinute());
    const again = await store.remember('demo', 'epr', 'jti-replayed-000001', inAMinute());

    // Assess
    expect([first, again]).toEqual([true, false]);
  });

  it('keeps request ids apart per org', async () => {
    // Prepare
    const store = new DynamoDbReplayStore(db.doc, db.tables.Replay);

    // Act
    const answers = [
      await store.remember('demo', 'epr', 'jti-two-orgs-000001', inAMinute()),
      await store.remember('other', 'epr', 'jti-two-orgs-000001', inAMinute()),
    ];

    // Assess
    expect(answers).toEqual([true, true]);
  });

  it('records a request id inside a transaction, which fails on a request id already recorded', async () => {
    // Prepare
    const store = new DynamoDbReplayStore(db.doc, db.tables.Replay);
    const claimOf = (attempt: string) =>
      store.claim('demo', 'epr', 'jti-in-transaction-1', inAMinute(), attempt, Date.now()).item as object;
    const commit = (attempt: string) =>
      db.doc.send(new TransactWriteCommand({ TransactItems: [claimOf(attempt)] })).then(
        () => 'committed',
        (error: Error) => error.name,
      );

    // Act
    const first = await commit('attempt-1');
    const again = await commit('attempt-2');
    // An attempt whose transaction answered ambiguously records its jti again under its own nonce.
    const sameAttempt = await store.remember('demo', 'epr', 'jti-in-transaction-1', inAMinute(), 'attempt-1');
    const otherAttempt = await store.remember('demo', 'epr', 'jti-in-transaction-1', inAMinute(), 'attempt-3');

    // Assess
    expect([first, again, sameAttempt, otherAttempt]).toEqual([
      'committed',
      'TransactionCanceledException',
      true,
      false,
    ]);
  });
});
