import { DynamoDbAuditSearch } from '../../shared/adapters/dynamodb/audit-search.ts';
import { DynamoDbRecordsStore } from '../../shared/adapters/dynamodb/records-store.ts';
import { seSwitches, ukSwitches } from '../../shared/policy/switches.ts';
import type { Config } from '../../shared/config/config.ts';
import { Pseudonymiser } from '../../shared/pseudonym/pseudonymiser.ts';
import { RecordsService } from '../../shared/services/records-service.ts';
import { DynamoDbReviewStore } from '../../shared/adapters/dynamodb/review-store.ts';
import { NotificationQueue } from '../../shared/services/notification-queue.ts';
import { ReviewQueue } from '../../shared/services/review-queue.ts';
import { ReviewDecisions } from '../../shared/services/review-service.ts';
import { SwedishRecordsService } from '../../shared/services/se-records-service.ts';
import { RegisterutdragService } from '../../shared/services/se-registerutdrag.ts';
import { apiBasics, auditLogOf, keyServiceOf, type ApiBasics, type SdkClients } from '../platform.ts';
import { packsOf, policyOf, swedishPolicyOf } from '../policies.ts';

export interface RecordsDependencies extends ApiBasics {
  readonly records: RecordsService;
  readonly reviewDecisions: ReviewDecisions;
  readonly reviewQueue: ReviewQueue;
  readonly swedishRecords: SwedishRecordsService;
  readonly notificationQueue: NotificationQueue;
  readonly registerutdrag: RegisterutdragService;
}

/** The records function's composition root: patient records, subject access and the review queue. */
export function composeRecords(config: Config, clients: Pick<SdkClients, 'dynamoDb' | 'kms'>): RecordsDependencies {
  const basics = apiBasics(config, clients);
  const { dynamoDb } = clients;
  const audit = auditLogOf(config, dynamoDb);
  const search = new DynamoDbAuditSearch(dynamoDb, config.tables.audit);
  const pseudonymiser = new Pseudonymiser(keyServiceOf(config, clients.kms));
  const policy = policyOf(config);
  const packs = packsOf(config);
  const { clock } = basics;
  const { deployment } = config;
  const recordsStore = new DynamoDbRecordsStore(dynamoDb, config.tables.records);
  const notificationDueDays = ukSwitches(policy.document.switches)['notification.dueDays'];
  const reviewStore = new DynamoDbReviewStore(dynamoDb, config.tables.records);
  // One audit log (one group-commit queue) and one pseudonymiser for every service of this function.
  const shared = {
    records: recordsStore,
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
    packs,
    reviews: reviewStore,
    notificationDueDays,
    inreLiftMaxDays: seSwitches(swedishPolicyOf(config).document.switches)['se.inreSparr.maxLiftDays'],
  });
  // Review cases live in the records store, beside the records whose decisions they review.
  const reviewDeps = {
    reviews: reviewStore,
    registry: basics.registry,
    audit,
    pseudonymiser,
    policy,
    packs,
    clock,
    deployment,
    records: recordsStore,
    search,
    notificationDueDays,
  };
  const reviewDecisions = new ReviewDecisions(reviewDeps);
  const reviewQueue = new ReviewQueue(reviewDeps);
  const notificationQueue = new NotificationQueue({ records: recordsStore, audit, clock, deployment });
  // Swedish records (policy-se.md §9) write to the same table and logs, with their own record kinds.
  const swedishRecords = new SwedishRecordsService(shared);
  // A registerutdrag lists what subject access lists; its free count is the org's SE pack switch.
  const registerutdrag = new RegisterutdragService({ ...shared, history: records, packs });
  return { ...basics, records, reviewDecisions, reviewQueue, notificationQueue, swedishRecords, registerutdrag };
}
