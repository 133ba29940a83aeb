/**
 * The one BatchGetItem loop of the DynamoDB adapters (stored answers, log heads, sealed nodes, a
 * disclosure's client and recipient): DynamoDB may leave keys unprocessed under throttling, so a
 * fake document client injects that fault. The real store's path is covered over DynamoDB Local.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { batchGetAll } from '../../../shared/adapters/dynamodb/batch-get-all.ts';

type Key = { pk: string };
type Input = { RequestItems: Record<string, { Keys: Key[]; ConsistentRead?: boolean }> };

/** Answers each call with the keys it was sent, leaving `unprocessed(call, keys)` of them for later. */
function fakeDoc(unprocessed: (call: number, keys: Key[]) => Key[]) {
  const calls: Input[] = [];
  const doc = {
    send: (command: { input: Input }) => {
      calls.push(command.input);
      const [table, { Keys }] = Object.entries(command.input.RequestItems)[0]!;
      const left = unprocessed(calls.length, Keys);
      const answered = Keys.filter((key) => !left.includes(key)).map((key) => ({ ...key, value: key.pk }));
      return Promise.resolve({
        Responses: { [table]: answered },
        ...(left.length > 0 ? { UnprocessedKeys: { [table]: { Keys: left } } } : {}),
      });
    },
  };
  return { doc: doc as unknown as DynamoDBDocumentClient, calls };
}

const keys = (n: number): Key[] => Array.from({ length: n }, (_, i) => ({ pk: `k${i}` }));

describe('batchGetAll', () => {
  it('reads 100 keys a call, each call strongly consistent', async () => {
    // Prepare
    const { doc, calls } = fakeDoc(() => []);
    // Act
    const items = await batchGetAll(doc, 'T', keys(250));
    // Assess
    expect(items).toHaveLength(250);
    expect(calls.map((call) => call.RequestItems['T']!.Keys.length)).toEqual([100, 100, 50]);
    expect(calls.every((call) => call.RequestItems['T']!.ConsistentRead === true)).toBe(true);
  });

  it('asks again for the keys left unprocessed until every one is read', async () => {
    // Prepare: the first call leaves half its keys
    const { doc, calls } = fakeDoc((call, sent) => (call === 1 ? sent.slice(0, 2) : []));
    // Act
    const items = await batchGetAll(doc, 'T', keys(4));
    // Assess
    expect(items.map((item) => item['pk']).sort()).toEqual(['k0', 'k1', 'k2', 'k3']);
    expect(calls[1]!.RequestItems['T']!.Keys).toEqual([{ pk: 'k0' }, { pk: 'k1' }]);
  });

  it('fails after five rounds rather than take a key it never read for absent', async () => {
    // Prepare: one key is never processed
    const { doc, calls } = fakeDoc((_call, sent) => sent.filter((key) => key.pk === 'k1'));
    // Act
    const read = batchGetAll(doc, 'T', keys(3));
    // Assess
    await expect(read).rejects.toThrow('stayed unprocessed');
    expect(calls).toHaveLength(5);
  });
});
