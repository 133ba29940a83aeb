import type { ScheduledEvent } from 'aws-lambda';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { createKmsClient } from '../../shared/adapters/kms/index.ts';
import { config } from '../../shared/config/config.ts';
import type { CheckpointRun } from '../../shared/services/checkpoint-service.ts';
import { CheckpointRefusedError, reportCheckpointRun } from '../../shared/services/archive-checkpoint-report.ts';
import { composeCheckpointer } from './compose.ts';

const { checkpoints, logger, metrics } = composeCheckpointer(config(), {
  dynamoDb: createDocumentClient(),
  kms: createKmsClient(),
});

/**
 * Every minute (EventBridge): sign a checkpoint for every log that grew (audit.md §4). A refused
 * log means tampering or a bug: it is logged at error level, counted, and the invocation fails so
 * the error alarm fires.
 */
export const handler = async (_event?: ScheduledEvent): Promise<CheckpointRun> => {
  try {
    const run = await checkpoints().run();
    reportCheckpointRun(run, logger, metrics);
    if (run.refused.length > 0) throw new CheckpointRefusedError(run.refused);
    return run;
  } finally {
    metrics.publishStoredMetrics();
  }
};
