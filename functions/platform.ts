import type { KMSClient } from '@aws-sdk/client-kms';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbAuditLog } from '../shared/adapters/dynamodb/audit-log.ts';
import { DynamoDbRegistry } from '../shared/adapters/dynamodb/registry.ts';
import { DynamoDbReplayStore } from '../shared/adapters/dynamodb/replay-store.ts';
import { KnownClients } from '../shared/auth/known-clients.ts';
import { KmsKeyService } from '../shared/adapters/kms/index.ts';
import type { Config } from '../shared/config/config.ts';
import type { SignedRequestDeps } from './lib/index.ts';
import { functionBasics, type FunctionBasics, type SdkClients } from './basics.ts';

export { functionBasics, type FunctionBasics, type SdkClients } from './basics.ts';

/**
 * The building blocks the functions' composition roots (functions/<fn>/compose.ts) share. Each
 * root takes the parsed configuration and the SDK clients it names, so a test composes a function
 * from a config object and clients of its choosing, and a handler composes once, at cold start.
 */

/** What every API function has: the basics, the client registry and the signature middleware's needs. */
export interface ApiBasics extends FunctionBasics {
  readonly registry: DynamoDbRegistry;
  readonly signedRequest: SignedRequestDeps;
}

export function apiBasics(config: Config, { dynamoDb }: Pick<SdkClients, 'dynamoDb'>): ApiBasics {
  const basics = functionBasics(config);
  const registry = new DynamoDbRegistry(dynamoDb, config.tables.registry);
  const signedRequest: SignedRequestDeps = {
    registry,
    replay: new DynamoDbReplayStore(dynamoDb, config.tables.replay),
    clock: basics.clock,
    audience: config.audience,
    // One per cold start: the signature is checked while each request's registry read is in flight.
    knownClients: new KnownClients(),
    logger: basics.logger,
    metrics: basics.metrics,
  };
  return { ...basics, registry, signedRequest };
}

/** The deployment's KMS keys: pseudonym MACs and the signing rings, each by purpose. */
export function keyServiceOf(config: Config, kms: KMSClient): KmsKeyService {
  const { keys } = config;
  return new KmsKeyService({
    client: kms,
    macKeys: { PHIN: keys.pseudonymPhin, AUDIT: keys.pseudonymAudit },
    signingKeys: { CHECKPOINT: keys.checkpoint, AUTHORISATION: keys.authorisation },
  });
}

/** The append side of the audit log; one per function, so one group-commit queue per process. */
export function auditLogOf(config: Config, dynamoDb: DynamoDBDocumentClient): DynamoDbAuditLog {
  return new DynamoDbAuditLog(dynamoDb, { audit: config.tables.audit, auditHeads: config.tables.auditHeads });
}
