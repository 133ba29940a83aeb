/**
 * THE operation table of the v1 API, keyed by operationId: method, path, the function that
 * implements it, scope, request and response schemas, and the problem codes particular to it.
 * Everything else about the surface is derived from it (see operation.ts); adding an operation is
 * a row here plus its implementation by id in the function's handler, which tsc then demands.
 * Rows are in the order the OpenAPI document lists them.
 */
import { emptyBodySchema, putClientSchema, putRecipientSchema } from '../schemas/admin.ts';
import {
  auditEntriesRequestSchema,
  auditSearchSchema,
  consistencyProofRequestSchema,
  inclusionProofRequestSchema,
} from '../schemas/audit.ts';
import { disclosureRequestSchema } from '../schemas/disclosure.ts';
import {
  addConsentSchema,
  addObjectionSchema,
  listDisclosuresSchema,
  liftRestrictionSchema,
  erasePatientSchema,
  notificationNotRequiredSchema,
  notificationSentSchema,
  placeRestrictionSchema,
  putNdopSchema,
  registerPatientSchema,
  withdrawConsentSchema,
  withdrawObjectionSchema,
} from '../schemas/records.ts';
import * as answers from '../schemas/responses.ts';
import * as reviews from '../schemas/reviews.ts';
import * as seRecords from '../schemas/se-records.ts';
import * as seAnswers from '../schemas/se-responses.ts';
import { notificationSearchAnswerSchema, notificationSearchSchema } from '../schemas/notifications.ts';
import { resolveAnswerSchema, resolveRequestSchema } from '../schemas/phin-resolve.ts';
import { named, type ApiFunctionId, type HttpMethod, type Operation } from './operation.ts';

const at = <const M extends HttpMethod, const F extends ApiFunctionId>(method: M, path: string, fn: F) => ({
  method,
  path,
  function: fn,
});
const PUBLIC = { tag: 'public' } as const;
const ADMIN = { tag: 'admin', scope: 'admin', audited: true } as const;
const RECORD_WRITE = {
  tag: 'records',
  scope: 'records:write',
  audited: true,
  conflicts: ['version_conflict'],
} as const;
const RECORD_READ = { tag: 'records', scope: 'records:read' } as const;
const DISCLOSE = { tag: 'disclosures', scope: 'disclosure:check', audited: true } as const;
const AUDIT_READ = { tag: 'audit', scope: 'audit:read', audited: true } as const;
const REVIEW_READ = { tag: 'reviews', scope: 'review:decide', alsoScope: 'audit:read', audited: true } as const;

