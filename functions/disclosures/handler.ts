import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { createKmsClient } from '../../shared/adapters/kms/index.ts';
import { sha256Digest } from '../../shared/canonical-json.ts';
import { config } from '../../shared/config/config.ts';
import { apiHandler, countAuditUnavailableItems, header, implement, json, rawBody, rawBodyOf } from '../lib/index.ts';
import type { ApiEvent } from '../lib/types.ts';
import { decideBatch } from './batch.ts';
import { composeDisclosures } from './compose.ts';
import { RecipientWithClient } from '../../shared/registry/read-along.ts';

/** POST /v1/disclosures and its batch form (api.md §4.1), and PHIN re-identification. */
export const dependencies = composeDisclosures(config(), { dynamoDb: createDocumentClient(), kms: createKmsClient() });
const { signedRequest, disclosures, phinResolve, metrics, registry } = dependencies;

export const handler = apiHandler({
  deps: signedRequest,
  // DisclosureService.disclose reads while the request is admitted and writes only once it is.
  overlapping: ['postDisclosures'],
  // Its jti rides in the decision's audit transaction: one conditional put fewer before the commit.
  replayInTransaction: ['postDisclosures'],
  // The client's and the recipient's registry records in one BatchGetItem.
  readAlong: { postDisclosures: (request) => new RecipientWithClient(registry, rawBodyOf(request)) },
  routes: implement('disclosures', {
    postDisclosures: async ({ caller, body, event, admitted, replay, readAlong }) => {
      const answer = await disclosures.disclose(caller, body, sha256Digest(rawBody(event)), {
        acceptLanguage: acceptLanguage(event),
        admitted,
        replay,
        readAlong,
      });
      return json(200, answer, { 'Content-Language': answer.explanationsLanguage ?? 'en' });
    },
    postDisclosuresBatch: async ({ caller, body, requestId, event }) => {
      const results = await decideBatch(disclosures, caller, body.requests, requestId, acceptLanguage(event));
      countAuditUnavailableItems(metrics, results);
      return json(200, { results });
    },
    postPhinResolve: async ({ caller, body, event, requestId }) =>
      json(200, await phinResolve.resolve(caller, body, { requestId, digest: sha256Digest(rawBody(event)) })),
  }),
});

/** The caller's language preference; an ambiguous (repeated) header counts as none. */
function acceptLanguage(event: ApiEvent): string | undefined {
  const value = header(event, 'Accept-Language');
  return typeof value === 'string' ? value : undefined;
}
