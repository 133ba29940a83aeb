import { DynamoDbAuditSearch } from '../../shared/adapters/dynamodb/audit-search.ts';
import { DynamoDbRecordsStore } from '../../shared/adapters/dynamodb/records-store.ts';
import { ukSwitches } from '../../shared/policy/switches.ts';
import type { Config } from '../../shared/config/config.ts';
import { Pseudonymiser } from '../../shared/pseudonym/pseudonymiser.ts';
import { RecordsService } from '../../shared/services/records-service.ts';
import { apiBasics, auditLogOf, keyServiceOf, policyOf, type ApiBasics, type SdkClients } from '../platform.ts';

export interface RecordsDependencies extends ApiBasics {
  readonly records: RecordsService;
}

/** The records function's composition root: patient records and subject access. */
export function composeRecords(config: Config, clients: Pick<SdkClients, 'dynamoDb' | 'kms'>): RecordsDependencies {
  const basics = apiBasics(config, clients);
  const { dynamoDb } = clients;
  const records = new RecordsService({
    records: new DynamoDbRecordsStore(dynamoDb, config.tables.records),
    registry: basics.registry,
    audit: auditLogOf(config, dynamoDb),
    search: new DynamoDbAuditSearch(dynamoDb, config.tables.audit),
    pseudonymiser: new Pseudonymiser(keyServiceOf(config, clients.kms)),
    clock: basics.clock,
    deployment: config.deployment,
    identifierSwitches: ukSwitches(policyOf(config).document.switches),
  });
  return { ...basics, records };
}
