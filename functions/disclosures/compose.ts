import { DynamoDbIdempotencyStore } from '../../shared/adapters/dynamodb/idempotency-store.ts';
import { DynamoDbRecordsStore } from '../../shared/adapters/dynamodb/records-store.ts';
import { DynamoDbReviewStore } from '../../shared/adapters/dynamodb/review-store.ts';
import type { Config } from '../../shared/config/config.ts';
import { PhinResolveService } from '../../shared/services/phin-resolve.ts';
import { Pseudonymiser } from '../../shared/pseudonym/pseudonymiser.ts';
import { DisclosureService } from '../../shared/services/disclosure-service.ts';
import { AuthorisationSigner } from '../../shared/services/signing-keys.ts';
import { apiBasics, auditLogOf, keyServiceOf, type ApiBasics, type SdkClients } from '../platform.ts';
import { packsOf, policyOf } from '../policies.ts';

export interface DisclosuresDependencies extends ApiBasics {
  readonly disclosures: DisclosureService;
  readonly phinResolve: PhinResolveService;
  /** The one pseudonymiser both services call KMS through (the bench counts its calls). */
  readonly pseudonymiser: Pseudonymiser;
}

/** The disclosures function's composition root: decisions, their batch form, and PHIN re-identification. */
export function composeDisclosures(
  config: Config,
  clients: Pick<SdkClients, 'dynamoDb' | 'kms'>,
): DisclosuresDependencies {
  const basics = apiBasics(config, clients);
  const { dynamoDb } = clients;
  const keyService = keyServiceOf(config, clients.kms);
  const pseudonymiser = new Pseudonymiser(keyService);
  const audit = auditLogOf(config, dynamoDb);
  const { clock } = basics;
  const { deployment } = config;
  const disclosures = new DisclosureService({
    registry: basics.registry,
    records: new DynamoDbRecordsStore(dynamoDb, config.tables.records),
    idempotency: new DynamoDbIdempotencyStore(dynamoDb, config.tables.idempotency),
    audit,
    reviews: new DynamoDbReviewStore(dynamoDb, config.tables.records),
    pseudonymiser,
    authorisations: new AuthorisationSigner(keyService),
    policy: policyOf(config),
    packs: packsOf(config),
    clock,
    deployment,
  });
  // Re-identification recomputes PHIN pseudonyms under the same key policy (pseudonymisation.md).
  const phinResolve = new PhinResolveService({ pseudonymiser, audit, clock, deployment });
  return { ...basics, disclosures, phinResolve, pseudonymiser };
}
