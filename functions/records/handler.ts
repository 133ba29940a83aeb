import {
  apiHandler,
  fieldErrors,
  implement,
  json,
  parseJsonBody,
  rawBody,
  ValidationFailedError,
} from '../lib/index.ts';
import type { ApiCall, ApiEvent } from '../lib/index.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { createKmsClient } from '../../shared/adapters/kms/index.ts';
import { sha256Digest } from '../../shared/canonical-json.ts';
import { config } from '../../shared/config/config.ts';
import { listDisclosuresSchema, type ListDisclosuresBody } from '../../shared/schemas/records.ts';
import { composeRecords } from './compose.ts';

/** Patient records and subject access (api.md §4.2), Swedish records (policy-se.md §9), the review queue and notifications (reviews.md §5). */
const { signedRequest, records, reviewDecisions, reviewQueue, notificationQueue, swedishRecords, registerutdrag } =
  composeRecords(config(), {
    dynamoDb: createDocumentClient(),
    kms: createKmsClient(),
  });

const digestOf = (event: ApiEvent): string => sha256Digest(rawBody(event));
const readOf = (call: ApiCall<unknown>) => ({ requestId: call.requestId, digest: digestOf(call.event) });

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
  deps: signedRequest,
  routes: implement('records', {
    putPatients: async ({ caller, params, body, event }) =>
      json(200, await records.registerPatient(caller, params['patientId']!, body, digestOf(event))),
    postPatientsConsents: async ({ caller, params, body, event }) =>
      json(200, await records.addConsent(caller, params['patientId']!, body, digestOf(event))),
    postPatientsConsentsWithdraw: async ({ caller, params, body, event }) =>
      json(
        200,
        await records.withdrawConsent(caller, params['patientId']!, params['consentId']!, body, digestOf(event)),
      ),
    postPatientsObjections: async ({ caller, params, body, event }) =>
      json(200, await records.addObjection(caller, params['patientId']!, body, digestOf(event))),
    postPatientsObjectionsWithdraw: async ({ caller, params, body, event }) =>
      json(
        200,
        await records.withdrawObjection(caller, params['patientId']!, params['objectionId']!, body, digestOf(event)),
      ),
    putPatientsNdop: async ({ caller, params, body, event }) =>
      json(200, await records.putNdop(caller, params['patientId']!, body, digestOf(event))),
    getPatientsRecords: async ({ caller, params }) => json(200, await records.getRecords(caller, params['patientId']!)),
    getPatientsDisclosures: async ({ caller, params, event }) =>
      json(200, await records.listDisclosures(caller, params['patientId']!, pagingOf(event))),
    postReviewsSearch: async (call) => json(200, await reviewQueue.search(call.caller, readOf(call), call.body)),
    getReviews: async (call) => json(200, await reviewQueue.get(call.caller, readOf(call), call.params['reviewId']!)),
    postReviews: async ({ caller, body }) => json(200, await reviewQueue.contest(caller, body)),
    postReviewsDecide: async ({ caller, params, body }) =>
      json(200, await reviewDecisions.decide(caller, params['reviewId']!, body)),
    postPatientsRestrictions: async ({ caller, params, body, event }) =>
      json(200, await records.placeRestriction(caller, params['patientId']!, body, digestOf(event))),
    postPatientsRestrictionsLift: async ({ caller, params, body, event }) =>
      json(
        200,
        await records.liftRestriction(caller, params['patientId']!, params['restrictionId']!, body, digestOf(event)),
      ),
    postPatientsErase: async ({ caller, params, body, event }) =>
      json(200, await records.erasePatient(caller, params['patientId']!, body, digestOf(event))),
    postNotificationsSent: async ({ caller, params, body, event }) =>
      json(
        200,
        await records.closeNotification(
          caller,
          params['notificationId']!,
          { outcome: 'SENT', ...body },
          digestOf(event),
        ),
      ),
    postNotificationsNotRequired: async ({ caller, params, body, event }) =>
      json(
        200,
        await records.closeNotification(
          caller,
          params['notificationId']!,
          { outcome: 'NOT_REQUIRED', ...body },
          digestOf(event),
        ),
      ),
    postPatientsBlocks: async ({ caller, params, body, event }) =>
      json(200, await swedishRecords.placeBlock(caller, params['patientId']!, body, digestOf(event))),
    postPatientsBlocksLift: async ({ caller, params, body, event }) =>
      json(
        200,
        await swedishRecords.liftBlock(caller, params['patientId']!, params['blockId']!, body, digestOf(event)),
      ),
    putPatientsSparrCheck: async ({ caller, params, body, event }) =>
      json(200, await swedishRecords.putSparrCheck(caller, params['patientId']!, body, digestOf(event))),
    postPatientsCareRelations: async ({ caller, params, body, event }) =>
      json(200, await swedishRecords.addCareRelation(caller, params['patientId']!, body, digestOf(event))),
    postPatientsCareRelationsEnd: async ({ caller, params, body, event }) =>
      json(
        200,
        await swedishRecords.endCareRelation(
          caller,
          params['patientId']!,
          params['relationId']!,
          body,
          digestOf(event),
        ),
      ),
    postNotificationsSearch: async (call) =>
      json(200, await notificationQueue.search(call.caller, readOf(call), call.body)),
    postPatientsRegisterutdrag: async ({ caller, params, body, event }) =>
      json(200, await registerutdrag.issue(caller, params['patientId']!, body, digestOf(event))),
  }),
});
