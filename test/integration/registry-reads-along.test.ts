/**
 * The registry read that carries the calling client's record with a disclosure's recipient (issue
 * 15) over DynamoDB Local: the same records the single reads give, nothing of another org, and
 * sent strongly consistent (the admission rests on it: a revocation takes effect at once).
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbRegistry, registryKeys } from '../../shared/adapters/dynamodb/registry.ts';
import type { ClientRecord } from '../../shared/ports/client-registry.ts';
import { startTestDynamoDb, type TestDynamoDb } from '../support/dynamodb.ts';

let db: TestDynamoDb;
let registry: DynamoDbRegistry;
const sent: Record<string, unknown>[] = [];

const client = (org: string, clientId: string): ClientRecord => ({
  clientId,
  org,
  name: clientId,
  scopes: ['admin'],
  status: 'ACTIVE',
  keys: [],
  version: 1,
});
const recipient = (org: string, recipientId: string) => ({
  recipientId,
  org,
  name: recipientId,
  category: 'GP',
  version: 1,
});

beforeAll(async () => {
  db = await startTestDynamoDb();
  // Every command's input as sent, so a test can see the reads asked for consistency.
  const recording = new Proxy(db.doc, {
    get: (target, name, receiver): unknown =>
      name === 'send'
        ? (command: { input: Record<string, unknown> }): Promise<unknown> => {
            sent.push(command.input);
            return target.send(command as never);
          }
        : Reflect.get(target, name, receiver),
  });
  registry = new DynamoDbRegistry(recording, db.tables.Registry);
  const items = [
    { ...registryKeys.organisation('org-a'), org: 'org-a', name: 'A', patientLogs: 2 },
    ...['a-admin', 'm-epr', 'z-epr'].map((id) => ({ ...registryKeys.client('org-a', id), ...client('org-a', id) })),
    ...['gp-1', 'ins-2'].map((id) => ({ ...registryKeys.recipient('org-a', id), ...recipient('org-a', id) })),
    { ...registryKeys.client('org-b', 'm-epr'), ...client('org-b', 'm-epr') },
    { ...registryKeys.recipient('org-b', 'gp-b'), ...recipient('org-b', 'gp-b') },
  ];
  for (const item of items) await db.doc.send(new PutCommand({ TableName: db.tables.Registry, Item: item }));
});
afterAll(() => db?.close());

describe('the client with one recipient, in one BatchGetItem', () => {
  it('gives both records as the single reads do, consistently read', async () => {
    // Prepare
    sent.length = 0;
    // Act
    const both = await registry.getClientWithRecipient('org-a', 'm-epr', 'ins-2');
    // Assess
    expect(both.client).toEqual(await registry.getClient('org-a', 'm-epr'));
    expect(both.recipient).toEqual(await registry.getRecipient('org-a', 'ins-2'));
    expect(sent[0]).toMatchObject({ RequestItems: { [db.tables.Registry]: { ConsistentRead: true } } });
  });

  it('finds neither a missing record nor one of another org', async () => {
    // Act
    const missing = await registry.getClientWithRecipient('org-a', 'nobody', 'gp-none');
    const otherOrg = await registry.getClientWithRecipient('org-b', 'm-epr', 'gp-1');
    // Assess
    expect(missing).toEqual({ client: undefined, recipient: undefined });
    expect(otherOrg.client?.org).toBe('org-b');
    expect(otherOrg.recipient).toBeUndefined();
  });
});
