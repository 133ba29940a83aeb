import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { AuditUnavailableError } from '../../errors.ts';
import { AtomicWriteConflictError } from '../../audit-log-errors.ts';
import { backoff } from '../../backoff.ts';
import { boundedEntryBytes } from '../../audit/entry.ts';
import { appendLeaf, leafHash, nodeKey } from '../../audit/merkle.ts';
import type { AppendRequest, AuditLog, Receipt } from '../../ports/audit-log.ts';
import { auditIndexAttributes } from '../../audit/index-projection.ts';
import { auditKeys } from './audit-keys.ts';
import { classifyFailure, type ItemOwner } from './audit-log-failures.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** DynamoDB accepts at most 100 items in one transaction. */
const MAX_TRANSACTION_ITEMS = 100;
const MAX_ATTEMPTS = 25;
const MAX_CACHED_HEADS = 1024;
/** Longest wait after losing the head to another process, in milliseconds. */
const MAX_BACKOFF_MS = 200;

interface Pending {
  readonly request: AppendRequest;
  readonly bytes: Uint8Array;
  readonly leaf: Uint8Array;
  readonly resolve: (receipt: Receipt) => void;
  readonly reject: (error: unknown) => void;
}

interface Head {
  readonly exists: boolean;
  readonly size: number;
  readonly frontier: Uint8Array[];
}

/**
 * The append side of the verifiable log. Appends to one log are queued in this process and
 * committed in groups: one TransactWriteItems moves the log head from size n to n + k (conditional
 * on n) and writes k entries, their sealed interior nodes and their companion writes, so a busy log
 * costs one conditional round trip per group instead of one per entry. Other processes appending
 * to the same log lose the head condition and retry with the new head.
 */
export class DynamoDbAuditLog implements AuditLog {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #headsTable: string;
  readonly #queues = new Map<string, Pending[]>();
  /**
   * The head each log had after this process's last commit to it. Appending from it costs one
   * round trip; if another process moved the head meanwhile, the conditional write says so and
   * the head is read again. Correctness never rests on it: the condition does.
   */
  readonly #heads = new Map<string, Head>();

  constructor(doc: DynamoDBDocumentClient, tables: { audit: string; auditHeads: string }) {
    this.#doc = doc;
    this.#table = tables.audit;
    this.#headsTable = tables.auditHeads;
  }

  append(request: AppendRequest): Promise<Receipt> {
    return new Promise((resolve, reject) => {
      let bytes: Uint8Array;
      try {
        // An entry over the bound is refused here, alone: it never joins a group it could fail.
        bytes = boundedEntryBytes(request.entry);
      } catch (error) {
        reject(error instanceof Error ? error : new Error('The entry has no canonical form'));
        return;
      }
      const queue = this.#queues.get(request.origin);
      const pending: Pending = { request, bytes, leaf: leafHash(bytes), resolve, reject };
      if (queue) {
        queue.push(pending);
        return;
      }
      this.#queues.set(request.origin, [pending]);
      void this.#drain(request.origin);
    });
  }

