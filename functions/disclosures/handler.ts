import { z } from 'zod';
import { apiHandler, fieldErrors, json, problemDocument, rawBody, route, ValidationFailedError } from '../lib/index.ts';
import { runtime } from '../runtime.ts';
import { signedRequestDeps } from '../signed-deps.ts';
import { DynamoDbIdempotencyStore } from '../../shared/adapters/dynamodb/idempotency-store.ts';
import { canonicalDigest, sha256Digest } from '../../shared/canonical-json.ts';
import { loadPolicy } from '../../shared/policy/pack.ts';
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
  policy: loadPolicy(),
  clock: runtime.clock(),
  deployment: config().deployment,
  localMode: config().localMode,
});

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
        const results = [];
        for (const item of body.requests) {
          const parsed = disclosureRequestSchema.safeParse(item);
          const itemRequestId = requestIdOf(item);
          if (!parsed.success) {
            results.push({ requestId: itemRequestId, status: 422, problem: problemDocument(new ValidationFailedError(fieldErrors(parsed.error.issues)), requestId) });
            continue;
          }
          try {
            // In a batch there are no per-item raw bytes: the item's canonical form is what is digested.
            results.push({ requestId: itemRequestId, status: 200, ...(await disclosures.disclose(caller, parsed.data, canonicalDigest(item))) });
          } catch (error) {
            const problem = problemDocument(error, requestId);
            results.push({ requestId: itemRequestId, status: problem.status, problem });
          }
        }
        return json(200, { results });
      },
    }),
  ],
});

function requestIdOf(item: unknown): string | undefined {
  const value = (item as { requestId?: unknown } | null)?.requestId;
  return typeof value === 'string' && value.length <= 128 ? value : undefined;
}
