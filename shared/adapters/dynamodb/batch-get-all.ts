import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { backoff } from '../../backoff.ts';

/** Keys one BatchGetItem takes at most. */
const KEYS_PER_CALL = 100;
/** Rounds of asking again for the keys DynamoDB left unprocessed before the read fails. */
const ROUNDS = 5;

type Item = Record<string, unknown>;

/**
 * Every item of `keys` that exists in `table`, read strongly consistent, 100 keys a call. Keys
 * DynamoDB leaves unprocessed (throttling) are asked for again with backoff; one still unread after
 * five rounds fails the read rather than being taken for absent. Errors are the caller's to map.
 */
export async function batchGetAll(
  doc: DynamoDBDocumentClient,
  table: string,
  keys: readonly Item[],
  projection?: { readonly ProjectionExpression: string; readonly ExpressionAttributeNames?: Record<string, string> },
): Promise<Item[]> {
  const found: Item[] = [];
  for (let from = 0; from < keys.length; from += KEYS_PER_CALL) {
    let pending: Item[] = keys.slice(from, from + KEYS_PER_CALL);
    for (let round = 1; pending.length > 0; round += 1) {
      if (round > ROUNDS) throw new Error(`Keys of ${table} stayed unprocessed`);
      if (round > 1) await backoff(round, 200, 20);
      const result = await doc.send(
        new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true, ...projection } } }),
      );
      found.push(...(result.Responses?.[table] ?? []));
      pending = result.UnprocessedKeys?.[table]?.Keys ?? [];
    }
  }
  return found;
}
