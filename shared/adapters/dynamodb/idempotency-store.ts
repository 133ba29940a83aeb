import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchGetAll } from './batch-get-all.ts';
import type { AtomicWrite } from '../../ports/audit-log.ts';
import { storageUnavailable } from './errors.ts';

/** How long a stored answer is kept for retries (the audit entry itself is kept for good). */
export const IDEMPOTENCY_RETENTION_DAYS = 30;

export interface StoredAnswer<T> {
  /** Canonical digest of the request body: "same request" means the same JSON, not the same bytes. */
  readonly requestDigest: string;
  readonly answer: T;
}

/**
 * Answers of idempotent requests per (org, client, requestId). The answer is written in the same
 * transaction as its audit entry, so a retry finds either both or neither.
 */
export class DynamoDbIdempotencyStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(doc: DynamoDBDocumentClient, table: string) {
    this.#doc = doc;
    this.#table = table;
  }

  async get<T>(org: string, clientId: string, requestId: string): Promise<StoredAnswer<T> | undefined> {
    try {
      const result = await this.#doc.send(
        new GetCommand({ TableName: this.#table, Key: { pk: key(org, clientId, requestId) }, ConsistentRead: true }),
      );
      if (!result.Item) return undefined;
      return {
        requestDigest: result.Item['requestDigest'] as string,
        answer: JSON.parse(result.Item['answer'] as string) as T,
      };
    } catch (error) {
      throw storageUnavailable(error);
    }
  }

  /**
   * The stored answers of many requestIds of one client, read consistently (BatchGetItem, 100 keys
   * a call), by requestId; a requestId with no answer is absent. Throws if any key stays unread.
   */
  async getMany<T>(
    org: string,
    clientId: string,
    requestIds: readonly string[],
  ): Promise<Map<string, StoredAnswer<T>>> {
    const found = new Map<string, StoredAnswer<T>>();
    const keys = [...new Set(requestIds)].map((requestId) => ({ pk: key(org, clientId, requestId) }));
    try {
      for (const item of await batchGetAll(this.#doc, this.#table, keys))
        found.set(String(item['pk']).slice(key(org, clientId, '').length), {
          requestDigest: item['requestDigest'] as string,
          answer: JSON.parse(item['answer'] as string) as T,
        });
    } catch (error) {
      throw storageUnavailable(error);
    }
    return found;
  }

  /** Stores the answer; fails its condition when the requestId was answered already. */
  put(
    org: string,
    clientId: string,
    requestId: string,
    requestDigest: string,
    answer: unknown,
    nowMs: number,
  ): AtomicWrite {
    return {
      tag: 'idempotentAnswer',
      store: 'dynamodb',
      item: {
        Put: {
          TableName: this.#table,
          Item: {
            pk: key(org, clientId, requestId),
            requestDigest,
            answer: JSON.stringify(answer),
            expiresAt: Math.floor(nowMs / 1000) + IDEMPOTENCY_RETENTION_DAYS * 86_400,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    };
  }
}

/** Client ids are unique within an org only: two orgs' `epr-main` must never share an answer. */
function key(org: string, clientId: string, requestId: string): string {
  return `${org}#${clientId}#${requestId}`;
}
