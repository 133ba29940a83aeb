import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { createDocumentClient } from '../shared/adapters/dynamodb/client.ts';
import { DynamoDbAuditLog } from '../shared/adapters/dynamodb/audit-log.ts';
import { DynamoDbRecordsStore } from '../shared/adapters/dynamodb/records-store.ts';
import { DynamoDbRegistry } from '../shared/adapters/dynamodb/registry.ts';
import { DynamoDbReplayStore } from '../shared/adapters/dynamodb/replay-store.ts';
import { createKmsClient, KmsKeyService } from '../shared/adapters/kms/index.ts';
import { config, type Config } from '../shared/config/config.ts';
import { loadPolicy, type LoadedPolicy } from '../shared/policy/pack.ts';
import { systemClock, type Clock } from '../shared/ports/clock.ts';
import { METRICS_NAMESPACE, METRICS_SERVICE } from './lib/metrics.ts';
import { Pseudonymiser } from '../shared/pseudonym/pseudonymiser.ts';

/**
 * What every function of this process shares, built once at cold start: the parsed configuration,
 * one SDK client per service, and the adapters over them. Each piece is built on first use, so a
 * function pays only for the clients it touches (the public function never builds DynamoDB).
 */
function once<T>(build: () => T): () => T {
  let value: T | undefined;
  let built = false;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value as T;
  };
}

const documentClient = once(() => createDocumentClient());
const keyService = once((): KmsKeyService => {
    const { keys } = config();
  return new KmsKeyService({
      client: createKmsClient(),
      macKeys: { PHIN: keys.pseudonymPhin, AUDIT: keys.pseudonymAudit },
      signingKeys: { CHECKPOINT: keys.checkpoint, AUTHORISATION: keys.authorisation },
    });
});

export const runtime = Object.freeze({
  config: once((): Config => config()),
  clock: once((): Clock => systemClock),
  /** The built-in pack with the deployment's switches: decisions and registration apply the same one. */
  policy: once((): LoadedPolicy => loadPolicy(undefined, config().policySwitches)),
  logger: once(() => new Logger({ serviceName: METRICS_SERVICE })),
  metrics: once(() => new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE })),
  documentClient,
  keyService,
  pseudonymiser: once(() => new Pseudonymiser(keyService())),
  registry: once(() => new DynamoDbRegistry(documentClient(), config().tables.registry)),
  replay: once(() => new DynamoDbReplayStore(documentClient(), config().tables.replay)),
  records: once(() => new DynamoDbRecordsStore(documentClient(), config().tables.records)),
  auditLog: once(() => new DynamoDbAuditLog(documentClient(), { audit: config().tables.audit, auditHeads: config().tables.auditHeads })),
});
