import { DynamoDbAuditSearch } from '../../shared/adapters/dynamodb/audit-search.ts';
import { DynamoDbRecordsStore } from '../../shared/adapters/dynamodb/records-store.ts';
import { ukSwitches } from '../../shared/policy/switches.ts';
import type { Config } from '../../shared/config/config.ts';
import { Pseudonymiser } from '../../shared/pseudonym/pseudonymiser.ts';
import { RecordsService } from '../../shared/services/records-service.ts';
import { DynamoDbReviewStore } from '../../shared/adapters/dynamodb/review-store.ts';
import { ReviewQueue } from '../../shared/services/review-queue.ts';
import { ReviewDecisions } from '../../shared/services/review-service.ts';
import { SwedishRecordsService } from '../../shared/services/se-records-service.ts';
import { apiBasics, auditLogOf, keyServiceOf, policyOf, type ApiBasics, type SdkClients } from '../platform.ts';

export interface RecordsDependencies extends ApiBasics {
  readonly records: RecordsService;
  readonly reviewDecisions: ReviewDecisions;
  readonly reviewQueue: ReviewQueue;
  readonly swedishRecords: SwedishRecordsService;
}

/** The records function's composition root: patient records, subject access and the review queue. */
export function composeRecords(config: Config, clients: Pick<SdkClients, 'dynamoDb' | 'kms'>): RecordsDependencies {
  const basics = apiBasics(config, clients);
  const { dynamoDb } = clients;
  const audit = auditLogOf(config, dynamoDb);
  const search = new DynamoDbAuditSearch(dynamoDb, config.tables.audit);
  const pseudonymiser = new Pseudonymiser(keyServiceOf(config, clients.kms));
  const policy = policyOf(config);
  const { clock } = basics;
  const { deployment } = config;
  // One audit log (one group-commit queue) and one pseudonymiser for every service of this function.
  const shared = {
    records: new DynamoDbRecordsStore(dynamoDb, config.tables.records),
    registry: basics.registry,
    audit,
    pseudonymiser,
    clock,
    deployment,
  };
  const records = new RecordsService({
    ...shared,
    search,
    identifierSwitches: ukSwitches(policy.document.switches),
    flows: policy.document.flows,
    notificationDueDays: ukSwitches(policy.document.switches)['notification.dueDays'],
  });
  // Review cases live in the records store, beside the records whose decisions they review.
  const reviewDeps = {
    reviews: new DynamoDbReviewStore(dynamoDb, config.tables.records),
    registry: basics.registry,
    audit,
    pseudonymiser,
    policy,
    clock,
    deployment,
  };
  const reviewDecisions = new ReviewDecisions(reviewDeps);
  const reviewQueue = new ReviewQueue({ ...reviewDeps, search });
  // Swedish records (policy-se.md §9) write to the same table and logs, with their own record kinds.
  const swedishRecords = new SwedishRecordsService(shared);
  return { ...basics, records, reviewDecisions, reviewQueue, swedishRecords };
}
