import { z } from 'zod';
import { apiHandler, countAuditUnavailableItems, json, rawBody, route } from '../lib/index.ts';
import { runtime } from '../runtime.ts';
import { signedRequestDeps } from '../signed-deps.ts';
import { decideBatch } from './batch.ts';
import { DynamoDbIdempotencyStore } from '../../shared/adapters/dynamodb/idempotency-store.ts';
import { sha256Digest } from '../../shared/canonical-json.ts';
import { PhinResolveService, resolveRequestSchema } from '../../shared/phin/resolve.ts';
import { disclosureRequestSchema } from '../../shared/schemas/disclosure.ts';
import { DisclosureService } from '../../shared/services/disclosure-service.ts';
import { AuthorisationSigner } from '../../shared/services/signing-keys.ts';

/** POST /v1/disclosures and its batch form (api.md §4.1). */
const MAX_BATCH = 500;
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

// Items are validated one by one so that one bad request does not fail the others.
const batchSchema = z.strictObject({ requests: z.array(z.unknown()).min(1).max(MAX_BATCH) });

export const handler = apiHandler({
  deps: signedRequestDeps(),
  routes: [
    route({
      method: 'POST',
      resource: '/v1/disclosures',
      scope: 'disclosure:check',
      body: disclosureRequestSchema,
      handle: async ({ caller, body, event }) => json(200, await disclosures.disclose(caller, body, sha256Digest(rawBody(event)))),
    }),
    route({
      method: 'POST',
      resource: '/v1/disclosures/batch',
      scope: 'disclosure:check',
      body: batchSchema,
      handle: async ({ caller, body, requestId }) => {
        const results = await decideBatch(disclosures, caller, body.requests, requestId);
        countAuditUnavailableItems(runtime.metrics(), results);
        return json(200, { results });
      },
    }),
    route({
      method: 'POST',
      resource: '/v1/phin/resolve',
      // The same capability as submitting to PHIN: a client that may ask for PHIN decisions already
      // obtains the episodeKey of any episode id it names, so no new power is granted.
      scope: 'disclosure:check',
      body: resolveRequestSchema,
      handle: async ({ caller, body, event, requestId }) => json(200, await phinResolve.resolve(caller, body, { requestId, digest: sha256Digest(rawBody(event)) })),
    }),
  ],
});
