/**
 * Sends a PHIN submission in batches (POST /v1/disclosures/batch) and resumes after interruption:
 * answered batches are skipped, the one in flight is sent again under the same requestIds, so the
 * gatekeeper logs each episode once whatever happened to the previous run.
 */
import { PhinBatchFailedError } from './errors.ts';
import type { Episode } from './input.ts';
import { loadState, readBatch, saveBatch } from './state.ts';

/** What is kept of one item's answer: enough for the released dataset, the summary and proof. */
export interface ItemResult {
  readonly requestId?: string;
  readonly status: number;
  readonly decision?: string;
  readonly reasonCodes?: readonly string[];
  readonly payload?: Record<string, unknown>;
  readonly payloadDigest?: string;
  readonly receipt?: unknown;
  readonly problem?: { readonly code?: string };
}

export type SendBatch = (requests: readonly Episode[]) => Promise<{ status: number; body: unknown }>;

export interface SubmitOptions {
  readonly episodes: readonly Episode[];
  readonly inputDigest: string;
  readonly batchSize: number;
  readonly statePath: string;
  readonly send: SendBatch;
  /** Called after each batch, answered or skipped. */
  readonly progress?: (batchesDone: number, batches: number) => void;
}

export const MAX_BATCH_SIZE = 500;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isSafeInteger(size) || size < 1 || size > MAX_BATCH_SIZE)
    throw new RangeError(`batch size must be 1–${MAX_BATCH_SIZE}`);
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

function keep(item: Record<string, unknown>): ItemResult {
  const { requestId, status, decision, reasonCodes, payload, payloadDigest, receipt, problem } = item as ItemResult &
    Record<string, unknown>;
  return {
    requestId,
    status,
    decision,
    reasonCodes,
    payload,
    payloadDigest,
    receipt,
    ...(problem ? { problem: { code: problem.code } } : {}),
  };
}

async function sendOne(send: SendBatch, batch: readonly Episode[], index: number): Promise<ItemResult[]> {
  let answer: { status: number; body: unknown };
  try {
    answer = await send(batch);
  } catch (error) {
    throw new PhinBatchFailedError(`batch ${index + 1} was not answered; run the same command again to resume`, {
      cause: error,
    });
  }
  const results = (answer.body as { results?: unknown } | null)?.results;
  if (answer.status !== 200 || !Array.isArray(results) || results.length !== batch.length) {
    const code = (answer.body as { code?: unknown } | null)?.code;
    throw new PhinBatchFailedError(
      `batch ${index + 1} answered ${answer.status}${typeof code === 'string' ? ` ${code}` : ''}; run the same command again to resume`,
    );
  }
  const kept = results.map((item) => keep(item as Record<string, unknown>));
  // An item that could not be decided for now (503) leaves its batch open: a rerun resends the
  // whole batch, and the idempotent requestIds give the decided items their stored answers back.
  const transient = kept.filter((item) => item.status >= 500).length;
  if (transient > 0)
    throw new PhinBatchFailedError(
      `batch ${index + 1}: ${transient} episode(s) could not be decided yet; run the same command again to resume`,
    );
  return kept;
}

/** Every item's result in input order, once every batch is answered. */
export async function submitEpisodes(options: SubmitOptions): Promise<ItemResult[]> {
  const batches = chunk(options.episodes, options.batchSize);
  let state = await loadState(options.statePath, {
    inputDigest: options.inputDigest,
    batchSize: options.batchSize,
    batches: batches.length,
  });
  for (const [index, batch] of batches.entries()) {
    if (!state.completed.includes(index))
      state = await saveBatch(options.statePath, state, index, await sendOne(options.send, batch, index));
    options.progress?.(index + 1, batches.length);
  }
  const all: ItemResult[] = [];
  for (let index = 0; index < batches.length; index += 1)
    all.push(...(await readBatch<ItemResult[]>(options.statePath, index)));
  return all;
}
