/**
 * Timing and summary helpers. Every loop here is bounded twice: by a count and by a deadline, so a
 * slow or stuck machine shortens a measurement (the table then shows the smaller n) instead of
 * hanging the run.
 */
export interface Summary {
  readonly n: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/** Nearest-rank percentiles over the samples (any unit; the caller knows which). */
export function summarise(samples: readonly number[]): Summary {
  if (samples.length === 0)
    return { n: 0, mean: Number.NaN, p50: Number.NaN, p90: Number.NaN, p99: Number.NaN, max: Number.NaN };
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    n: sorted.length,
    mean: total / sorted.length,
    p50: at(50),
    p90: at(90),
    p99: at(99),
    max: sorted[sorted.length - 1]!,
  };
}

/** Milliseconds since an arbitrary origin, sub-microsecond resolution. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export interface Bounds {
  /** Measured iterations (after warm-up). */
  readonly count: number;
  /** Iterations run first and thrown away. */
  readonly warmup?: number;
  /** Wall-clock cap for the measured part; the loop stops early when it is reached. */
  readonly maxMs: number;
}

/** Runs `op` sequentially; returns per-operation latencies in ms and the wall time. */
export async function measureSequential(
  bounds: Bounds,
  op: (i: number) => Promise<unknown>,
): Promise<{ samples: number[]; wallMs: number }> {
  const warmup = bounds.warmup ?? 0;
  for (let i = 0; i < warmup; i += 1) await op(i);
  const samples: number[] = [];
  const start = nowMs();
  const deadline = start + bounds.maxMs;
  for (let i = 0; i < bounds.count && nowMs() < deadline; i += 1) {
    const t0 = nowMs();
    await op(warmup + i);
    samples.push(nowMs() - t0);
  }
  return { samples, wallMs: nowMs() - start };
}

/**
 * Runs `total` operations with `concurrency` workers pulling from one counter; worker w runs
 * op(index, w). Returns per-operation latencies in ms and the wall time (throughput = n / wall).
 */
export async function measureConcurrent(
  bounds: { total: number; concurrency: number; maxMs: number },
  op: (index: number, worker: number) => Promise<unknown>,
): Promise<{ samples: number[]; wallMs: number }> {
  const samples: number[] = [];
  let next = 0;
  const start = nowMs();
  const deadline = start + bounds.maxMs;
  const worker = async (w: number) => {
    while (next < bounds.total && nowMs() < deadline) {
      const index = next;
      next += 1;
      const t0 = nowMs();
      await op(index, w);
      samples.push(nowMs() - t0);
    }
  };
  await Promise.all(Array.from({ length: bounds.concurrency }, (_, w) => worker(w)));
  return { samples, wallMs: nowMs() - start };
}

export function perSecond(count: number, wallMs: number): number {
  return wallMs > 0 ? (count * 1000) / wallMs : Number.NaN;
}

/** Fixed-precision number for tables: 3 significant digits below 100, integers above. */
export function fmt(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return '–';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-GB');
  return Number(value.toPrecision(digits)).toString();
}

/**
 * Runs the operations in turn, one of each per round, so a baseline and the thing compared with it
 * see the same machine load (other work on a shared machine drifts over seconds).
 */
export async function measureInterleaved(
  bounds: Bounds,
  ops: ReadonlyArray<(i: number) => Promise<unknown>>,
): Promise<Array<{ samples: number[]; wallMs: number }>> {
  const warmup = bounds.warmup ?? 0;
  for (let i = 0; i < warmup; i += 1) for (const op of ops) await op(i);
  const results = ops.map(() => ({ samples: [] as number[], wallMs: 0 }));
  const deadline = nowMs() + bounds.maxMs;
  for (let i = 0; i < bounds.count && nowMs() < deadline; i += 1) {
    for (const [k, op] of ops.entries()) {
      // A turn of the event loop first, so what the previous operation left queued (an HTTP
      // response's bookkeeping, the server's after-work) is not charged to this one.
      await new Promise((resolve) => setImmediate(resolve));
      const t0 = nowMs();
      await op(warmup + i);
      const elapsed = nowMs() - t0;
      results[k]!.samples.push(elapsed);
      results[k]!.wallMs += elapsed;
    }
  }
  return results;
}

/**
 * Runs each operation's `total` in `rounds` shares, one operation at a time at the given
 * concurrency, turning the order by one each round. A baseline measured in one block right after
 * the thing compared with it sees another store: DynamoDB Local on two cores slows and recovers
 * over seconds, so two blocks of the same run disagreed by more than the goals they judged.
 * Samples and walls are summed per operation; a share never waits for another's stragglers.
 */
export async function measureConcurrentRounds(
  bounds: { total: number; concurrency: number; rounds: number; maxMs: number },
  ops: ReadonlyArray<(index: number, worker: number) => Promise<unknown>>,
): Promise<Array<{ samples: number[]; wallMs: number }>> {
  const results = ops.map(() => ({ samples: [] as number[], wallMs: 0 }));
  const rounds = Math.max(1, Math.min(bounds.rounds, bounds.total));
  const maxMs = bounds.maxMs / rounds;
  for (let round = 0; round < rounds; round += 1) {
    // This round's share: the totals split as evenly as whole requests allow.
    const total = Math.floor(((round + 1) * bounds.total) / rounds) - Math.floor((round * bounds.total) / rounds);
    for (let turn = 0; turn < ops.length; turn += 1) {
      const k = (round + turn) % ops.length;
      const share = await measureConcurrent({ total, concurrency: bounds.concurrency, maxMs }, ops[k]!);
      results[k]!.samples.push(...share.samples);
      results[k]!.wallMs += share.wallMs;
    }
  }
  return results;
}
