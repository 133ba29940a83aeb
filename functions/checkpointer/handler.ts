import type { ScheduledEvent } from 'aws-lambda';
import { DynamoDbAuditStore } from '../../shared/adapters/dynamodb/audit-store.ts';
import { CheckpointService, type CheckpointRun } from '../../shared/services/checkpoint-service.ts';
import { CheckpointRefusedError, reportCheckpointRun } from '../../shared/services/archive-checkpoint-report.ts';
import { runtime } from '../runtime.ts';

/**
 * Every minute (EventBridge): sign a checkpoint for every log that grew (audit.md §4). A refused
 * log means tampering or a bug: it is logged at error level, counted, and the invocation fails so
 * the error alarm fires. The service is built per run so no failed KMS read stays cached.
 */
export const handler = async (_event?: ScheduledEvent): Promise<CheckpointRun> => {
  const { tables } = runtime.config();
  const store = new DynamoDbAuditStore(runtime.documentClient(), { audit: tables.audit, auditHeads: tables.auditHeads });
  const metrics = runtime.metrics();
  try {
    const run = await new CheckpointService(store, runtime.keyService(), runtime.clock()).run();
    reportCheckpointRun(run, runtime.logger(), metrics);
    if (run.refused.length > 0) throw new CheckpointRefusedError(run.refused);
    return run;
  } finally {
    metrics.publishStoredMetrics();
  }
};
