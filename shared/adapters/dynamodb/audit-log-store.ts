import {
  GetCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { auditIndexAttributes } from '../../audit/index-projection.ts';
import type { BatchOutcome, LogBatch, LogHead, LogStore, PlannedAppend } from '../../audit/log-store.ts';
import { nodeKey } from '../../audit/merkle.ts';
import { auditKeys } from './audit-keys.ts';
import { classifyFailure, type ItemOwner } from './audit-log-failures.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** DynamoDB accepts at most 100 items in one transaction. */
const MAX_TRANSACTION_ITEMS = 100;

interface AuditTables {
  readonly audit: string;
  readonly auditHeads: string;
}

/**
 * The DynamoDB encoding of the log: an entry item per entry (with its search attributes), an item
 * per sealed interior node, all written once, and one head item per log, the only mutable one. A
 * batch is one TransactWriteItems whose first item moves the head conditionally on its size.
 */
export class DynamoDbLogStore implements LogStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #tables: AuditTables;

  constructor(doc: DynamoDBDocumentClient, tables: AuditTables) {
    this.#doc = doc;
    this.#tables = tables;
  }

  async readHead(origin: string): Promise<LogHead> {
    const result = await this.#doc.send(
      new GetCommand({ TableName: this.#tables.auditHeads, Key: { pk: origin }, ConsistentRead: true }),
    );
    if (!result.Item) return { exists: false, size: 0, frontier: [] };
    return {
      exists: true,
      size: result.Item['size'] as number,
      frontier: (result.Item['frontier'] as Uint8Array[] | undefined) ?? [],
    };
  }

  async entryIdAt(origin: string, index: number): Promise<string | undefined> {
    const stored = await this.#doc.send(
      new GetCommand({
        TableName: this.#tables.audit,
        Key: { pk: auditKeys.entryPartition(origin), sk: index },
        ProjectionExpression: 'id',
        ConsistentRead: true,
      }),
    );
    const id: unknown = stored.Item?.['id'];
    return typeof id === 'string' ? id : undefined;
  }

  batch<Member>(origin: string, head: LogHead): LogBatch<Member> {
    return new TransactionBatch<Member>(this.#doc, this.#tables, origin, head);
  }
}

/** One TransactWriteItems under construction; `owners` says which member each item is for. */
class TransactionBatch<Member> implements LogBatch<Member> {
  readonly #items: TransactItem[] = [];
  // The head item, at 0, belongs to the whole group.
  readonly #owners: Array<ItemOwner<Member> | undefined> = [undefined];
  readonly #touched = new Set<string>();
  readonly #doc: DynamoDBDocumentClient;
  readonly #tables: AuditTables;
  readonly #origin: string;
  readonly #head: LogHead;

  constructor(doc: DynamoDBDocumentClient, tables: AuditTables, origin: string, head: LogHead) {
    this.#doc = doc;
    this.#tables = tables;
    this.#origin = origin;
    this.#head = head;
  }

  add(member: Member, planned: PlannedAppend): boolean {
    // The followers' entries and nodes are the member's own: they land with it or not at all.
    const own = [planned, ...(planned.followers ?? [])].flatMap((leaf) => [
      this.#entryItem({ ...leaf, patientIndexKey: planned.patientIndexKey }),
      ...leaf.sealed.filter((node) => node.level > 0).map((node) => this.#nodeItem(node)),
    ]);
    const companions = planned.companions.map((write) => ({ item: write.item as TransactItem, tag: write.tag }));
    const keys = companions.map(({ item }) => itemKey(item));
    const first = this.#items.length === 0;
    // Room is kept for the head item; one transaction may not touch an item twice (e.g. two
    // decisions checking one patient's records version).
    if (!first && this.#items.length + 1 + own.length + companions.length > MAX_TRANSACTION_ITEMS - 1) return false;
    if (!first && keys.some((key) => this.#touched.has(key))) return false;
    keys.forEach((key) => this.#touched.add(key));
    for (const item of own) this.#push(item, { member });
    for (const { item, tag } of companions) this.#push(item, { member, companion: tag });
    return true;
  }

  async commit(next: LogHead, org: string): Promise<BatchOutcome<Member>> {
    try {
      await this.#doc.send(new TransactWriteCommand({ TransactItems: [this.#headItem(next, org), ...this.#items] }));
      return { kind: 'committed' };
    } catch (error) {
      return { failure: classifyFailure(error, this.#owners), cause: error };
    }
  }

  #push(item: TransactItem, owner: ItemOwner<Member>): void {
    this.#items.push(item);
    this.#owners.push(owner);
  }

  #entryItem(planned: Pick<PlannedAppend, 'receipt' | 'entry' | 'bytes' | 'leaf' | 'patientIndexKey'>): TransactItem {
    const { receipt, entry } = planned;
    return {
      Put: {
        TableName: this.#tables.audit,
        Item: {
          pk: auditKeys.entryPartition(receipt.origin),
          sk: receipt.index,
          entry: new TextDecoder().decode(planned.bytes),
          leafHash: planned.leaf,
          id: entry.id,
          ...auditIndexAttributes(entry, receipt, planned.patientIndexKey),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  #nodeItem(node: { level: number; index: number; hash: Uint8Array }): TransactItem {
    return {
      Put: {
        TableName: this.#tables.audit,
        Item: { pk: auditKeys.nodePartition(this.#origin), sk: nodeKey(node.level, node.index), hash: node.hash },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  #headItem(next: LogHead, org: string): TransactItem {
    const before = this.#head;
    return {
      Put: {
        TableName: this.#tables.auditHeads,
        Item: { pk: this.#origin, org, size: next.size, frontier: next.frontier },
        ...(before.exists
          ? {
              ConditionExpression: '#size = :expected',
              ExpressionAttributeNames: { '#size': 'size' },
              ExpressionAttributeValues: { ':expected': before.size },
            }
          : { ConditionExpression: 'attribute_not_exists(pk)' }),
      },
    };
  }
}

function itemKey(item: TransactItem): string {
  const operation = item.Put ?? item.Update ?? item.ConditionCheck ?? item.Delete;
  const key = item.Put ? item.Put.Item : (operation as { Key?: Record<string, unknown> } | undefined)?.Key;
  return `${operation?.TableName}|${String(key?.['pk'])}|${String(key?.['sk'])}`;
}