export const OPERATIONS = {
  getHealth: {
    ...at('GET', '/v1/health', 'public'),
    ...PUBLIC,
    summary: 'Liveness and version',
    response: named('Health', answers.healthSchema),
  },
  getWellKnownJwksJson: {
    ...at('GET', '/.well-known/jwks.json', 'public'),
    ...PUBLIC,
    summary:
      'The gatekeeper public keys: checkpoint signing (Ed25519) and authorisation signing (ES256), with retired keys kept while anything they signed must verify',
    response: named('Jwks', answers.jwksSchema),
  },
  getOpenapiJson: {
    ...at('GET', '/v1/openapi.json', 'public'),
    ...PUBLIC,
    summary: 'This OpenAPI document',
    response: named('OpenApiDocument', answers.openApiSchema),
  },

  putClients: {
    ...at('PUT', '/v1/clients/{clientId}', 'admin'),
    ...ADMIN,
    forbids: ['separation_of_duties'],
    summary: 'Create or replace a client of the caller org, with its public keys',
    request: named('PutClientRequest', putClientSchema),
    response: named('Client', answers.clientWriteSchema),
  },
  postClientsKeysRevoke: {
    ...at('POST', '/v1/clients/{clientId}/keys/{kid}/revoke', 'admin'),
    ...ADMIN,
    summary: 'Revoke a client key; takes effect at once',
    request: named('EmptyRequest', emptyBodySchema),
    response: named('ReceiptOnly', answers.receiptOnlySchema),
  },
  putRecipients: {
    ...at('PUT', '/v1/recipients/{recipientId}', 'admin'),
    ...ADMIN,
    summary: 'Create or replace a recipient of the caller org',
    request: named('PutRecipientRequest', putRecipientSchema),
    response: named('RecipientWritten', answers.recipientWriteSchema),
  },
  getRecipients: {
    ...at('GET', '/v1/recipients', 'admin'),
    tag: 'admin',
    scope: 'admin',
    summary: 'The recipients of the caller org',
    response: named('RecipientList', answers.recipientListSchema),
  },

  putPatients: {
    ...at('PUT', '/v1/patients/{patientId}', 'records'),
    ...RECORD_WRITE,
    summary: 'Register a patient; identifiers are validated, stored only as keyed HMACs and shown masked',
    request: named('RegisterPatientRequest', registerPatientSchema),
    response: named('Patient', answers.patientSchema),
  },
  postPatientsConsents: {
    ...at('POST', '/v1/patients/{patientId}/consents', 'records'),
    ...RECORD_WRITE,
    summary: 'Record a consent given or declined (idempotent on consentId)',
    request: named('AddConsentRequest', addConsentSchema),
    response: named('ConsentWritten', answers.consentWriteSchema),
  },
  postPatientsConsentsWithdraw: {
    ...at('POST', '/v1/patients/{patientId}/consents/{consentId}/withdraw', 'records'),
    ...RECORD_WRITE,
    summary: 'Withdraw a consent; no decision logged after this may rely on it',
    request: named('WithdrawConsentRequest', withdrawConsentSchema),
    response: named('ConsentWritten', answers.consentWriteSchema),
  },
  postPatientsObjections: {
    ...at('POST', '/v1/patients/{patientId}/objections', 'records'),
    ...RECORD_WRITE,
    summary: 'Record an objection (idempotent on objectionId)',
    request: named('AddObjectionRequest', addObjectionSchema),
    response: named('ObjectionWritten', answers.objectionWriteSchema),
  },
  postPatientsObjectionsWithdraw: {
    ...at('POST', '/v1/patients/{patientId}/objections/{objectionId}/withdraw', 'records'),
    ...RECORD_WRITE,
    summary: 'Withdraw an objection',
    request: named('WithdrawObjectionRequest', withdrawObjectionSchema),
    response: named('ObjectionWritten', answers.objectionWriteSchema),
  },
  putPatientsNdop: {
    ...at('PUT', '/v1/patients/{patientId}/ndop', 'records'),
    ...RECORD_WRITE,
    summary: 'Record a National Data Opt-out check result',
    request: named('PutNdopRequest', putNdopSchema),
    response: named('NdopWritten', answers.ndopWriteSchema),
  },
  getPatientsRecords: {
    ...at('GET', '/v1/patients/{patientId}/records', 'records'),
    ...RECORD_READ,
    summary:
      'Identifiers (masked), consents and objections with their history, NDOP; Swedish blocks, spärr check, care relations, employers, registerutdrag',
    response: named('PatientRecords', seAnswers.patientRecordsWithSwedishSchema),
  },
  getPatientsDisclosures: {
    ...at('GET', '/v1/patients/{patientId}/disclosures', 'records'),
    ...RECORD_READ,
    summary: 'Subject access: every decision about this patient, never the payload',
    // The first page is a GET without a body; a client paging on sends one, which the handler reads.
    request: { ...named('ListDisclosuresRequest', listDisclosuresSchema), readBy: 'handler' },
    response: named('DisclosureHistory', answers.disclosureHistorySchema),
  },

  postDisclosures: {
    ...at('POST', '/v1/disclosures', 'disclosures'),
    ...DISCLOSE,
    conflicts: ['idempotency_conflict'],
    summary: 'Decide, minimise and log one disclosure; answered only after the audit entry is durable',
    request: named('DisclosureRequest', disclosureRequestSchema),
    response: named('DecisionAnswer', answers.decisionAnswerSchema),
  },
  postDisclosuresBatch: {
    ...at('POST', '/v1/disclosures/batch', 'disclosures'),
    ...DISCLOSE,
    summary: 'Up to 500 disclosures, each decided and audited on its own (PHIN monthly submissions)',
    // Items are `unknown` here and validated one by one, so one bad item does not fail the others.
    request: named('BatchRequest', answers.batchRequestSchema),
    response: named('BatchAnswer', answers.batchAnswerSchema),
  },
  postPhinResolve: {
    // The same capability as submitting to PHIN: a client that may ask for PHIN decisions already
    // obtains the episodeKey of any episode id it names, so no new power is granted.
    ...at('POST', '/v1/phin/resolve', 'disclosures'),
    ...DISCLOSE,
    summary:
      'Re-identify PHIN episodeKeys by recomputing the pseudonyms of candidate episode ids (logged as audit.read)',
    request: named('PhinResolveRequest', resolveRequestSchema),
    response: named('PhinResolveAnswer', resolveAnswerSchema),
  },

  postAuditSearch: {
    ...at('POST', '/v1/audit/search', 'auditRead'),
    ...AUDIT_READ,
    summary: 'Search the org audit logs, newest first',
    request: named('AuditSearchRequest', auditSearchSchema),
    response: named('AuditSearchAnswer', answers.auditSearchAnswerSchema),
  },
  getAuditCheckpoints: {
    ...at('GET', '/v1/audit/checkpoints', 'auditRead'),
    ...AUDIT_READ,
    summary: 'The latest signed checkpoint of each org log',
    response: named('Checkpoints', answers.checkpointsSchema),
  },
  postAuditProofsInclusion: {
    ...at('POST', '/v1/audit/proofs/inclusion', 'auditRead'),
    ...AUDIT_READ,
    summary: 'RFC 9162 inclusion proof of an entry',
    request: named('InclusionProofRequest', inclusionProofRequestSchema),
    response: named('InclusionProof', answers.inclusionProofSchema),
  },
  postAuditProofsConsistency: {
    ...at('POST', '/v1/audit/proofs/consistency', 'auditRead'),
    ...AUDIT_READ,
    summary: 'RFC 9162 consistency proof between two tree sizes',
    request: named('ConsistencyProofRequest', consistencyProofRequestSchema),
    response: named('ConsistencyProof', answers.consistencyProofSchema),
  },
  postAuditEntries: {
    ...at('POST', '/v1/audit/entries', 'auditRead'),
    ...AUDIT_READ,
    summary: 'Canonical entries in index order, for offline verification and export',
    request: named('AuditEntriesRequest', auditEntriesRequestSchema),
    response: named('AuditEntries', answers.auditEntriesSchema),
  },

  // Reviews (reviews.md §5): served by the records function, which keeps the cases.
  postReviewsSearch: {
    ...at('POST', '/v1/reviews/search', 'records'),
    ...REVIEW_READ,
    summary: 'The review queue: overdue first, then the oldest due date (logged as audit.read, never the results)',
    request: named('ReviewSearchRequest', reviews.reviewSearchSchema),
    response: named('ReviewSearchAnswer', reviews.reviewSearchAnswerSchema),
  },
  getReviews: {
    ...at('GET', '/v1/reviews/{reviewId}', 'records'),
    ...REVIEW_READ,
    summary: 'A review case; its free text for review:decide only (logged as audit.read)',
    response: named('Review', reviews.reviewSchema),
  },
  postReviews: {
    ...at('POST', '/v1/reviews', 'records'),
    tag: 'reviews',
    scope: 'records:write',
    audited: true,
    conflicts: ['idempotency_conflict'],
    summary: 'Open a CONTEST case on a decision of this patient (the patient asks for a person to look at it)',
    request: named('ContestRequest', reviews.contestSchema),
    response: named('ReviewChange', reviews.reviewChangeAnswerSchema),
  },
  postReviewsDecide: {
    ...at('POST', '/v1/reviews/{reviewId}/decide', 'records'),
    tag: 'reviews',
    scope: 'review:decide',
    audited: true,
    conflicts: ['review_state_conflict', 'idempotency_conflict'],
    forbids: ['separation_of_duties'],
    summary: 'Decide a review case in the role registered for the caller; four eyes; idempotent on requestId',
    request: named('DecideReviewRequest', reviews.decideReviewSchema),
    response: named('ReviewChange', reviews.reviewChangeAnswerSchema),
  },
  postPatientsRestrictions: {
    ...at('POST', '/v1/patients/{patientId}/restrictions', 'records'),
    ...RECORD_WRITE,
    conflicts: ['version_conflict', 'idempotency_conflict'],
    summary: 'Restrict processing of the patient data (UK GDPR Art 18; idempotent on restrictionId)',
    request: named('PlaceRestrictionRequest', placeRestrictionSchema),
    response: named('RestrictionWritten', answers.restrictionWriteSchema),
  },
  postPatientsRestrictionsLift: {
    ...at('POST', '/v1/patients/{patientId}/restrictions/{restrictionId}/lift', 'records'),
    ...RECORD_WRITE,
    conflicts: ['version_conflict', 'idempotency_conflict'],
    summary: 'Lift a restriction of processing once the patient has been told (Art 18(3))',
    request: named('LiftRestrictionRequest', liftRestrictionSchema),
    response: named('RestrictionWritten', answers.restrictionWriteSchema),
  },
  postNotificationsSent: {
    ...at('POST', '/v1/notifications/{notificationId}/sent', 'records'),
    ...RECORD_WRITE,
    conflicts: ['version_conflict', 'review_state_conflict'],
    summary: 'Record that an earlier recipient was told of the change (Art 19; idempotent on requestId)',
    request: named('NotificationSentRequest', notificationSentSchema),
    response: named('NotificationWritten', answers.notificationWriteSchema),
  },
  postNotificationsNotRequired: {
    ...at('POST', '/v1/notifications/{notificationId}/not-required', 'records'),
    ...RECORD_WRITE,
    conflicts: ['version_conflict', 'review_state_conflict'],
    summary: 'Close a notification as not required, with the reason (idempotent on requestId)',
    request: named('NotificationNotRequiredRequest', notificationNotRequiredSchema),
    response: named('NotificationWritten', answers.notificationWriteSchema),
  },
  postPatientsErase: {
    ...at('POST', '/v1/patients/{patientId}/erase', 'records'),
    ...RECORD_WRITE,
    summary: "Erase the patient's records (Art 17); a tombstone denies later decisions, the audit log is kept",
    request: named('ErasePatientRequest', erasePatientSchema),
    response: named('Erasure', answers.erasureSchema),
  },

  // Swedish records (policy-se.md §9).
  postPatientsBlocks: {
    ...at('POST', '/v1/patients/{patientId}/blocks', 'records'),
    ...RECORD_WRITE,
    summary: 'Place a block (spärr): INRE on one care unit, or YTTRE (no to shared records)',
    request: named('PlaceBlockRequest', seRecords.placeBlockSchema),
    response: named('BlockWritten', seAnswers.blockWriteSchema),
  },
  postPatientsBlocksLift: {
    ...at('POST', '/v1/patients/{patientId}/blocks/{blockId}/lift', 'records'),
    ...RECORD_WRITE,
    summary: 'Lift a block permanently (patient request or registration error)',
    request: named('LiftBlockRequest', seRecords.liftBlockSchema),
    response: named('BlockWritten', seAnswers.blockWriteSchema),
  },
  putPatientsSparrCheck: {
    ...at('PUT', '/v1/patients/{patientId}/sparr-check', 'records'),
    ...RECORD_WRITE,
    summary: 'Record the latest reading of the national spärrtjänst',
    request: named('PutSparrCheckRequest', seRecords.putSparrCheckSchema),
    response: named('SparrCheckWritten', seAnswers.sparrCheckWriteSchema),
  },
  postPatientsCareRelations: {
    ...at('POST', '/v1/patients/{patientId}/care-relations', 'records'),
    ...RECORD_WRITE,
    summary: 'Record a care relation (vårdrelation) attested by the recipient caregiver',
    request: named('AddCareRelationRequest', seRecords.addCareRelationSchema),
    response: named('CareRelationWritten', seAnswers.careRelationWriteSchema),
  },
  postPatientsCareRelationsEnd: {
    ...at('POST', '/v1/patients/{patientId}/care-relations/{relationId}/end', 'records'),
    ...RECORD_WRITE,
    summary: 'End a care relation',
    request: named('EndCareRelationRequest', seRecords.endCareRelationSchema),
    response: named('CareRelationWritten', seAnswers.careRelationWriteSchema),
  },
  postNotificationsSearch: {
    ...at('POST', '/v1/notifications/search', 'records'),
    tag: 'records',
    scope: 'records:write',
    alsoScope: 'audit:read',
    audited: true,
    summary: 'Notifications to earlier recipients: overdue first, then the oldest due date (logged as audit.read)',
    request: named('NotificationSearchRequest', notificationSearchSchema),
    response: named('NotificationSearchAnswer', notificationSearchAnswerSchema),
  },

  // Swedish records (policy-se.md §9), continued.
  postPatientsRegisterutdrag: {
    ...at('POST', '/v1/patients/{patientId}/registerutdrag', 'records'),
    ...RECORD_WRITE,
    conflicts: ['version_conflict', 'idempotency_conflict'],
    summary:
      'Issue a registerutdrag: every decision about the patient, logged first, with the count this calendar year (idempotent on utdragId)',
    request: named('RegisterutdragRequest', seRecords.registerutdragSchema),
    response: named('Registerutdrag', seAnswers.registerutdragAnswerSchema),
  },
} as const satisfies Readonly<Record<string, Operation>>;
