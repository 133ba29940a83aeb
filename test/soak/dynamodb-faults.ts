/**
 * TESTS ONLY. A DynamoDB endpoint that injects seeded random faults in front of another endpoint
 * (the isolation model, itself in front of DynamoDB Local). It speaks DynamoDB's JSON protocol, so
 * every SDK client pointed at it, in this process or in a child process, takes its real code path:
 * error deserialisation, retry classification, backoff, ClientRequestToken reuse.
 *
 * Faults are injected on the wire rather than by an SDK middleware inside the functions: a proxy
 * reaches every process's clients without a test hook in production code, and what it answers is
 * exactly what DynamoDB answers. It never invents an answer DynamoDB would not give: a conditional
 * check fails only for real (clients race on the same patients and logs), never by decree.
 *
 *   throttle          400 ProvisionedThroughputExceededException, nothing applied
 *   unavailable       500 InternalServerError, nothing applied
 *   conflict          TransactWriteItems: TransactionCanceledException [TransactionConflict], nothing applied
 *   dropBefore        the connection is cut before the call is forwarded (a timeout, nothing applied)
 *   commitThenError   a write is applied, then answered 500
 *   commitThenDrop    a write is applied, then the connection is cut (a timeout after commit)
 *
 * After a commit-then-fault, every retry carrying the same ClientRequestToken meets the same fault
 * (as when the client runs out of attempts before the network recovers), so the service must
 * answer without knowing whether its transaction committed.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { forwardCall, readBody, type WireAnswer } from '../support/dynamodb-wire.ts';
import { SeededRandom } from './random.ts';

export const DYNAMO_FAULT_KINDS = [
  'throttle',
  'unavailable',
  'conflict',
  'dropBefore',
  'commitThenError',
  'commitThenDrop',
] as const;
export type DynamoFaultKind = (typeof DYNAMO_FAULT_KINDS)[number];
/** Probability per call of each fault; absent = never. The sum should stay well below 1. */
export type DynamoFaultRates = Partial<Record<DynamoFaultKind, number>>;

export interface DynamoFaultProxy {
  readonly endpoint: string;
  setRates(rates: DynamoFaultRates): void;
  /** How many of each fault were injected, how many calls passed, how many were transactions. */
  counts(): Readonly<Record<DynamoFaultKind | 'calls' | 'transactions', number>>;
  close(): Promise<void>;
}

const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'TransactWriteItems', 'BatchWriteItem']);
const PREFIX = 'com.amazonaws.dynamodb.v20120810#';
const MAX_LOST_TOKENS = 10_000;

export async function startDynamoFaultProxy(options: {
  backend: string;
  seed: number;
  host?: string;
}): Promise<DynamoFaultProxy> {
  const proxy = new FaultProxy(options.backend.replace(/\/$/, ''), new SeededRandom(options.seed));
  const host = options.host ?? '127.0.0.1';
  const port = await proxy.listen(host);
  return Object.assign(proxy, { endpoint: `http://${host}:${port}` });
}

class FaultProxy implements DynamoFaultProxy {
  endpoint = '';
  readonly #backend: string;
  readonly #random: SeededRandom;
  readonly #server: Server;
  #rates: DynamoFaultRates = {};
  readonly #counts: Record<DynamoFaultKind | 'calls' | 'transactions', number> = {
    calls: 0,
    transactions: 0,
    throttle: 0,
    unavailable: 0,
    conflict: 0,
    dropBefore: 0,
    commitThenError: 0,
    commitThenDrop: 0,
  };
  /** Tokens of transactions whose answer was lost, with the fault their retries meet again. */
  readonly #lostTokens = new Map<string, 'commitThenError' | 'commitThenDrop'>();

  constructor(backend: string, random: SeededRandom) {
    this.#backend = backend;
    this.#random = random;
    this.#server = createServer((request, response) => {
      this.#serve(request, response).catch(() => response.socket?.destroy());
    });
    this.#server.keepAliveTimeout = 5_000;
  }

  listen(host: string): Promise<number> {
    return new Promise((resolve) =>
      this.#server.listen(0, host, () => {
        const address = this.#server.address();
        resolve(typeof address === 'object' && address ? address.port : 0);
      }),
    );
  }

  setRates(rates: DynamoFaultRates): void {
    this.#rates = { ...rates };
  }

  counts() {
    return { ...this.#counts };
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  async #serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const target =
      String(request.headers['x-amz-target'] ?? '')
        .split('.')
        .pop() ?? '';
    this.#counts.calls += 1;
    if (target === 'TransactWriteItems') this.#counts.transactions += 1;
    const token = /"ClientRequestToken":"([^"]+)"/.exec(body)?.[1];
    const lost = token === undefined ? undefined : this.#lostTokens.get(token);
    if (lost !== undefined) return this.#lose(lost, response);
    const fault = this.#choose(target);
    if (fault !== undefined) this.#counts[fault] += 1;
    if (fault === 'dropBefore') return void response.socket?.destroy();
    if (fault === 'throttle')
      return send(
        response,
        error(
          400,
          'ProvisionedThroughputExceededException',
          'The level of configured provisioned throughput for the table was exceeded.',
        ),
      );
    if (fault === 'unavailable') return send(response, error(500, 'InternalServerError', 'Internal server error'));
    if (fault === 'conflict') return send(response, conflict(body));
    const answer = await forwardCall(this.#backend, request.headers, target, body);
    if (answer.status !== 200 || (fault !== 'commitThenError' && fault !== 'commitThenDrop'))
      return send(response, answer);
    if (token !== undefined) this.#remember(token, fault);
    return this.#lose(fault, response);
  }

  #choose(target: string): DynamoFaultKind | undefined {
    const write = WRITES.has(target);
    let roll = this.#random.next();
    for (const kind of DYNAMO_FAULT_KINDS) {
      const applies = kind === 'conflict' ? target === 'TransactWriteItems' : kind.startsWith('commit') ? write : true;
      const rate = applies ? (this.#rates[kind] ?? 0) : 0;
      if (roll < rate) return kind;
      roll -= rate;
    }
    return undefined;
  }

  #remember(token: string, fault: 'commitThenError' | 'commitThenDrop'): void {
    if (this.#lostTokens.size >= MAX_LOST_TOKENS) this.#lostTokens.delete(this.#lostTokens.keys().next().value!);
    this.#lostTokens.set(token, fault);
  }

  #lose(fault: 'commitThenError' | 'commitThenDrop', response: ServerResponse): void {
    if (fault === 'commitThenDrop') return void response.socket?.destroy();
    send(response, error(500, 'InternalServerError', 'Internal server error'));
  }
}

function error(status: number, type: string, message: string): WireAnswer {
  return { status, text: JSON.stringify({ __type: `${PREFIX}${type}`, message }), crc: null };
}

/** One item of the transaction conflicts with another transaction in flight; the rest had no reason. */
function conflict(body: string): WireAnswer {
  const items = ((JSON.parse(body) as { TransactItems?: unknown[] }).TransactItems ?? []).length;
  const reasons = Array.from({ length: Math.max(1, items) }, (_, i) =>
    i === 0 ? { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' } : { Code: 'None' },
  );
  return {
    status: 400,
    text: JSON.stringify({
      __type: `${PREFIX}TransactionCanceledException`,
      message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]',
      CancellationReasons: reasons,
    }),
    crc: null,
  };
}

function send(response: ServerResponse, answer: WireAnswer): void {
  response.writeHead(answer.status, {
    'content-type': 'application/x-amz-json-1.0',
    ...(answer.crc ? { 'x-amz-crc32': answer.crc } : {}),
  });
  response.end(answer.text);
}
