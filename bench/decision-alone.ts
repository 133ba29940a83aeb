/**
 * Issue 15: the compiled plan alone over the P01–P22 mix (the goal's own figure), timed with what
 * sets its tail: the median floor of its p99 and the GC pauses during the timed decisions
 * (bench/decision-tail.ts).
 */
import { decide, type DecisionInput } from '../shared/policy/engine.ts';
import { ENGINE_SCENARIOS } from './decision-scenarios.ts';
import { medianFloor, withGcPauses } from './decision-tail.ts';
import { fmt, measureSequential, summarise } from './lib/stats.ts';

export const TAIL_NOTE =
  "What sets the alone rows' p99 (issue 15): each scenario is 1/22 of the samples, so half of the dearest one's (2.3% of the mix) lie at or above its median and the p99 cannot be below that median, the \"median floor\" rows; what the p99 shows above it is the scenarios' own spread and what interrupted them. GC pauses are counted from the runtime's gc performance entries over the timed decisions: each can touch one sample.";

interface AloneLoop {
  readonly row: string[];
  /** The p99 the loop's own scenario medians allow at best, in the table's columns. */
  readonly floorRow: string[];
  /** The dearest scenario's p50/p99 and the GC pauses, for the note. */
  readonly tail: string;
}

/** The compiled plan alone, round robin over `inputs` (one per scenario, in order), with what sets its tail. */
export async function aloneLoop(
  names: { readonly row: string; readonly floor: string },
  inputs: readonly DecisionInput[],
  bounds: { count: number; warmup: number },
): Promise<AloneLoop> {
  const scenarioOf = (i: number) => ENGINE_SCENARIOS[i % ENGINE_SCENARIOS.length]!.id;
  for (let i = 0; i < bounds.warmup; i += 1) await decide(inputs[i % inputs.length]!);
  const timed = await withGcPauses(() =>
    measureSequential({ count: bounds.count, maxMs: 60_000 }, (i) => decide(inputs[i % inputs.length]!)),
  );
  const us = timed.result.samples.map((ms) => ms * 1000);
  const floor = medianFloor(us, scenarioOf);
  const dearest = summarise(us.filter((_, i) => scenarioOf(i) === floor?.scenario));
  return {
    row: engineRow(names.row, timed.result.samples),
    floorRow: [
      `${names.floor} (${floor?.scenario ?? '–'})`,
      String(us.length),
      '–',
      '–',
      '–',
      fmt(floor?.floor ?? Number.NaN),
    ],
    tail: `dearest ${floor?.scenario ?? '–'} p50 ${fmt(dearest.p50)} µs, p99 ${fmt(dearest.p99)} µs; ${timed.pauses} GC pause${timed.pauses === 1 ? '' : 's'} (${fmt(timed.pauseMs)} ms) over ${us.length} decisions, i.e. at most ${fmt((100 * timed.pauses) / Math.max(1, us.length))}% of the samples`,
  };
}

/** One engine row from its samples in ms: decisions per second (1 / mean), mean, p50 and p99 in µs. */
export function engineRow(name: string, samplesMs: readonly number[]): string[] {
  const us = summarise(samplesMs.map((ms) => ms * 1000));
  return [name, String(us.n), fmt(1e6 / us.mean), fmt(us.mean), fmt(us.p50), fmt(us.p99)];
}
