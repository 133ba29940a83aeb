import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ReplayStore } from '../../ports/client-registry.ts';
import { isConditionFailure, storageUnavailable } from './errors.ts';

/** Used request ids, kept until `exp + 60 s` by the table's TTL (api.md §1). */
export class DynamoDbReplayStore implements ReplayStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(doc: DynamoDBDocumentClient, table: string) {
    this.#doc = doc;
    this.#table = table;
  }

  /**
   * Records a request id once. The item carries a nonce of this call: when the put committed but
   * its answer was lost, the SDK's own retry meets its own item, and the nonce tells that apart from
   * a replay (the soak saw 1 % of honest requests refused as replays without it).
   */
  async remember(org: string, clientId: string, jti: string, expiresAtMs: number): Promise<boolean> {
    const nowSeconds = Math.floor(Date.now() / 1000);
    // Client ids repeat across orgs; none of the three parts can hold `#`.
    const key = { pk: `${org}#${clientId}#${jti}` };
    const attempt = randomUUID();
    try {
      await this.#doc.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...key, expiresAt: Math.ceil(expiresAtMs / 1000), attempt },
          // TTL deletion is lazy: an expired item still present must not count as a replay.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': nowSeconds },
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw storageUnavailable(error);
      return this.#wasThisAttempt(key, attempt);
    }
  }

  async #wasThisAttempt(key: { pk: string }, attempt: string): Promise<boolean> {
    try {
      const stored = await this.#doc.send(
        new GetCommand({ TableName: this.#table, Key: key, ConsistentRead: true, ProjectionExpression: 'attempt' }),
      );
      return stored.Item?.['attempt'] === attempt;
    } catch (error) {
      throw storageUnavailable(error);
    }
  }
}
