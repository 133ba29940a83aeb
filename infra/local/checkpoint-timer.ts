/**
 * Local mode's stand-in for the EventBridge schedule and the stream archiver: every `intervalMs`
 * it signs checkpoints for the logs that grew and then copies what is new to the archive folder.
 * Runs never overlap (each waits for the previous one), `runNow()` queues a run after any in
 * flight, and `stop()` cancels the timer and waits for the run in progress.
 */
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { DynamoDbAuditStore } from '../../shared/adapters/dynamodb/audit-store.ts';
import { FsArchiveWriter } from '../../shared/adapters/fs/archive-writer.ts';
import { createKmsClient, KmsKeyService } from '../../shared/adapters/kms/index.ts';
import { parseConfig } from '../../shared/config/config.ts';
import type { ArchiveWriter } from '../../shared/ports/archive.ts';
import { reportCheckpointRun, type RunLogger } from '../../shared/services/archive-checkpoint-report.ts';
import { archiveSince, type ArchiveProgress, type ArchiveSourceStore } from '../../shared/services/archive-sweep.ts';
import { CheckpointService, type CheckpointRun } from '../../shared/services/checkpoint-service.ts';

export interface CheckpointTimerOptions {
  /** Default 5 s. */
  readonly intervalMs?: number;
  readonly service: { run(org?: string): Promise<CheckpointRun> };
  /** When set, every run is followed by an archive sweep of what is new. */
  readonly archive?: { readonly store: ArchiveSourceStore; readonly writer: ArchiveWriter };
  readonly logger?: RunLogger;
}

export interface CheckpointTimer {
  /** Runs once more (after any run in flight) and returns that run; rejects if it failed. */
  runNow(): Promise<CheckpointRun>;
  stop(): Promise<void>;
}

export const DEFAULT_CHECKPOINT_INTERVAL_MS = 5_000;

export function startCheckpointTimer(options: CheckpointTimerOptions): CheckpointTimer {
  const intervalMs = options.intervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS;
  let tail: Promise<unknown> = Promise.resolve();
  let progress: ArchiveProgress = {};
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const runOnce = async (): Promise<CheckpointRun> => {
    const run = await options.service.run();
    reportCheckpointRun(run, options.logger);
    if (options.archive) {
      const sweep = await archiveSince(options.archive, progress);
      progress = sweep.progress;
      // Origins are not PHI; the error's code says what kind of damage to look for.
      for (const { origin, error } of sweep.failed)
        options.logger?.error('A log could not be archived', { origin, code: (error as { code?: string }).code });
    }
    return run;
  };

  const enqueue = (): Promise<CheckpointRun> => {
    const next = tail.then(runOnce);
    tail = next.catch(() => undefined);
    return next;
  };

  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = undefined;
      enqueue()
        .catch((error: unknown) => {
          options.logger?.error('Checkpoint run failed', {
            error: (error as Error).name,
            code: (error as { code?: string }).code,
          });
        })
        .finally(schedule);
    }, intervalMs);
    timer.unref();
  };

  schedule();
  return {
    runNow: () => (stopped ? Promise.reject(new Error('The checkpoint timer is stopped')) : enqueue()),
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await tail;
    },
  };
}

/**
 * The timer as the local stack runs it, configured from the same environment the handlers read
 * (tables, the CHECKPOINT key, GK_ARCHIVE_DIR). Call after the environment is in process.env.
 */
export function startLocalCheckpointTimer(
  options: { environment?: Readonly<Record<string, string | undefined>>; intervalMs?: number; logger?: RunLogger } = {},
): CheckpointTimer {
  const config = parseConfig(options.environment ?? process.env);
  const doc = createDocumentClient();
  const store = new DynamoDbAuditStore(doc, { audit: config.tables.audit, auditHeads: config.tables.auditHeads });
  const keys = new KmsKeyService({
    client: createKmsClient(),
    macKeys: { PHIN: config.keys.pseudonymPhin, AUDIT: config.keys.pseudonymAudit },
    signingKeys: { CHECKPOINT: config.keys.checkpoint, AUTHORISATION: config.keys.authorisation },
  });
  const logger = options.logger ?? {
    info: () => undefined,
    error: (message: string, ...extra: Array<Record<string, unknown>>) =>
      console.error(`[checkpointer] ${message}`, ...extra),
  };
  const timer = startCheckpointTimer({
    ...(options.intervalMs === undefined ? {} : { intervalMs: options.intervalMs }),
    // A fresh service per run, so a failed KMS read is not cached for the life of the stack.
    service: { run: (org?: string) => new CheckpointService(store, keys).run(org) },
    ...(config.archive.dir ? { archive: { store, writer: new FsArchiveWriter(config.archive.dir) } } : {}),
    logger,
  });
  return {
    runNow: () => timer.runNow(),
    stop: async () => {
      await timer.stop();
      doc.destroy();
    },
  };
}
