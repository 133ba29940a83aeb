import { DynamoDbAuditStore } from '../../shared/adapters/dynamodb/audit-store.ts';
import { DynamoDbRecordsStore } from '../../shared/adapters/dynamodb/records-store.ts';
import { DynamoDbReviewStore } from '../../shared/adapters/dynamodb/review-store.ts';
import type { Config } from '../../shared/config/config.ts';
import type { RecordsStore } from '../../shared/ports/records-store.ts';
import type { ReviewStore } from '../../shared/ports/review-store.ts';
import { CheckpointService } from '../../shared/services/checkpoint-service.ts';
import { functionBasics, keyServiceOf, type FunctionBasics, type SdkClients } from '../platform.ts';

export interface CheckpointerDependencies extends FunctionBasics {
  /** A fresh service per run, so no failed KMS read stays cached; the key service it signs with is kept. */
  readonly checkpoints: () => CheckpointService;
  /** Read to count the overdue review cases of every org each minute (reviews.md §1). */
  readonly reviews: ReviewStore;
  /** Read to count the overdue notifications of every org (reviews.md §3): the org's index only. */
  readonly notifications: Pick<RecordsStore, 'notificationsDue'>;
}

/** The checkpointer's composition root: signs a checkpoint for every log that grew (audit.md §4). */
export function composeCheckpointer(
  config: Config,
  clients: Pick<SdkClients, 'dynamoDb' | 'kms'>,
): CheckpointerDependencies {
  const basics = functionBasics(config);
  const keyService = keyServiceOf(config, clients.kms);
  const tables = { audit: config.tables.audit, auditHeads: config.tables.auditHeads };
  const checkpoints = () =>
    new CheckpointService(new DynamoDbAuditStore(clients.dynamoDb, tables), keyService, basics.clock);
  return {
    ...basics,
    checkpoints,
    reviews: new DynamoDbReviewStore(clients.dynamoDb, config.tables.records),
    notifications: new DynamoDbRecordsStore(clients.dynamoDb, config.tables.records),
  };
}
