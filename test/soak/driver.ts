/**
 * TESTS ONLY. Sends the soak's operations from several signed clients at once and classifies each
 * answer as a caller must: ok (2xx), failed (a 4xx refusal: nothing to retry) or indeterminate
 * (5xx, 429, a cut connection or a timeout: it may or may not have happened). An indeterminate
 * operation is retried with the SAME body (so the same requestId or record id) and a fresh
 * signature, from the same client (a requestId is idempotent within its client), until it settles
 * or its attempts run out; `settle` retries whatever is left once the faults are off.
 */
import type { GatekeeperClient } from '../../shared/client/index.ts';
import type { SoakOp } from './workload.ts';

export type Classification = 'ok' | 'failed' | 'indeterminate';

/** A signed client and the id it signs as (the scope of its requestIds). */
export interface SoakClient {
  readonly clientId: string;
  readonly client: GatekeeperClient;
}

export interface OpRecord {
  readonly op: SoakOp;
  readonly client: SoakClient;
  /** When the first attempt was sent (ms since the epoch): later-sent requests must see earlier answered writes. */
  readonly firstSentAt: number;
  /** The first attempt's class, before any retry. */
  readonly firstClass: Classification;
  attempts: number;
  outcome: Classification;
  status: number | 'network';
  body: unknown;
  answeredAt: number;
}

export interface DriverOptions {
  readonly clients: Readonly<Record<SoakOp['role'], readonly SoakClient[]>>;
  /** Requests in flight at once. */
  readonly concurrency: number;
  /** Attempts per operation while faults are on, including the first. */
  readonly attempts: number;
  /** The run stops drawing new operations after this time (ms since the epoch). */
  readonly deadline: number;
  readonly onOk?: (record: OpRecord) => void;
}

const BACKOFF_MS = [20, 60, 150, 300, 600];

/** Runs `count` operations drawn from `next`, `concurrency` at a time; bounded by count and deadline. */
export async function runOperations(next: () => SoakOp, count: number, options: DriverOptions): Promise<OpRecord[]> {
  const records: OpRecord[] = [];
  let drawn = 0;
  const lane = async (): Promise<void> => {
    while (drawn < count && Date.now() < options.deadline) {
      drawn += 1;
      const op = next();
      const pool = options.clients[op.role];
      const record = await send(op, pool[op.n % pool.length]!);
      records.push(record);
      await retry(record, options.attempts - 1, options);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, lane));
  return records;
}

/** Retries every indeterminate record (faults off), at most `rounds` times each. */
export async function settle(
  records: readonly OpRecord[],
  rounds: number,
  options: Pick<DriverOptions, 'onOk' | 'concurrency'>,
): Promise<void> {
  const pending = records.filter((record) => record.outcome === 'indeterminate');
  const lane = async (): Promise<void> => {
    for (let record = pending.shift(); record !== undefined; record = pending.shift())
      await retry(record, rounds, options);
  };
  await Promise.all(Array.from({ length: options.concurrency }, lane));
}

async function retry(record: OpRecord, times: number, options: Pick<DriverOptions, 'onOk'>): Promise<void> {
  for (let i = 0; i < times && record.outcome === 'indeterminate'; i++) {
    await sleep(BACKOFF_MS[Math.min(i, BACKOFF_MS.length - 1)]!);
    const answer = await attempt(record.op, record.client);
    Object.assign(record, answer, { attempts: record.attempts + 1 });
  }
  if (record.outcome === 'ok') options.onOk?.(record);
}

async function send(op: SoakOp, client: SoakClient): Promise<OpRecord> {
  const firstSentAt = Date.now();
  const answer = await attempt(op, client);
  return { op, client, firstSentAt, firstClass: answer.outcome, attempts: 1, ...answer };
}

async function attempt(
  op: SoakOp,
  { client }: SoakClient,
): Promise<Pick<OpRecord, 'outcome' | 'status' | 'body' | 'answeredAt'>> {
  try {
    const { status, body } = await client.request(op.method, op.path, op.body);
    return { outcome: classify(status, body), status, body, answeredAt: Date.now() };
  } catch {
    return { outcome: 'indeterminate', status: 'network', body: undefined, answeredAt: Date.now() };
  }
}

/** A batch answered 200 is indeterminate while any of its requests is: retrying it is safe and settles them. */
export function classify(status: number, body: unknown): Classification {
  if (status >= 500 || status === 429) return 'indeterminate';
  if (status >= 400) return 'failed';
  const results = (body as { results?: Array<{ status?: number }> } | undefined)?.results;
  if (Array.isArray(results) && results.some((result) => (result.status ?? 0) >= 500)) return 'indeterminate';
  return 'ok';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
