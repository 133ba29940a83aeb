import { DynamoDbAuditSearch } from '../../shared/adapters/dynamodb/audit-search.ts';
import { DynamoDbRecordsStore } from '../../shared/adapters/dynamodb/records-store.ts';
import { ukSwitches } from '../../shared/policy/switches.ts';
import type { Config } from '../../shared/config/config.ts';
import { Pseudonymiser } from '../../shared/pseudonym/pseudonymiser.ts';
import { RecordsService } from '../../shared/services/records-service.ts';
import { SwedishRecordsService } from '../../shared/services/se-records-service.ts';
import { apiBasics, auditLogOf, keyServiceOf, policyOf, type ApiBasics, type SdkClients } from '../platform.ts';

export interface RecordsDependencies extends ApiBasics {
  readonly records: RecordsService;
  readonly swedishRecords: SwedishRecordsService;
}

/** The records function's composition root: patient records and subject access. */
export function composeRecords(config: Config, clients: Pick<SdkClients, 'dynamoDb' | 'kms'>): RecordsDependencies {
  const basics = apiBasics(config, clients);
  const { dynamoDb } = clients;
  // One audit log (one group-commit queue) and one pseudonymiser for both services.
  const shared = {
    records: new DynamoDbRecordsStore(dynamoDb, config.tables.records),
    registry: basics.registry,
    audit: auditLogOf(config, dynamoDb),
    pseudonymiser: new Pseudonymiser(keyServiceOf(config, clients.kms)),
    clock: basics.clock,
    deployment: config.deployment,
  };
  const records = new RecordsService({
    ...shared,
    search: new DynamoDbAuditSearch(dynamoDb, config.tables.audit),
    identifierSwitches: ukSwitches(policyOf(config).document.switches),
  });
  // Swedish records (policy-se.md §9) write to the same table and logs, with their own record kinds.
  const swedishRecords = new SwedishRecordsService(shared);
  return { ...basics, records, swedishRecords };
}
