/**
 * TESTS ONLY. Powertools metrics switched on and their EMF lines captured from stdout, so a test
 * can assert what an alarm would see: namespace, `service` dimension, metric name, unit and value.
 * Undo with `vi.restoreAllMocks()` and `vi.unstubAllEnvs()`.
 */
import { Metrics } from '@aws-lambda-powertools/metrics';
import { vi } from 'vitest';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../../../functions/lib/metrics.ts';

/** One EMF line as Powertools writes it. */
export interface Emf {
  readonly _aws: {
    CloudWatchMetrics: Array<{
      Namespace: string;
      Dimensions: string[][];
      Metrics: Array<{ Name: string; Unit: string }>;
    }>;
  };
  readonly [member: string]: unknown;
}

export function capturedMetrics(): { metrics: Metrics; emitted: () => Emf[] } {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  const lines: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE });
  const emitted = (): Emf[] =>
    lines
      .flatMap((line) => line.split('\n'))
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line) as Emf);
  return { metrics, emitted };
}
