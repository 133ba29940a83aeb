/**
 * TESTS ONLY. While a soak runs, arms a seeded random KMS fault every few hundred milliseconds
 * through the local KMS endpoint's fault switches (local-kms/faults.ts): throttling, an
 * internal error (KMS unavailable), a disabled key, or a slow answer, each for a few calls of one
 * operation or of every operation. Stops by itself when asked, clearing what is still armed.
 */
import type { FaultSpec } from '../../local-kms/faults.ts';
import type { SeededRandom } from './random.ts';

const OPERATIONS = ['GenerateMac', 'Sign', undefined] as const;
const MODES = { throttle: 4, error: 2, disabled: 1, delay: 2 } as const;

export interface KmsChaos {
  counts(): Record<string, number>;
  stop(): Promise<void>;
}

export function startKmsChaos(
  target: { kmsFault(spec: FaultSpec | null): void },
  random: SeededRandom,
  everyMs: readonly [number, number] = [150, 450],
): KmsChaos {
  const counts: Record<string, number> = {};
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    if (stopped) return;
    const mode = random.weighted(MODES);
    const operation = random.pick(OPERATIONS);
    const spec: FaultSpec = {
      mode,
      times: random.int(1, mode === 'throttle' ? 4 : 2),
      ...(operation ? { operation } : {}),
      ...(mode === 'delay' ? { delayMs: random.int(50, 600) } : {}),
    };
    target.kmsFault(spec);
    counts[mode] = (counts[mode] ?? 0) + 1;
    timer = setTimeout(arm, random.int(everyMs[0], everyMs[1]));
  };
  timer = setTimeout(arm, everyMs[0]);
  return {
    counts: () => ({ ...counts }),
    stop: () => {
      stopped = true;
      clearTimeout(timer);
      target.kmsFault(null);
      return Promise.resolve();
    },
  };
}
