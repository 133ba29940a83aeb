import { apiHandler, countAuditUnavailableItems, implement, json, rawBody } from '../lib/index.ts';
import { runtime } from '../runtime.ts';
import { signedRequestDeps } from '../signed-deps.ts';
import { decideBatch } from './batch.ts';
import { DynamoDbIdempotencyStore } from '../../shared/adapters/dynamodb/idempotency-store.ts';
import { sha256Digest } from '../../shared/canonical-json.ts';
import { PhinResolveService } from '../../shared/phin/resolve.ts';
import { DisclosureService } from '../../shared/services/disclosure-service.ts';
import { AuthorisationSigner } from '../../shared/services/signing-keys.ts';

/** POST /v1/disclosures and its batch form (api.md §4.1), and PHIN re-identification. */
const { config } = runtime;
const disclosures = new DisclosureService({
  registry: runtime.registry(),
  records: runtime.records(),
  idempotency: new DynamoDbIdempotencyStore(runtime.documentClient(), config().tables.idempotency),
  audit: runtime.auditLog(),
  pseudonymiser: runtime.pseudonymiser(),
  authorisations: new AuthorisationSigner(runtime.keyService()),
  policy: runtime.policy(),
  clock: runtime.clock(),
  deployment: config().deployment,
});

// Re-identification recomputes PHIN pseudonyms under the same key policy (pseudonymisation.md).
const phinResolve = new PhinResolveService({ pseudonymiser: runtime.pseudonymiser(), audit: runtime.auditLog(), clock: runtime.clock(), deployment: config().deployment });

export const handler = apiHandler({
  deps: signedRequestDeps(),
  routes: implement('disclosures', {
    postDisclosures: async ({ caller, body, event }) => json(200, await disclosures.disclose(caller, body, sha256Digest(rawBody(event)))),
    postDisclosuresBatch: async ({ caller, body, requestId }) => {
      const results = await decideBatch(disclosures, caller, body.requests, requestId);
      countAuditUnavailableItems(runtime.metrics(), results);
      return json(200, { results });
    },
    postPhinResolve: async ({ caller, body, event, requestId }) =>
      json(200, await phinResolve.resolve(caller, body, { requestId, digest: sha256Digest(rawBody(event)) })),
  }),
});
