/**
 * Resume state of one submission: which batches the gatekeeper has answered, and their results.
 * Each answered batch is written to its own file before the state names it complete, and both are
 * written atomically (temp file + rename), so an interruption at any point loses at most the batch
 * in flight, which the next run sends again under the same requestIds (answered idempotently).
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PhinStateMismatchError } from './errors.ts';

export interface SubmissionState {
  readonly version: 1;
  /** sha-256 of the input bytes: a state belongs to exactly one input. */
  readonly inputDigest: string;
  readonly batchSize: number;
  readonly batches: number;
  readonly completed: number[];
}

export function inputDigest(bytes: string | Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** `month.state.json` → `month.state.batches/` holds one results file per answered batch. */
export function batchesDir(statePath: string): string {
  return statePath.replace(/\.json$/u, '') + '.batches';
}

export function batchFile(statePath: string, index: number): string {
  return join(batchesDir(statePath), `${String(index + 1).padStart(5, '0')}.json`);
}

export async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text, { mode: 0o600 });
  await rename(temporary, path);
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The saved state, or a fresh one; refuses a state made for another input or batch size. */
export async function loadState(
  statePath: string,
  fresh: Omit<SubmissionState, 'completed' | 'version'>,
): Promise<SubmissionState> {
  const saved = await readJson<SubmissionState>(statePath);
  if (!saved) return { version: 1, ...fresh, completed: [] };
  if (
    saved.inputDigest !== fresh.inputDigest ||
    saved.batchSize !== fresh.batchSize ||
    saved.batches !== fresh.batches
  ) {
    throw new PhinStateMismatchError(
      `${statePath} belongs to another input or batch size; use another --state or remove it`,
    );
  }
  return saved;
}

export async function saveBatch<T>(
  statePath: string,
  state: SubmissionState,
  index: number,
  results: T,
): Promise<SubmissionState> {
  await writeAtomically(batchFile(statePath, index), JSON.stringify(results));
  const next: SubmissionState = {
    ...state,
    completed: [...new Set([...state.completed, index])].sort((a, b) => a - b),
  };
  await writeAtomically(statePath, JSON.stringify(next, null, 2));
  return next;
}

export async function readBatch<T>(statePath: string, index: number): Promise<T> {
  const results = await readJson<T>(batchFile(statePath, index));
  if (results === undefined)
    throw new PhinStateMismatchError(`results of batch ${index + 1} are missing; remove ${statePath} and run again`);
  return results;
}
