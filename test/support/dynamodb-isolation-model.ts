/**
 * TESTS ONLY. A DynamoDB endpoint that behaves as DynamoDB is DOCUMENTED to behave where
 * DynamoDB Local is stronger. It sits in front of DynamoDB Local and speaks the same JSON protocol,
 * so every SDK client that is pointed at it (through AWS_ENDPOINT_URL_DYNAMODB, in this process or
 * any other) takes its real code path: marshalling, retries, error deserialisation.
 *
 * What DynamoDB Local hides, and how each mode shows it (statements paraphrase the DynamoDB
 * Developer Guide, "Amazon DynamoDB Transactions: How it works", and the API Reference):
 *
 * (a) Read-committed Queries. Isolation levels for transactions: Query and Scan are read-committed
 *     against TransactWriteItems, not serializable; each item is a committed version, but one Query
 *     can return items from before and after a transaction. Only TransactGetItems reads an atomic
 *     snapshot of the items a transaction wrote. DynamoDB Local answers a Query under one lock. Here
 *     a base-table Query can be read one item at a time in sort-key order (Limit=1 pages chained by
 *     ExclusiveStartKey), yielding between items, and a test can pause it after a chosen item, run
 *     another request to completion, then release it.
 * (b) Eventually consistent indexes. After a transaction completes, its changes propagate to global
 *     secondary indexes gradually; GSI queries are eventually consistent only. DynamoDB Local
 *     updates indexes synchronously. Here index Queries can be frozen: items written after the
 *     freeze stay invisible to them until the indexes catch up.
 * (c) Transactions that commit but report failure. A timeout, a lost connection or an
 *     InternalServerError leaves the client unable to tell whether TransactWriteItems succeeded;
 *     a retry with the same ClientRequestToken is idempotent for 10 minutes (the SDK fills the
 *     token in and reuses it for its own retries). Here a chosen transaction is applied and then
 *     answered with InternalServerError, or its connection is dropped as a timeout would, and so
 *     is every retry carrying its token, as when a client runs out of attempts before the network
 *     recovers.
 *
 * Test code drives the model in-process (the methods below) or over HTTP (isolation-control-api.ts;
 * test/support/isolation.ts is its client for test workers).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  CONNECTION_LOST,
  INTERNAL_SERVER_ERROR,
  forwardCall,
  itemKey,
  readBody,
  scalar,
  type WireAnswer,
  type WireItem,
} from './dynamodb-wire.ts';
import { handleControl } from './isolation-control-api.ts';

/** How the answer of an applied transaction is lost. */
export type LostAnswer = 'internal-error' | 'connection-lost';

export interface QueryPause {
  /** The Query's partition key value contains this text (e.g. a patient id). */
  readonly partitionContains: string;
  /** Pause right after the first item read whose sort key starts with this. */
  readonly afterSortKeyPrefix: string;
}

export interface IsolationModel {
  /** The endpoint for SDK clients (AWS_ENDPOINT_URL_DYNAMODB). */
  readonly endpoint: string;
  /**
   * Every consistent base-table Query is read item by item (mode a). Between items it yields, and
   * waits up to `maxGapMs` (random), widening the window in which a concurrent write lands mid-read.
   */
  setItemByItem(on: boolean, maxGapMs?: number): void;
  /** Holds the next matching Query (read item by item) after the chosen item; returns the pause id. */
  pauseQuery(pause: QueryPause): number;
  /** Resolves once the pause has caught a Query (it is then waiting for release). */
  whenPaused(id: number): Promise<void>;
  release(id: number): void;
  /** GSI queries stop seeing writes made from now on (mode b) until `catchUpIndexes`. */
  freezeIndexes(): void;
  catchUpIndexes(): void;
  /**
   * The next TransactWriteItems whose body contains `contains` is applied, then answered with an
   * InternalServerError or by dropping the connection (mode c); so are its retries.
   */
  failAfterCommit(contains: string, how?: LostAnswer): number;
  failureFired(id: number): boolean;
  reset(): void;
  close(): Promise<void>;
}

interface ArmedPause extends QueryPause {
  state: 'armed' | 'paused';
  readonly paused: Deferred;
  readonly released: Deferred;
}

interface Deferred {
  readonly promise: Promise<void>;
  resolve(): void;
}

/** Tokens of transactions whose answers are lost; bounded, a test run loses few. */
const MAX_LOST_TOKENS = 1000;

