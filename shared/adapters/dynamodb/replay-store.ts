import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
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

  async remember(org: string, clientId: string, jti: string, expiresAtMs: number): Promise<boolean> {
    const nowSeconds = Math.floor(Date.now() / 1000);
    try {
      await this.#doc.send(
        new PutCommand({
          TableName: this.#table,
          // Client ids repeat across orgs; none of the three parts can hold `#`.
          Item: { pk: `${org}#${clientId}#${jti}`, expiresAt: Math.ceil(expiresAtMs / 1000) },
          // TTL deletion is lazy: an expired item still present must not count as a replay.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': nowSeconds },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw storageUnavailable(error);
    }
  }
}
