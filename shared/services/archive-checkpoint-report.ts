import { GatekeeperError } from '../errors.ts';
import type { CheckpointRun } from './checkpoint-service.ts';

export interface RunLogger {
  info(message: string, ...extra: Array<Record<string, unknown>>): void;
  error(message: string, ...extra: Array<Record<string, unknown>>): void;
}

export interface RunMetrics {
  addMetric(name: string, unit: 'Count', value: number): unknown;
}

/** At least one log did not extend its last checkpoint and was not signed: raise the alarm. */
export class CheckpointRefusedError extends GatekeeperError {
  readonly code = 'checkpoint_refused' as const;
  readonly origins: readonly string[];

  constructor(origins: readonly string[]) {
    super(`${origins.length} log(s) are not consistent with their last checkpoint: ${origins.join(', ')}`);
    this.origins = origins;
  }
}

/**
 * Logs and counts one checkpoint run, the same way in AWS and locally. Origins are log names
 * (deployment/org/log), not personal data, so they are logged; entries never are.
 */
export function reportCheckpointRun(run: CheckpointRun, logger: RunLogger | undefined, metrics?: RunMetrics): void {
  metrics?.addMetric('CheckpointsSigned', 'Count', run.signed.length);
  metrics?.addMetric('CheckpointRefused', 'Count', run.refused.length);
  if (run.refused.length > 0) {
    logger?.error('Checkpoint refused: a log does not extend its last signed checkpoint', {
      refused: run.refused,
      signed: run.signed.length,
    });
  }
  if (run.signed.length > 0) logger?.info('Checkpoints signed', { signed: run.signed, unchanged: run.unchanged });
}
