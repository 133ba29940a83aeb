/**
 * What the OpenAPI document says about each route of infra/routes.ts: its scope, the zod schema of
 * its request body and of its 200 answer, and the conflict codes it can answer. Keyed by
 * `METHOD path`; the tests check this table and ROUTES name exactly the same routes.
 */
import type { ZodType } from 'zod';
import type { Scope } from '../ports/client-registry.ts';
import { emptyBodySchema, putClientSchema, putRecipientSchema } from '../schemas/admin.ts';
import { auditEntriesRequestSchema, auditSearchSchema, consistencyProofRequestSchema, inclusionProofRequestSchema } from '../schemas/audit.ts';
import { disclosureRequestSchema } from '../schemas/disclosure.ts';
import {
  addConsentSchema, addObjectionSchema, listDisclosuresSchema, putNdopSchema, registerPatientSchema, withdrawConsentSchema, withdrawObjectionSchema,
} from '../schemas/records.ts';
import * as answers from '../schemas/responses.ts';
import { resolveAnswerSchema, resolveRequestSchema } from '../phin/resolve.ts';

export interface Operation {
  readonly summary: string;
  readonly tag: 'public' | 'disclosures' | 'records' | 'audit' | 'admin';
  /** Absent for the unsigned public endpoints. */
  readonly scope?: Scope;
  readonly request?: { readonly name: string; readonly schema: ZodType };
  readonly response: { readonly name: string; readonly schema: ZodType };
  /** 409 codes this route can answer. */
  readonly conflicts?: readonly string[];
  /** 403 codes only this route answers, beyond those of every signed route. */
  readonly forbids?: readonly string[];
  /** Writes an audit entry before answering, so it can answer 503 audit_unavailable. */
  readonly audited?: boolean;
}

const body = (name: string, schema: ZodType) => ({ name, schema });
const RECORD_WRITE = { tag: 'records', scope: 'records:write', audited: true, conflicts: ['version_conflict'] } as const;
const AUDIT_READ = { tag: 'audit', scope: 'audit:read', audited: true } as const;
const ADMIN = { tag: 'admin', scope: 'admin', audited: true } as const;

