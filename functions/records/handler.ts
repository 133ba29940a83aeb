import { apiHandler, fieldErrors, json, parseJsonBody, rawBody, route, ValidationFailedError } from '../lib/index.ts';
import type { ApiEvent } from '../lib/index.ts';
import { runtime } from '../runtime.ts';
import { signedRequestDeps } from '../signed-deps.ts';
import { DynamoDbAuditSearch } from '../../shared/adapters/dynamodb/audit-search.ts';
import { sha256Digest } from '../../shared/canonical-json.ts';
import {
  addConsentSchema, addObjectionSchema, listDisclosuresSchema, putNdopSchema, registerPatientSchema,
  withdrawConsentSchema, withdrawObjectionSchema, type ListDisclosuresBody,
} from '../../shared/schemas/records.ts';
import { RecordsService } from '../../shared/services/records-service.ts';

/** Patient records and subject access (api.md §4.2). */
const { config } = runtime;
const records = new RecordsService({
  records: runtime.records(),
  registry: runtime.registry(),
  audit: runtime.auditLog(),
  search: new DynamoDbAuditSearch(runtime.documentClient(), config().tables.audit),
  pseudonymiser: runtime.pseudonymiser(),
  clock: runtime.clock(),
  deployment: config().deployment,
  identifierSwitches: runtime.policy().document.switches,
});

const digestOf = (event: ApiEvent): string => sha256Digest(rawBody(event));

/**
 * GET carries no body in the usual case (the first page); a client paging on sends
 * `{ "limit"?, "cursor"? }`, which the stack already checked is well-formed JSON.
 */
function pagingOf(event: ApiEvent): ListDisclosuresBody {
  const bytes = rawBody(event);
  if (bytes.byteLength === 0) return {};
  const result = listDisclosuresSchema.safeParse(parseJsonBody(bytes));
  if (!result.success) throw new ValidationFailedError(fieldErrors(result.error.issues));
  return result.data;
}

export const handler = apiHandler({
  deps: signedRequestDeps(),
  routes: [
    route({
      method: 'PUT',
      resource: '/v1/patients/{patientId}',
      scope: 'records:write',
      body: registerPatientSchema,
      handle: async ({ caller, params, body, event }) => json(200, await records.registerPatient(caller, params['patientId']!, body, digestOf(event))),
    }),
    route({
      method: 'POST',
      resource: '/v1/patients/{patientId}/consents',
      scope: 'records:write',
      body: addConsentSchema,
      handle: async ({ caller, params, body, event }) => json(200, await records.addConsent(caller, params['patientId']!, body, digestOf(event))),
    }),
    route({
      method: 'POST',
      resource: '/v1/patients/{patientId}/consents/{consentId}/withdraw',
      scope: 'records:write',
      body: withdrawConsentSchema,
      handle: async ({ caller, params, body, event }) =>
        json(200, await records.withdrawConsent(caller, params['patientId']!, params['consentId']!, body, digestOf(event))),
    }),
    route({
      method: 'POST',
      resource: '/v1/patients/{patientId}/objections',
      scope: 'records:write',
      body: addObjectionSchema,
      handle: async ({ caller, params, body, event }) => json(200, await records.addObjection(caller, params['patientId']!, body, digestOf(event))),
    }),
    route({
      method: 'POST',
      resource: '/v1/patients/{patientId}/objections/{objectionId}/withdraw',
      scope: 'records:write',
      body: withdrawObjectionSchema,
      handle: async ({ caller, params, body, event }) =>
        json(200, await records.withdrawObjection(caller, params['patientId']!, params['objectionId']!, body, digestOf(event))),
    }),
    route({
      method: 'PUT',
      resource: '/v1/patients/{patientId}/ndop',
      scope: 'records:write',
      body: putNdopSchema,
      handle: async ({ caller, params, body, event }) => json(200, await records.putNdop(caller, params['patientId']!, body, digestOf(event))),
    }),
    route({
      method: 'GET',
      resource: '/v1/patients/{patientId}/records',
      scope: 'records:read',
      handle: async ({ caller, params }) => json(200, await records.getRecords(caller, params['patientId']!)),
    }),
    route({
      method: 'GET',
      resource: '/v1/patients/{patientId}/disclosures',
      scope: 'records:read',
      handle: async ({ caller, params, event }) => json(200, await records.listDisclosures(caller, params['patientId']!, pagingOf(event))),
    }),
  ],
});
