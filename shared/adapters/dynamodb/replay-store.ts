import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AtomicWrite } from '../../ports/audit-log.ts';
import type { ReplayStore } from '../../ports/client-registry.ts';
import { isConditionFailure, storageUnavailable } from './errors.ts';

/** TTL deletion is lazy: an expired item still present must not count as a replay. */
const FRESH_CONDITION = 'attribute_not_exists(pk) OR expiresAt < :now';

/** Used request ids, kept until `exp + 60 s` by the table's TTL (api.md §1). */
export class DynamoDbReplayStore implements ReplayStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(doc: DynamoDBDocumentClient, table: string) {
    this.#doc = doc;
    this.#table = table;
  }

  /**
   * Records a request id once. The item carries a nonce of this attempt: when the put committed but
   * its answer was lost, the SDK's own retry meets its own item, and the nonce tells that apart from
   * a replay (the soak saw 1 % of honest requests refused as replays without it). The same holds
   * for an attempt whose `claim` may have committed in a transaction that answered ambiguously.
   */
  async remember(
    org: string,
    clientId: string,
    jti: string,
    expiresAtMs: number,
    attempt: string = randomUUID(),
  ): Promise<boolean> {
    const put = this.#put(org, clientId, jti, expiresAtMs, attempt, Date.now());
    try {
      await this.#doc.send(new PutCommand(put));
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw storageUnavailable(error);
      return this.#wasThisAttempt({ pk: put.Item.pk }, attempt);
    }
  }

  claim(org: string, clientId: string, jti: string, expiresAtMs: number, attempt: string, nowMs: number): AtomicWrite {
    return {
      tag: 'replay',
      store: 'dynamodb',
      item: { Put: this.#put(org, clientId, jti, expiresAtMs, attempt, nowMs) },
    };
  }

  #put(org: string, clientId: string, jti: string, expiresAtMs: number, attempt: string, nowMs: number) {
    // Client ids repeat across orgs; none of the three parts can hold `#`.
    const pk = `${org}#${clientId}#${jti}`;
    return {
      TableName: this.#table,
      Item: { pk, expiresAt: Math.ceil(expiresAtMs / 1000), attempt },
      ConditionExpression: FRESH_CONDITION,
      ExpressionAttributeValues: { ':now': Math.floor(nowMs / 1000) },
    };
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
