import type { ScheduledEvent } from 'aws-lambda';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { createKmsClient } from '../../shared/adapters/kms/index.ts';
import { config } from '../../shared/config/config.ts';
import type { CheckpointRun } from '../../shared/services/checkpoint-service.ts';
import { CheckpointRefusedError, reportCheckpointRun } from '../../shared/services/archive-checkpoint-report.ts';
import { countOverdueNotifications } from '../../shared/notifications/overdue.ts';
import { countOverdueReviews } from '../../shared/reviews/overdue.ts';
import { reportOverdueNotifications, reportOverdueReviews } from '../lib/metrics.ts';
import { composeCheckpointer } from './compose.ts';

const { checkpoints, reviews, notifications, clock, logger, metrics } = composeCheckpointer(config(), {
  dynamoDb: createDocumentClient(),
  kms: createKmsClient(),
});

/** The overdue-review and overdue-notification gauges; a failure to count is logged and never stops checkpoints being signed. */
async function countOverdue(orgs: readonly string[]): Promise<void> {
  try {
    reportOverdueReviews(metrics, await countOverdueReviews(reviews, orgs, clock.now()));
  } catch (error) {
    logger.error('Could not count overdue reviews', { error: (error as Error).name });
  }
  try {
    reportOverdueNotifications(metrics, await countOverdueNotifications(notifications, orgs, clock.now()));
  } catch (error) {
    logger.error('Could not count overdue notifications', { error: (error as Error).name });
  }
}

/**
 * Every minute (EventBridge): sign a checkpoint for every log that grew (audit.md §4), and count
 * the overdue review cases and notifications of every org (the OverdueReviews and
 * OverdueNotifications gauges the alarms watch). A refused
 * log means tampering or a bug: it is logged at error level, counted, and the invocation fails so
 * the error alarm fires.
 */
export const handler = async (_event?: ScheduledEvent): Promise<CheckpointRun> => {
  try {
    const run = await checkpoints().run();
    reportCheckpointRun(run, logger, metrics);
    await countOverdue(run.orgs);
    if (run.refused.length > 0) throw new CheckpointRefusedError(run.refused);
    return run;
  } finally {
    metrics.publishStoredMetrics();
  }
};
