import { DynamoDbAuditSearch } from '../../shared/adapters/dynamodb/audit-search.ts';
import { DynamoDbAuditStore } from '../../shared/adapters/dynamodb/audit-store.ts';
import type { Config } from '../../shared/config/config.ts';
import { Pseudonymiser } from '../../shared/pseudonym/pseudonymiser.ts';
import { AuditReadService } from '../../shared/services/audit-read-service.ts';
import { CheckpointService } from '../../shared/services/checkpoint-service.ts';
import { apiBasics, auditLogOf, keyServiceOf, type ApiBasics, type SdkClients } from '../platform.ts';

export interface AuditReadDependencies extends ApiBasics {
  readonly audit: AuditReadService;
}

/** The audit-read function's composition root: search, checkpoints, proofs and entries of the caller's org. */
export function composeAuditRead(config: Config, clients: Pick<SdkClients, 'dynamoDb' | 'kms'>): AuditReadDependencies {
  const basics = apiBasics(config, clients);
  const { dynamoDb } = clients;
  const tables = { audit: config.tables.audit, auditHeads: config.tables.auditHeads };
  const store = new DynamoDbAuditStore(dynamoDb, tables);
  const keyService = keyServiceOf(config, clients.kms);
  const audit = new AuditReadService({
    store,
    search: new DynamoDbAuditSearch(dynamoDb, tables.audit),
    audit: auditLogOf(config, dynamoDb),
    pseudonymiser: new Pseudonymiser(keyService),
    // In AWS this role may only read the public keys (verifierKeys); signing on read is configured locally only.
    checkpoints: new CheckpointService(store, keyService, basics.clock),
    organisations: basics.registry,
    clock: basics.clock,
    deployment: config.deployment,
    signCheckpointsOnRead: config.signCheckpointsOnRead,
  });
  return { ...basics, audit };
}