export const OPERATIONS: Readonly<Record<string, Operation>> = {
  'GET /v1/health': { summary: 'Liveness and version', tag: 'public', response: body('Health', answers.healthSchema) },
  'GET /.well-known/jwks.json': {
    summary: 'The gatekeeper public keys: checkpoint signing (Ed25519) and authorisation signing (ES256)',
    tag: 'public', response: body('Jwks', answers.jwksSchema),
  },
  'GET /v1/openapi.json': { summary: 'This OpenAPI document', tag: 'public', response: body('OpenApiDocument', answers.openApiSchema) },

  'PUT /v1/clients/{clientId}': {
    summary: 'Create or replace a client of the caller org, with its public keys', ...ADMIN, forbids: ['separation_of_duties'],
    request: body('PutClientRequest', putClientSchema), response: body('Client', answers.clientWriteSchema),
  },
  'POST /v1/clients/{clientId}/keys/{kid}/revoke': {
    summary: 'Revoke a client key; takes effect at once', ...ADMIN,
    request: body('EmptyRequest', emptyBodySchema), response: body('ReceiptOnly', answers.receiptOnlySchema),
  },
  'PUT /v1/recipients/{recipientId}': {
    summary: 'Create or replace a recipient of the caller org', ...ADMIN,
    request: body('PutRecipientRequest', putRecipientSchema), response: body('RecipientWritten', answers.recipientWriteSchema),
  },
  'GET /v1/recipients': { summary: 'The recipients of the caller org', tag: 'admin', scope: 'admin', response: body('RecipientList', answers.recipientListSchema) },

  'PUT /v1/patients/{patientId}': {
    summary: 'Register a patient; identifiers are validated, stored only as keyed HMACs and shown masked', ...RECORD_WRITE,
    request: body('RegisterPatientRequest', registerPatientSchema), response: body('Patient', answers.patientSchema),
  },
  'POST /v1/patients/{patientId}/consents': {
    summary: 'Record a consent given or declined (idempotent on consentId)', ...RECORD_WRITE,
    request: body('AddConsentRequest', addConsentSchema), response: body('ConsentWritten', answers.consentWriteSchema),
  },
  'POST /v1/patients/{patientId}/consents/{consentId}/withdraw': {
    summary: 'Withdraw a consent; no decision logged after this may rely on it', ...RECORD_WRITE,
    request: body('WithdrawConsentRequest', withdrawConsentSchema), response: body('ConsentWritten', answers.consentWriteSchema),
  },
  'POST /v1/patients/{patientId}/objections': {
    summary: 'Record an objection (idempotent on objectionId)', ...RECORD_WRITE,
    request: body('AddObjectionRequest', addObjectionSchema), response: body('ObjectionWritten', answers.objectionWriteSchema),
  },
  'POST /v1/patients/{patientId}/objections/{objectionId}/withdraw': {
    summary: 'Withdraw an objection', ...RECORD_WRITE,
    request: body('WithdrawObjectionRequest', withdrawObjectionSchema), response: body('ObjectionWritten', answers.objectionWriteSchema),
  },
  'PUT /v1/patients/{patientId}/ndop': {
    summary: 'Record a National Data Opt-out check result', ...RECORD_WRITE,
    request: body('PutNdopRequest', putNdopSchema), response: body('NdopWritten', answers.ndopWriteSchema),
  },
  'GET /v1/patients/{patientId}/records': {
    summary: 'Identifiers (masked), consents and objections with their history, NDOP', tag: 'records', scope: 'records:read',
    response: body('PatientRecords', answers.patientRecordsSchema),
  },
  'GET /v1/patients/{patientId}/disclosures': {
    summary: 'Subject access: every decision about this patient, never the payload', tag: 'records', scope: 'records:read',
    request: body('ListDisclosuresRequest', listDisclosuresSchema), response: body('DisclosureHistory', answers.disclosureHistorySchema),
  },

  'POST /v1/disclosures': {
    summary: 'Decide, minimise and log one disclosure; answered only after the audit entry is durable',
    tag: 'disclosures', scope: 'disclosure:check', audited: true, conflicts: ['idempotency_conflict'],
    request: body('DisclosureRequest', disclosureRequestSchema), response: body('DecisionAnswer', answers.decisionAnswerSchema),
  },
  'POST /v1/disclosures/batch': {
    summary: 'Up to 500 disclosures, each decided and audited on its own (PHIN monthly submissions)',
    tag: 'disclosures', scope: 'disclosure:check', audited: true,
    request: body('BatchRequest', answers.batchRequestSchema), response: body('BatchAnswer', answers.batchAnswerSchema),
  },
  'POST /v1/phin/resolve': {
    summary: 'Re-identify PHIN episodeKeys by recomputing the pseudonyms of candidate episode ids (logged as audit.read)',
    tag: 'disclosures', scope: 'disclosure:check', audited: true,
    request: body('PhinResolveRequest', resolveRequestSchema), response: body('PhinResolveAnswer', resolveAnswerSchema),
  },

  'POST /v1/audit/search': {
    summary: 'Search the org audit logs, newest first', ...AUDIT_READ,
    request: body('AuditSearchRequest', auditSearchSchema), response: body('AuditSearchAnswer', answers.auditSearchAnswerSchema),
  },
  'GET /v1/audit/checkpoints': { summary: 'The latest signed checkpoint of each org log', ...AUDIT_READ, response: body('Checkpoints', answers.checkpointsSchema) },
  'POST /v1/audit/proofs/inclusion': {
    summary: 'RFC 9162 inclusion proof of an entry', ...AUDIT_READ,
    request: body('InclusionProofRequest', inclusionProofRequestSchema), response: body('InclusionProof', answers.inclusionProofSchema),
  },
  'POST /v1/audit/proofs/consistency': {
    summary: 'RFC 9162 consistency proof between two tree sizes', ...AUDIT_READ,
    request: body('ConsistencyProofRequest', consistencyProofRequestSchema), response: body('ConsistencyProof', answers.consistencyProofSchema),
  },
  'POST /v1/audit/entries': {
    summary: 'Canonical entries in index order, for offline verification and export', ...AUDIT_READ,
    request: body('AuditEntriesRequest', auditEntriesRequestSchema), response: body('AuditEntries', answers.auditEntriesSchema),
  },
};
