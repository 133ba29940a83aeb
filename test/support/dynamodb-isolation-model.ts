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
 *     answered with InternalServerError, and so is every retry carrying its token, as when a client
 *     runs out of attempts before the network recovers.
 *
 * Test code drives the model in-process (the methods below) or over HTTP (isolation-control.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { handleControl } from './isolation-control-api.ts';

type AttributeValue = Record<string, unknown>;
type Item = Record<string, AttributeValue>;

export interface QueryPause {
  /** The Query's partition key value contains this text (e.g. a patient id). */
  readonly partitionContains: string;
  /** Pause right after the first item read whose sort key starts with this. */
  readonly afterSortKeyPrefix: string;
}

interface ArmedPause extends QueryPause {
  readonly id: number;
  state: 'armed' | 'paused' | 'released';
  readonly paused: Deferred;
  readonly released: Deferred;
}

interface ArmedFailure {
  readonly id: number;
  /** Text the transaction's request body contains (e.g. a patient or request id). */
  readonly contains: string;
  fired: boolean;
}

export interface IsolationModel {
  /** The endpoint for SDK clients (AWS_ENDPOINT_URL_DYNAMODB). */
  readonly endpoint: string;
  /**
   * Every consistent base-table Query is read item by item (mode a). Between items it yields, and
   * waits up to `maxGapMs` (random), widening the window in which a concurrent write lands mid-read.
   */
  setItemByItem(on: boolean, maxGapMs?: number): void;
  pauseQuery(pause: QueryPause): number;
  /** Resolves once the pause has caught a Query (it is then waiting for release). */
  whenPaused(id: number): Promise<void>;
  release(id: number): void;
  /** GSI queries stop seeing new writes (mode b) until `catchUpIndexes`. */
  freezeIndexes(): void;
  catchUpIndexes(): void;
  /** The next TransactWriteItems whose body contains `contains` commits, then answers 500 (mode c). */
  failAfterCommit(contains: string): number;
  failureFired(id: number): boolean;
  reset(): void;
  close(): Promise<void>;
}

interface Deferred {
  readonly promise: Promise<void>;
  resolve(): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const INTERNAL_ERROR = JSON.stringify({
  __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
  message: 'Internal server error (isolation model: the transaction was applied, the answer lost)',
});
/** Tokens of transactions whose answers are lost; bounded, a test run answers few of them. */
const MAX_LOST_TOKENS = 1000;

export async function startIsolationModel(options: { backend: string; host?: string }): Promise<IsolationModel> {
  const backend = options.backend.replace(/\/$/, '');
  let nextId = 1;
  let itemByItem = false;
  let maxGapMs = 0;
  let frozenAt: number | undefined;
  const pauses = new Map<number, ArmedPause>();
  const failures = new Map<number, ArmedFailure>();
  const lostTokens = new Set<string>();
  /** When each item (table|pk|sk) was last written through the model, for index lag. */
  const writtenAt = new Map<string, number>();

  async function forward(target: string, headers: IncomingMessage['headers'], body: string) {
    const response = await fetch(`${backend}/`, { method: 'POST', headers: forwardedHeaders(headers, target), body });
    return { status: response.status, text: await response.text(), crc: response.headers.get('x-amz-crc32') };
  }

  function pauseFor(pk: string, sk: string): ArmedPause | undefined {
    for (const pause of pauses.values()) {
      if (pause.state === 'armed' && pk.includes(pause.partitionContains) && sk.startsWith(pause.afterSortKeyPrefix)) return pause;
    }
    return undefined;
  }

  function wantsItemByItem(input: Record<string, unknown>): boolean {
    if (input['IndexName'] !== undefined || input['ConsistentRead'] !== true) return false;
    if (itemByItem) return true;
    const key = JSON.stringify(input['ExpressionAttributeValues'] ?? {});
    return [...pauses.values()].some((pause) => pause.state === 'armed' && key.includes(pause.partitionContains));
  }

  /** Mode (a): one item per backend read, in sort-key order, each read-committed on its own. */
  async function queryItemByItem(headers: IncomingMessage['headers'], input: Record<string, unknown>) {
    const items: Item[] = [];
    const limit = typeof input['Limit'] === 'number' ? input['Limit'] : Infinity;
    let scanned = 0;
    let startKey = input['ExclusiveStartKey'] as Item | undefined;
    do {
      const page = await forward('Query', headers, JSON.stringify({ ...input, Limit: 1, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }));
      if (page.status !== 200) return page;
      const parsed = JSON.parse(page.text) as { Items?: Item[]; ScannedCount?: number; LastEvaluatedKey?: Item };
      scanned += parsed.ScannedCount ?? 0;
      startKey = parsed.LastEvaluatedKey;
      for (const item of parsed.Items ?? []) {
        items.push(item);
        const pause = pauseFor(scalar(item['pk']), scalar(item['sk']));
        if (pause) {
          pause.state = 'paused';
          pause.paused.resolve();
          await pause.released.promise;
        }
      }
      // Let concurrent requests run between item reads, as a real partition would.
      await new Promise((resolve) => (maxGapMs > 0 ? setTimeout(resolve, Math.random() * maxGapMs) : setImmediate(resolve)));
    } while (startKey && scanned < limit);
    const answer = { Items: items, Count: items.length, ScannedCount: scanned, ...(startKey ? { LastEvaluatedKey: startKey } : {}) };
    return { status: 200, text: JSON.stringify(answer), crc: null };
  }

  /** Mode (b): an index Query sees only items whose latest write the index has caught up with. */
  function lagIndex(input: Record<string, unknown>, page: { status: number; text: string; crc: string | null }) {
    if (frozenAt === undefined || page.status !== 200) return page;
    const parsed = JSON.parse(page.text) as { Items?: Item[]; Count?: number };
    const table = String(input['TableName']);
    const visible = (parsed.Items ?? []).filter((item) => (writtenAt.get(itemKey(table, item)) ?? 0) <= frozenAt!);
    return { status: 200, text: JSON.stringify({ ...parsed, Items: visible, Count: visible.length }), crc: null };
  }

  /** Mode (c): apply the transaction, then lose its answer (and the answers of its retries). */
  async function transact(headers: IncomingMessage['headers'], body: string, input: Record<string, unknown>) {
    const token = typeof input['ClientRequestToken'] === 'string' ? input['ClientRequestToken'] : undefined;
    if (token !== undefined && lostTokens.has(token)) return { status: 500, text: INTERNAL_ERROR, crc: null };
    const page = await forward('TransactWriteItems', headers, body);
    if (page.status === 200) noteWrites(input);
    const failure = [...failures.values()].find((armed) => !armed.fired && body.includes(armed.contains));
    if (!failure || page.status !== 200) return page;
    failure.fired = true;
    if (token !== undefined && lostTokens.size < MAX_LOST_TOKENS) lostTokens.add(token);
    return { status: 500, text: INTERNAL_ERROR, crc: null };
  }

  function noteWrites(input: Record<string, unknown>): void {
    const now = Date.now();
    const note = (table: unknown, key: unknown) => {
      if (typeof table === 'string' && key && typeof key === 'object') writtenAt.set(itemKey(table, key as Item), now);
    };
    for (const transactItem of (input['TransactItems'] as Array<Record<string, Record<string, unknown>>> | undefined) ?? []) {
      note(transactItem['Put']?.['TableName'], transactItem['Put']?.['Item']);
      note(transactItem['Update']?.['TableName'], transactItem['Update']?.['Key']);
      note(transactItem['Delete']?.['TableName'], transactItem['Delete']?.['Key']);
    }
    if (input['Item']) note(input['TableName'], input['Item']);
    if (input['Key']) note(input['TableName'], input['Key']);
  }

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    if (request.url?.startsWith('/_isolation')) return handleControl(model, request.method ?? 'GET', request.url, body, response);
    const target = String(request.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
    const input = body === '' ? {} : (JSON.parse(body) as Record<string, unknown>);
    let page: { status: number; text: string; crc: string | null };
    if (target === 'Query' && wantsItemByItem(input)) page = await queryItemByItem(request.headers, input);
    else if (target === 'TransactWriteItems') page = await transact(request.headers, body, input);
    else {
      page = await forward(target, request.headers, body);
      if (target === 'Query' && input['IndexName'] !== undefined) page = lagIndex(input, page);
      else if (page.status === 200 && ['PutItem', 'UpdateItem', 'DeleteItem'].includes(target)) noteWrites(input);
    }
    response.writeHead(page.status, { 'content-type': 'application/x-amz-json-1.0', ...(page.crc ? { 'x-amz-crc32': page.crc } : {}) });
    response.end(page.text);
  }

  const server: Server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: String(error) }));
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const model: IsolationModel = {
    endpoint: `http://${host}:${port}`,
    setItemByItem: (on, gap = 0) => {
      itemByItem = on;
      maxGapMs = gap;
    },
    pauseQuery: (pause) => {
      const id = nextId++;
      pauses.set(id, { ...pause, id, state: 'armed', paused: deferred(), released: deferred() });
      return id;
    },
    whenPaused: (id) => pauses.get(id)?.paused.promise ?? Promise.reject(new Error(`no pause ${id}`)),
    release: (id) => {
      const pause = pauses.get(id);
      if (!pause) return;
      pause.state = 'released';
      pause.released.resolve();
      pauses.delete(id);
    },
    freezeIndexes: () => void (frozenAt = Date.now()),
    catchUpIndexes: () => void (frozenAt = undefined),
    failAfterCommit: (contains) => {
      const id = nextId++;
      failures.set(id, { id, contains, fired: false });
      return id;
    },
    failureFired: (id) => failures.get(id)?.fired ?? false,
    reset: () => {
      for (const id of [...pauses.keys()]) model.release(id);
      failures.clear();
      itemByItem = false;
      maxGapMs = 0;
      frozenAt = undefined;
    },
    close: () => {
      model.reset();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return model;
}

function forwardedHeaders(headers: IncomingMessage['headers'], target: string): Record<string, string> {
  const kept: Record<string, string> = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${target}` };
  // DynamoDB Local reads the credential scope from the signature but does not check it against the body.
  for (const name of ['authorization', 'x-amz-date', 'x-amz-security-token', 'amz-sdk-invocation-id', 'user-agent']) {
    const value = headers[name];
    if (typeof value === 'string') kept[name] = value;
  }
  return kept;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** The text of a key attribute (S or N), for matching and for the index-lag ledger. */
function scalar(value: AttributeValue | undefined): string {
  const text = value?.['S'] ?? value?.['N'];
  return typeof text === 'string' ? text : '';
}

/** Every table here keys items by `pk` (and `sk` where it has one): infra/tables.ts. */
function itemKey(table: string, item: Item): string {
  return `${table}|${scalar(item['pk'])}|${scalar(item['sk'])}`;
}