  /**
   * Commits the queue group by group. After a group fails for a reason no member is named for (the
   * whole request refused, an unexpected error), its members are committed one at a time, so only
   * the one that cannot be written fails (audit.md §2: entries are appended independently).
   */
  async #drain(origin: string): Promise<void> {
    const queue = this.#queues.get(origin)!;
    let alone = 0;
    try {
      while (queue.length > 0) {
        const result = await this.#commitGroup(origin, queue, alone > 0 ? 1 : MAX_TRANSACTION_ITEMS);
        alone = result.isolate ?? Math.max(0, alone - 1);
      }
    } finally {
      this.#queues.delete(origin);
    }
  }

  /**
   * Commits a group of at most `maxMembers` from the front of the queue; every member it takes
   * leaves the queue settled. Returns `isolate` when the group failed as a whole: its members are
   * then retried alone.
   */
  async #commitGroup(origin: string, queue: Pending[], maxMembers: number): Promise<{ isolate?: number }> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS && queue.length > 0; attempt += 1) {
      const cached = this.#heads.get(origin);
      let head: Head;
      try {
        head = cached ?? (await this.#readHead(origin));
      } catch (error) {
        failAll(queue, error);
        return {};
      }
      const group = this.#buildGroup(origin, head, queue, maxMembers);
      try {
        await this.#doc.send(new TransactWriteCommand({ TransactItems: group.items }));
      } catch (error) {
        if (isAmbiguous(error)) {
          const landed = await this.#landed(origin, head, group.members[0]!).catch(() => undefined);
          if (landed === true) {
            this.#settle(origin, queue, group);
            return {};
          }
          if (landed === undefined) {
            // Neither committed nor refused as far as anyone can tell: the callers see 503 and
            // their retries (idempotent on their request or record ids) find out.
            this.#heads.delete(origin);
            for (const member of group.members) failMember(queue, member, new AuditUnavailableError('The audit entry may not have been written', { cause: error }));
            return {};
          }
        }
        const outcome = classifyFailure(error, group.owners);
        if (outcome.kind === 'unattributed') {
          this.#heads.delete(origin);
          if (group.members.length > 1) return { isolate: group.members.length };
          failMember(queue, group.members[0]!, new AuditUnavailableError('The audit entry could not be written', { cause: error }));
          return {};
        }
        for (const [member, tag] of outcome.conflicts) failMember(queue, member, new AtomicWriteConflictError(tag));
        for (const member of outcome.unwritable) failMember(queue, member, new AuditUnavailableError('The audit entry could not be written', { cause: error }));
        if (outcome.contention) {
          this.#heads.delete(origin);
          // A stale cached head is not contention: read the head again at once.
          if (!cached) await backoff(attempt, MAX_BACKOFF_MS);
        }
        continue;
      }
      this.#settle(origin, queue, group);
      return {};
    }
    failAll(queue, new Error('The audit log head stayed contended'));
    return {};
  }

  #buildGroup(origin: string, head: Head, queue: readonly Pending[], maxMembers: number) {
    const items: TransactItem[] = [];
    // Who each item belongs to (the head, at 0, belongs to the group), so a failure names its member.
    const owners: Array<ItemOwner<Pending> | undefined> = [undefined];
    const members: Pending[] = [];
    const receipts: Receipt[] = [];
    const touched = new Set<string>();
    let { size, frontier } = head;
    for (const member of queue) {
      if (members.length >= maxMembers) break;
      const receipt: Receipt = { origin, index: size, leafHash: base64(member.leaf), entryId: member.request.entry.id };
      const next = appendLeaf(frontier, size, member.leaf);
      const atomic = member.request.atomicWith?.(receipt) ?? [];
      const memberItems = [this.#entryItem(member, receipt), ...next.sealed.filter((n) => n.level > 0).map((n) => this.#nodeItem(origin, n))];
      const keys = atomic.map((write) => itemKey(write.item as TransactItem));
      // One transaction may not touch an item twice (e.g. two decisions checking one patient's version).
      if (items.length + 1 + memberItems.length + atomic.length > MAX_TRANSACTION_ITEMS - 1 && members.length > 0) break;
      if (keys.some((key) => touched.has(key)) && members.length > 0) break;
      keys.forEach((key) => touched.add(key));
      items.push(...memberItems);
      memberItems.forEach(() => owners.push({ member }));
      for (const write of atomic) {
        items.push(write.item as TransactItem);
        owners.push({ member, companion: write.tag });
      }
      members.push(member);
      receipts.push(receipt);
      size += 1;
      frontier = next.frontier;
    }
    items.unshift(this.#headItem(origin, head, size, frontier, members[0]!.request.entry.org));
    return { items, owners, members, receipts, head: { exists: true, size, frontier } satisfies Head };
  }

  #settle(origin: string, queue: Pending[], group: { head: Head; members: Pending[]; receipts: Receipt[] }): void {
    this.#remember(origin, group.head);
    queue.splice(0, group.members.length);
    group.members.forEach((member, i) => member.resolve(group.receipts[i]!));
  }

  /**
   * Whether a group whose TransactWriteItems answered ambiguously (a timeout, a dropped connection,
   * a 5xx: DynamoDB may have applied it) was committed. The head condition lets exactly one
   * transaction move the log from `before.size`, and a group writes its entries atomically, so the
   * group landed exactly when the entry now at `before.size` is its first member's. Retrying
   * without asking would log the same entries a second time.
   */
  async #landed(origin: string, before: Head, first: Pending): Promise<boolean> {
    const now = await this.#readHead(origin);
    if (now.size <= before.size) return false;
    const stored = await this.#doc.send(new GetCommand({
      TableName: this.#table,
      Key: { pk: auditKeys.entryPartition(origin), sk: before.size },
      ProjectionExpression: 'id',
      ConsistentRead: true,
    }));
    return stored.Item?.['id'] === first.request.entry.id;
  }

  #remember(origin: string, head: Head): void {
    // Bounded: a process serving many orgs keeps the heads of the logs it used most recently.
    if (this.#heads.size >= MAX_CACHED_HEADS) this.#heads.delete(this.#heads.keys().next().value!);
    this.#heads.delete(origin);
    this.#heads.set(origin, head);
  }

  #entryItem(member: Pending, receipt: Receipt): TransactItem {
    const { entry, patientIndexKey } = member.request;
    return {
      Put: {
        TableName: this.#table,
        Item: {
          pk: auditKeys.entryPartition(receipt.origin),
          sk: receipt.index,
          entry: new TextDecoder().decode(member.bytes),
          leafHash: member.leaf,
          id: entry.id,
          ...auditIndexAttributes(entry, receipt, patientIndexKey),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  #nodeItem(origin: string, node: { level: number; index: number; hash: Uint8Array }): TransactItem {
    return {
      Put: {
        TableName: this.#table,
        Item: { pk: auditKeys.nodePartition(origin), sk: nodeKey(node.level, node.index), hash: node.hash },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  #headItem(origin: string, head: Head, size: number, frontier: Uint8Array[], org: string): TransactItem {
    return {
      Put: {
        TableName: this.#headsTable,
        Item: { pk: origin, org, size, frontier },
        ...(head.exists
          ? { ConditionExpression: '#size = :expected', ExpressionAttributeNames: { '#size': 'size' }, ExpressionAttributeValues: { ':expected': head.size } }
          : { ConditionExpression: 'attribute_not_exists(pk)' }),
      },
    };
  }

  async #readHead(origin: string): Promise<Head> {
    const result = await this.#doc.send(new GetCommand({ TableName: this.#headsTable, Key: { pk: origin }, ConsistentRead: true }));
    if (!result.Item) return { exists: false, size: 0, frontier: [] };
    return { exists: true, size: result.Item['size'] as number, frontier: (result.Item['frontier'] as Uint8Array[] | undefined) ?? [] };
  }
}

/**
 * A failure after which DynamoDB may still have applied the transaction: anything but a
 * cancellation or a 4xx refusal (those are answered before anything is written).
 */
function isAmbiguous(error: unknown): boolean {
  if (error instanceof TransactionCanceledException) return false;
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  return !(typeof status === 'number' && status >= 400 && status < 500);
}

function failAll(queue: Pending[], cause: unknown): void {
  for (const member of queue.splice(0)) member.reject(new AuditUnavailableError('The audit entry could not be written', { cause }));
}

function failMember(queue: Pending[], member: Pending, error: Error): void {
  const at = queue.indexOf(member);
  if (at === -1) return;
  queue.splice(at, 1);
  member.reject(error);
}

function itemKey(item: TransactItem): string {
  const operation = item.Put ?? item.Update ?? item.ConditionCheck ?? item.Delete;
  const key = item.Put ? item.Put.Item : (operation as { Key?: Record<string, unknown> } | undefined)?.Key;
  return `${operation?.TableName}|${String(key?.['pk'])}|${String(key?.['sk'])}`;
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}
