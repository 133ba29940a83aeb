/**
 * Issue 15: what sets the p99 of a round robin over scenarios, read from the same run's samples.
 *
 * - The median floor. Each of the 22 scenarios is 1/22 of the samples, so at least half of the
 *   dearest one's samples (2.3% of the mix) lie at or above its median: the mix's p99 cannot be
 *   below the dearest median, however quiet the machine. Whatever the p99 shows above that floor
 *   is the scenarios' own spread and what interrupts them (GC pauses, the machine).
 * - GC pauses in a loop. Counted from the runtime's own 'gc' performance entries, so a p99 can be
 *   read against how many samples a pause can have touched at most (one each).
 */
import { PerformanceObserver, performance, type PerformanceEntry } from 'node:perf_hooks';
import { summarise } from './lib/stats.ts';

export interface MedianFloor {
  /** The highest median of a scenario with enough samples to hold the percentile up (µs, as given). */
  readonly floor: number;
  /** That scenario's id. */
  readonly scenario: string;
}

/**
 * The lowest value the nearest-rank `percentile` of all samples can take given each scenario's
 * median: the largest median of a scenario whose samples at or above its median outnumber the
 * samples the percentile leaves above it. Undefined when no scenario holds that many.
 */
export function medianFloor(
  samples: readonly number[],
  scenarioOf: (index: number) => string,
  percentile = 99,
): MedianFloor | undefined {
  const byScenario = new Map<string, number[]>();
  samples.forEach((sample, index) => {
    const id = scenarioOf(index);
    const list = byScenario.get(id);
    if (list === undefined) byScenario.set(id, [sample]);
    else list.push(sample);
  });
  const above = samples.length - Math.ceil((percentile / 100) * samples.length);
  let best: MedianFloor | undefined;
  for (const [scenario, list] of byScenario) {
    const median = summarise(list).p50;
    const atOrAbove = list.filter((sample) => sample >= median).length;
    if (atOrAbove > above && (best === undefined || median > best.floor)) best = { floor: median, scenario };
  }
  return best;
}

export interface GcPauses<T> {
  readonly result: T;
  /** GC pauses that started while `run` ran. */
  readonly pauses: number;
  /** Their total duration, ms. */
  readonly pauseMs: number;
}

/** Runs `run` and counts the GC pauses that started during it (the runtime reports them a task later). */
export async function withGcPauses<T>(run: () => Promise<T>): Promise<GcPauses<T>> {
  const seen: PerformanceEntry[] = [];
  // Entries reach the callback whenever the runtime delivers them, the last ones only after a task.
  const observer = new PerformanceObserver((list) => seen.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  try {
    const start = performance.now();
    const result = await run();
    const end = performance.now();
    await new Promise((resolve) => setImmediate(resolve));
    seen.push(...observer.takeRecords());
    const during = seen.filter((entry) => entry.startTime >= start && entry.startTime <= end);
    return { result, pauses: during.length, pauseMs: during.reduce((sum, entry) => sum + entry.duration, 0) };
  } finally {
    observer.disconnect();
  }
}