export async function startIsolationModel(options: { backend: string; host?: string }): Promise<IsolationModel> {
  const host = options.host ?? '127.0.0.1';
  const model = new DynamoDbIsolationModel(options.backend.replace(/\/$/, ''));
  const port = await model.listen(host);
  return Object.assign(model, { endpoint: `http://${host}:${port}` });
}

class DynamoDbIsolationModel implements IsolationModel {
  endpoint = '';
  readonly #backend: string;
  readonly #server: Server;
  #nextId = 1;
  #itemByItem = false;
  #maxGapMs = 0;
  /** Writes are numbered as they pass; a frozen index sees only those numbered up to `#frozenAt`. */
  #writes = 0;
  #frozenAt: number | undefined;
  readonly #pauses = new Map<number, ArmedPause>();
  readonly #failures = new Map<number, { readonly contains: string; readonly how: LostAnswer; fired: boolean }>();
  /** Tokens of transactions whose answers are lost, with how (their retries are answered the same way). */
  readonly #lostTokens = new Map<string, WireAnswer>();
  /** The number of the last write of each item (table|pk|sk) through the model, for index lag. */
  readonly #writtenAt = new Map<string, number>();

  constructor(backend: string) {
    this.#backend = backend;
    this.#server = createServer((request, response) => {
      this.#serve(request, response).catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(
          JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: String(error) }),
        );
      });
    });
  }

  listen(host: string): Promise<number> {
    return new Promise((resolve) =>
      this.#server.listen(0, host, () => {
        const address = this.#server.address();
        resolve(typeof address === 'object' && address ? address.port : 0);
      }),
    );
  }

  setItemByItem(on: boolean, maxGapMs = 0): void {
    this.#itemByItem = on;
    this.#maxGapMs = maxGapMs;
  }

  pauseQuery(pause: QueryPause): number {
    const id = this.#nextId++;
    this.#pauses.set(id, { ...pause, state: 'armed', paused: deferred(), released: deferred() });
    return id;
  }

  whenPaused(id: number): Promise<void> {
    return this.#pauses.get(id)?.paused.promise ?? Promise.reject(new Error(`no pause ${id}`));
  }

  release(id: number): void {
    this.#pauses.get(id)?.released.resolve();
    this.#pauses.delete(id);
  }

  freezeIndexes(): void {
    this.#frozenAt = this.#writes;
  }

  catchUpIndexes(): void {
    this.#frozenAt = undefined;
  }

  failAfterCommit(contains: string, how: LostAnswer = 'internal-error'): number {
    const id = this.#nextId++;
    this.#failures.set(id, { contains, how, fired: false });
    return id;
  }

  failureFired(id: number): boolean {
    return this.#failures.get(id)?.fired ?? false;
  }

  reset(): void {
    for (const id of [...this.#pauses.keys()]) this.release(id);
    this.#failures.clear();
    this.setItemByItem(false);
    this.catchUpIndexes();
  }

  close(): Promise<void> {
    this.reset();
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  async #serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    if (request.url?.startsWith('/_isolation'))
      return handleControl(this, request.method ?? 'GET', request.url, body, response);
    const target =
      String(request.headers['x-amz-target'] ?? '')
        .split('.')
        .pop() ?? '';
    const input = body === '' ? {} : (JSON.parse(body) as Record<string, unknown>);
    const answer = await this.#answer(request.headers, target, body, input);
    if (answer.reset) return void request.socket.destroy();
    response.writeHead(answer.status, {
      'content-type': 'application/x-amz-json-1.0',
      ...(answer.crc ? { 'x-amz-crc32': answer.crc } : {}),
    });
    response.end(answer.text);
  }

  async #answer(
    headers: IncomingMessage['headers'],
    target: string,
    body: string,
    input: Record<string, unknown>,
  ): Promise<WireAnswer> {
    if (target === 'Query' && this.#wantsItemByItem(input)) return this.#queryItemByItem(headers, input);
    if (target === 'TransactWriteItems') return this.#transact(headers, body, input);
    const answer = await forwardCall(this.#backend, headers, target, body);
    if (target === 'Query' && input['IndexName'] !== undefined) return this.#lagIndex(input, answer);
    if (answer.status === 200 && ['PutItem', 'UpdateItem', 'DeleteItem'].includes(target)) this.#noteWrites(input);
    return answer;
  }

  #wantsItemByItem(input: Record<string, unknown>): boolean {
    if (input['IndexName'] !== undefined || input['ConsistentRead'] !== true) return false;
    if (this.#itemByItem) return true;
    const values = JSON.stringify(input['ExpressionAttributeValues'] ?? {});
    return [...this.#pauses.values()].some(
      (pause) => pause.state === 'armed' && values.includes(pause.partitionContains),
    );
  }

  /** Mode (a): one item per backend read, in sort-key order, each read-committed on its own. */
  async #queryItemByItem(headers: IncomingMessage['headers'], input: Record<string, unknown>): Promise<WireAnswer> {
    const items: WireItem[] = [];
    const limit = typeof input['Limit'] === 'number' ? input['Limit'] : Infinity;
    let scanned = 0;
    let startKey = input['ExclusiveStartKey'] as WireItem | undefined;
    do {
      const page = await forwardCall(
        this.#backend,
        headers,
        'Query',
        JSON.stringify({ ...input, Limit: 1, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }),
      );
      if (page.status !== 200) return page;
      const parsed = JSON.parse(page.text) as {
        Items?: WireItem[];
        ScannedCount?: number;
        LastEvaluatedKey?: WireItem;
      };
      scanned += parsed.ScannedCount ?? 0;
      startKey = parsed.LastEvaluatedKey;
      for (const item of parsed.Items ?? []) {
        items.push(item);
        await this.#holdIfPaused(item);
      }
      // Let concurrent requests run between item reads, as they may on a real partition.
      await new Promise((resolve) =>
        this.#maxGapMs > 0 ? setTimeout(resolve, Math.random() * this.#maxGapMs) : setImmediate(resolve),
      );
    } while (startKey && scanned < limit);
    const answer = {
      Items: items,
      Count: items.length,
      ScannedCount: scanned,
      ...(startKey ? { LastEvaluatedKey: startKey } : {}),
    };
    return { status: 200, text: JSON.stringify(answer), crc: null };
  }

  async #holdIfPaused(item: WireItem): Promise<void> {
    const [pk, sk] = [scalar(item['pk']), scalar(item['sk'])];
    const pause = [...this.#pauses.values()].find(
      (armed) =>
        armed.state === 'armed' && pk.includes(armed.partitionContains) && sk.startsWith(armed.afterSortKeyPrefix),
    );
    if (!pause) return;
    pause.state = 'paused';
    pause.paused.resolve();
    await pause.released.promise;
  }

  /** Mode (b): an index Query sees only items whose latest write the index has caught up with. */
  #lagIndex(input: Record<string, unknown>, answer: WireAnswer): WireAnswer {
    const frozenAt = this.#frozenAt;
    if (frozenAt === undefined || answer.status !== 200) return answer;
    const parsed = JSON.parse(answer.text) as { Items?: WireItem[] };
    const table = String(input['TableName']);
    const visible = (parsed.Items ?? []).filter((item) => (this.#writtenAt.get(itemKey(table, item)) ?? 0) <= frozenAt);
    return { status: 200, text: JSON.stringify({ ...parsed, Items: visible, Count: visible.length }), crc: null };
  }

  /** Mode (c): apply the transaction, then lose its answer and the answers of its retries. */
  async #transact(
    headers: IncomingMessage['headers'],
    body: string,
    input: Record<string, unknown>,
  ): Promise<WireAnswer> {
    const token = typeof input['ClientRequestToken'] === 'string' ? input['ClientRequestToken'] : undefined;
    const lost = token === undefined ? undefined : this.#lostTokens.get(token);
    if (lost) return lost;
    const answer = await forwardCall(this.#backend, headers, 'TransactWriteItems', body);
    if (answer.status !== 200) return answer;
    this.#noteWrites(input);
    const failure = [...this.#failures.values()].find((armed) => !armed.fired && body.includes(armed.contains));
    if (!failure) return answer;
    failure.fired = true;
    const answered = failure.how === 'connection-lost' ? CONNECTION_LOST : INTERNAL_SERVER_ERROR;
    if (token !== undefined && this.#lostTokens.size < MAX_LOST_TOKENS) this.#lostTokens.set(token, answered);
    return answered;
  }

  #noteWrites(input: Record<string, unknown>): void {
    const write = ++this.#writes;
    const note = (table: unknown, key: unknown) => {
      if (typeof table === 'string' && key && typeof key === 'object')
        this.#writtenAt.set(itemKey(table, key as WireItem), write);
    };
    for (const action of (input['TransactItems'] as Array<Record<string, Record<string, unknown>>> | undefined) ?? []) {
      note(action['Put']?.['TableName'], action['Put']?.['Item']);
      note(action['Update']?.['TableName'], action['Update']?.['Key']);
      note(action['Delete']?.['TableName'], action['Delete']?.['Key']);
    }
    note(input['TableName'], input['Item'] ?? input['Key']);
  }
}

function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
