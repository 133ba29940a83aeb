import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { backoff } from '../../backoff.ts';
import type { ClientRecord } from '../../ports/client-registry.ts';
import type { ClientWithRecipient, StoredRecipient } from '../../registry/model.ts';
import { storageUnavailable } from './errors.ts';

/** Unprocessed keys are asked for again this many times before the read fails closed. */
const BATCH_GET_ROUNDS = 5;

type Key = { pk: string; sk: string };
type Item = Record<string, unknown>;

/** The client's and one recipient's records in one consistent BatchGetItem. */
export async function readClientWithRecipient(
  doc: DynamoDBDocumentClient,
  table: string,
  keys: { client: Key; recipient: Key },
): Promise<ClientWithRecipient> {
  const found = await batchGet(doc, table, [keys.client, keys.recipient]);
  const client = found.find((item) => item['sk'] === keys.client.sk);
  const recipient = found.find((item) => item['sk'] === keys.recipient.sk);
  return {
    client: client ? (stripKeys(client) as unknown as ClientRecord) : undefined,
    recipient: recipient ? (stripKeys(recipient) as unknown as StoredRecipient) : undefined,
  };
}

async function batchGet(doc: DynamoDBDocumentClient, table: string, keys: readonly Key[]): Promise<Item[]> {
  const found: Item[] = [];
  let pending: Key[] = [...keys];
  try {
    for (let round = 1; pending.length > 0; round += 1) {
      if (round > BATCH_GET_ROUNDS) throw new Error('Registry keys stayed unprocessed');
      if (round > 1) await backoff(round, 200, 20);
      const result = await doc.send(
        new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }),
      );
      found.push(...(result.Responses?.[table] ?? []));
      pending = (result.UnprocessedKeys?.[table]?.Keys ?? []) as Key[];
    }
  } catch (error) {
    throw storageUnavailable(error);
  }
  return found;
}

/** A registry item as its record: without the table's keys. */
export function stripKeys(item: Item): Item {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest;
}
