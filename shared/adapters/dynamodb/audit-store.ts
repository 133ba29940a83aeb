import { GetCommand, PutCommand, QueryCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { nodeKey, type NodeId } from '../../audit/merkle.ts';
import type { NodeSource } from '../../audit/proofs.ts';
import { auditKeys } from './audit-keys.ts';
import { batchGetAll } from './batch-get-all.ts';
import { isConditionFailure, storageUnavailable } from './errors.ts';

export interface LogHead {
  readonly origin: string;
  readonly org: string;
  readonly size: number;
  readonly frontier: readonly Uint8Array[];
}

export interface StoredEntry {
  readonly index: number;
  /** The canonical (JCS) entry text exactly as hashed. */
  readonly entry: string;
  readonly leafHash: Uint8Array;
}

/**
 * The read side of the audit table (heads, entries, sealed nodes, checkpoints) and the one write
 * the checkpointer makes. Everything is read strongly consistent: a proof or checkpoint must never
 * be built from a stale view of a log.
 */
export class DynamoDbAuditStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #headsTable: string;

  constructor(doc: DynamoDBDocumentClient, tables: { audit: string; auditHeads: string }) {
    this.#doc = doc;
    this.#table = tables.audit;
    this.#headsTable = tables.auditHeads;
  }

  /**
   * Every log head of the deployment (or of one org): a Scan, for the checkpointer and the local
   * archive sweep, which must find every log that grew. A caller that knows its org's origins reads
   * them with `getHeads` instead.
   */
  async listHeads(org?: string): Promise<LogHead[]> {
    const heads: LogHead[] = [];
    let startKey: Record<string, unknown> | undefined;
    await this.#guard(async () => {
      do {
        const page = await this.#doc.send(
          new ScanCommand({
            TableName: this.#headsTable,
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
            ...(org ? { FilterExpression: 'org = :org', ExpressionAttributeValues: { ':org': org } } : {}),
          }),
        );
        for (const item of page.Items ?? []) heads.push(toHead(item));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    });
    return heads;
  }

  /**
   * The heads of the named logs that exist, in the order asked (a log nobody has written to yet has
   * no head). One strongly consistent BatchGetItem per 100 origins, retrying unprocessed keys.
   */
  async getHeads(origins: readonly string[]): Promise<LogHead[]> {
    const found = new Map<string, LogHead>();
    await this.#guard(async () => {
      const keys = origins.map((origin) => ({ pk: origin }));
      for (const item of await batchGetAll(this.#doc, this.#headsTable, keys))
        found.set(item['pk'] as string, toHead(item));
    });
    return origins.flatMap((origin) => found.get(origin) ?? []);
  }

  getHead(origin: string): Promise<LogHead | undefined> {
    return this.#guard(async () => {
      const result = await this.#doc.send(
        new GetCommand({ TableName: this.#headsTable, Key: { pk: origin }, ConsistentRead: true }),
      );
      return result.Item ? toHead(result.Item) : undefined;
    });
  }

  /**
   * Entries [start, start + limit) in index order (fewer at the end of the log). DynamoDB ends a
   * Query page at 1 MB (about 550 full entries), so the pages are followed to the end of the range:
   * a short first page is not the end of the log.
   */
  entries(origin: string, start: number, limit: number): Promise<StoredEntry[]> {
    return this.#guard(async () => {
      const entries: StoredEntry[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.#doc.send(
          new QueryCommand({
            TableName: this.#table,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: {
              ':pk': auditKeys.entryPartition(origin),
              ':from': start,
              ':to': start + limit - 1,
            },
            ProjectionExpression: 'sk, entry, leafHash',
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of page.Items ?? [])
          entries.push({
            index: item['sk'] as number,
            entry: item['entry'] as string,
            leafHash: item['leafHash'] as Uint8Array,
          });
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return entries;
    });
  }

  /** Stored nodes of one log, as the proof code reads them: one batched read per plan. */
  nodeSource(origin: string): NodeSource & { readonly reads: number } {
    let reads = 0;
    return {
      get reads() {
        return reads;
      },
      getNodes: (ids: readonly NodeId[]): Promise<Uint8Array[]> => {
        reads += ids.length;
        return this.#getNodes(origin, ids);
      },
    };
  }

  async #getNodes(origin: string, ids: readonly NodeId[]): Promise<Uint8Array[]> {
    const keyOf = (id: NodeId) =>
      id.level === 0
        ? { pk: auditKeys.entryPartition(origin), sk: id.index }
        : { pk: auditKeys.nodePartition(origin), sk: nodeKey(id.level, id.index) };
    const found = new Map<string, Uint8Array>();
    const keys = ids.map(keyOf);
    await this.#guard(async () => {
      const projection = {
        ProjectionExpression: 'pk, sk, leafHash, #hash',
        ExpressionAttributeNames: { '#hash': 'hash' },
      };
      for (const item of await batchGetAll(this.#doc, this.#table, keys, projection))
        found.set(`${String(item['pk'])}|${String(item['sk'])}`, (item['leafHash'] ?? item['hash']) as Uint8Array);
    });
    return keys.map((key) => {
      const hash = found.get(`${key.pk}|${key.sk}`);
      if (!hash) throw storageUnavailable(new Error('A sealed audit node is missing'));
      return hash;
    });
  }

  /**
   * Stores a signed checkpoint once; false when one of that size already exists. `signedAt` is the
   * signer's clock (a C2SP note carries no time): what the console shows as the checkpoint's age.
   */
  async putCheckpoint(origin: string, size: number, note: string, signedAt?: string): Promise<boolean> {
    try {
      await this.#doc.send(
        new PutCommand({
          TableName: this.#table,
          Item: { pk: auditKeys.checkpointPartition(origin), sk: size, note, ...(signedAt ? { signedAt } : {}) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw storageUnavailable(error);
    }
  }

  /** Checkpoints of a log, newest first; `signedAt` where it was stored (not on the oldest ones). */
  checkpoints(origin: string, limit = 1): Promise<Array<{ size: number; note: string; signedAt?: string }>> {
    return this.#guard(async () => {
      const result = await this.#doc.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': auditKeys.checkpointPartition(origin) },
          ScanIndexForward: false,
          Limit: limit,
          ConsistentRead: true,
        }),
      );
      return (result.Items ?? []).map((item) => ({
        size: item['sk'] as number,
        note: item['note'] as string,
        ...(typeof item['signedAt'] === 'string' ? { signedAt: item['signedAt'] } : {}),
      }));
    });
  }

  /** The oldest checkpoint covering at least `size` entries, if any. */
  checkpointCovering(origin: string, size: number): Promise<{ size: number; note: string } | undefined> {
    return this.#guard(async () => {
      const result = await this.#doc.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk AND sk >= :size',
          ExpressionAttributeValues: { ':pk': auditKeys.checkpointPartition(origin), ':size': size },
          Limit: 1,
          ConsistentRead: true,
        }),
      );
      const item = result.Items?.[0];
      return item ? { size: item['sk'] as number, note: item['note'] as string } : undefined;
    });
  }

  async #guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw storageUnavailable(error);
    }
  }
}

function toHead(item: Record<string, unknown>): LogHead {
  return {
    origin: item['pk'] as string,
    org: item['org'] as string,
    size: item['size'] as number,
    frontier: (item['frontier'] as Uint8Array[] | undefined) ?? [],
  };
}
