import { apiHandler, implement, json, rawBody } from '../lib/index.ts';
import type { ApiCall } from '../lib/index.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { createKmsClient } from '../../shared/adapters/kms/index.ts';
import { sha256Digest } from '../../shared/canonical-json.ts';
import { config } from '../../shared/config/config.ts';
import type { ReadContext } from '../../shared/services/audit-read-service.ts';
import { composeAuditRead } from './compose.ts';

/** The audit endpoints (api.md §4.3): search, checkpoints, proofs and entries of the caller's org. */
const { signedRequest, audit } = composeAuditRead(config(), {
  dynamoDb: createDocumentClient(),
  kms: createKmsClient(),
});

function readContext(call: ApiCall<unknown>): ReadContext {
  return { caller: call.caller, requestId: call.requestId, digest: sha256Digest(rawBody(call.event)) };
}

export const handler = apiHandler({
  deps: signedRequest,
  routes: implement('auditRead', {
    postAuditSearch: async (call) => json(200, await audit.search(readContext(call), call.body)),
    getAuditCheckpoints: async (call) => json(200, await audit.checkpoints(readContext(call))),
    postAuditProofsInclusion: async (call) => json(200, await audit.inclusion(readContext(call), call.body)),
    postAuditProofsConsistency: async (call) => json(200, await audit.consistency(readContext(call), call.body)),
    postAuditEntries: async (call) => json(200, await audit.entries(readContext(call), call.body)),
  }),
});
