import { apiHandler, implement, json, rawBody } from '../lib/index.ts';
import type { ApiCall } from '../lib/index.ts';
import { runtime } from '../runtime.ts';
import { signedRequestDeps } from '../signed-deps.ts';
import { DynamoDbAuditSearch } from '../../shared/adapters/dynamodb/audit-search.ts';
import { DynamoDbAuditStore } from '../../shared/adapters/dynamodb/audit-store.ts';
import { sha256Digest } from '../../shared/canonical-json.ts';
import { AuditReadService, type ReadContext } from '../../shared/services/audit-read-service.ts';
import { CheckpointService } from '../../shared/services/checkpoint-service.ts';

/** The audit endpoints (api.md §4.3): search, checkpoints, proofs and entries of the caller's org. */
const { config } = runtime;
const tables = { audit: config().tables.audit, auditHeads: config().tables.auditHeads };
const store = new DynamoDbAuditStore(runtime.documentClient(), tables);
const audit = new AuditReadService({
  store,
  search: new DynamoDbAuditSearch(runtime.documentClient(), tables.audit),
  audit: runtime.auditLog(),
  pseudonymiser: runtime.pseudonymiser(),
  // In AWS this role may only read the public keys (verifierKeys); signing on read is configured locally only.
  checkpoints: new CheckpointService(store, runtime.keyService(), runtime.clock()),
  organisations: runtime.registry(),
  clock: runtime.clock(),
  deployment: config().deployment,
  signCheckpointsOnRead: config().signCheckpointsOnRead,
});

function readContext(call: ApiCall<unknown>): ReadContext {
  return { caller: call.caller, requestId: call.requestId, digest: sha256Digest(rawBody(call.event)) };
}

export const handler = apiHandler({
  deps: signedRequestDeps(),
  routes: implement('auditRead', {
    postAuditSearch: async (call) => json(200, await audit.search(readContext(call), call.body)),
    getAuditCheckpoints: async (call) => json(200, await audit.checkpoints(readContext(call))),
    postAuditProofsInclusion: async (call) => json(200, await audit.inclusion(readContext(call), call.body)),
    postAuditProofsConsistency: async (call) => json(200, await audit.consistency(readContext(call), call.body)),
    postAuditEntries: async (call) => json(200, await audit.entries(readContext(call), call.body)),
  }),
});
