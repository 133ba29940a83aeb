import * as z from 'zod';
import { parseCanonicalEntryJson } from './canonical-parse.ts';
import {
  CONSENT_ENTRY_TYPES,
  DECISION_ENTRY_TYPE,
  ENTRY_VERSION,
  OBJECTION_ENTRY_TYPES,
  RELEASING_OUTCOMES,
  RESTRICTION_ENTRY_TYPES,
  NOTIFICATION_ENTRY_TYPES,
  SE_RECORD_ENTRY_TYPES,
} from './entry.ts';
import type { AuditEntry } from './entry.ts';
import { AuditEntryInvalidError } from './errors.ts';
import { compileAcceptor, type Acceptor } from '../schemas/acceptor.ts';

/**
 * Validation of entries read back from the log or an export. Fixed parts are strict (an unknown
 * field is how PHI would slip in); the record as stored and the audit query are open JSON.
 */
const text = z.string().min(1).max(512);
const ulid = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/);
const isoMillis = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
  .refine((t) => !Number.isNaN(Date.parse(t)));
const digest = z.string().regex(/^sha-256=:[A-Za-z0-9+/]{43}=:$/);
const jsonObject = z.record(z.string(), z.json());

const common = {
  v: z.literal(ENTRY_VERSION),
  origin: text,
  id: ulid,
  time: isoMillis,
  org: text,
  actor: z.strictObject({ clientId: text, kid: text, jti: text }),
  request: z.strictObject({ requestId: text, digest, subjectDigest: digest.optional() }).optional(),
};
const patientScoped = {
  ...common,
  patient: z.strictObject({ ref: text, key: text.optional() }),
  records: z.strictObject({ version: z.int().nonnegative() }).optional(),
};

/**
 * A decision that matched no flow (unknown recipient or flow) has no basis or flow, and an unknown
 * recipient no category: the writer omits what does not exist. A releasing decision has them all.
 */
const decision = z
  .strictObject({
    outcome: z.enum(['ALLOW', 'ALLOW_WITH_REDACTION', 'DENY', 'REFER']),
    reasonCodes: z.array(text).min(1),
    obligations: z.array(text),
    basis: z
      .looseObject({ source: z.enum(['PATIENT_CONSENT', 'INSTRUMENT', 'ROPA', 'REVIEW']), recordId: text.optional() })
      .optional(),
    flow: text.optional(),
    recipient: z.strictObject({ id: text, category: text.optional() }),
    purpose: text,
    subPurpose: text.optional(),
    jurisdiction: text,
    episodeId: text.optional(),
    // `count` is optional only so that entries written before rows were folded still verify.
    transformations: z.array(
      z.strictObject({ path: text, action: text, reason: text, count: z.int().positive().optional() }),
    ),
    payloadDigest: digest.optional(),
    policy: z.strictObject({ id: text, version: text, digest }),
    override: z
      .strictObject({ code: text, approverRole: text, approvedBy: text, justificationDigest: digest })
      .optional(),
    matter: z.strictObject({ ref: text }).optional(),
    reviewId: text.optional(),
    restrictions: z.array(z.strictObject({ id: text, ground: text })).optional(),
    sparr: z
      .strictObject({
        checkedAt: text.optional(),
        activeBlockIds: z.array(text),
        lifted: z.array(z.strictObject({ blockId: text, by: text, recordId: text.optional() })),
        yttreOverridable: z.literal(true).optional(),
      })
      .optional(),
  })
  .refine((d) => !releases(d) || d.payloadDigest !== undefined, { message: 'released payload without digest' })
  .refine(
    (d) => !releases(d) || (d.basis !== undefined && d.flow !== undefined && d.recipient.category !== undefined),
    { message: 'release without basis' },
  )
  .refine((d) => !releases(d) || d.basis?.source !== 'PATIENT_CONSENT' || d.basis.recordId !== undefined, {
    message: 'consent basis without recordId',
  });

function releases(decision: { outcome: string }): boolean {
  return (RELEASING_OUTCOMES as readonly string[]).includes(decision.outcome);
}

/** Admin entries carry the change under `change`: ids, scopes, statuses and key thumbprints, never key material or names. */
const clientChange = z.strictObject({
  clientId: text,
  scopes: z.array(text),
  status: text,
  kind: text.optional(),
  displayRole: text.optional(),
  keys: z.array(z.strictObject({ kid: text, status: z.enum(['ACTIVE', 'REVOKED']), thumbprint: text })),
});
const organisationChange = z.strictObject({ org: text, patientLogs: z.int().positive() });
const recipientChange = z.strictObject({
  recipientId: text,
  category: text,
  odsCode: text.optional(),
  payerId: text.optional(),
  regulator: text.optional(),
  registry: text.optional(),
  s251Ref: text.optional(),
  ndopExempt: z.literal(true).optional(),
  // policy-se.md §2: the Swedish recipient's identifiers and the attributes its gates read.
  hsaId: text.optional(),
  orgNr: text.optional(),
  authority: text.optional(),
  register: text.optional(),
  sjfParticipant: z.boolean().optional(),
  employerAgreement: z.strictObject({ ref: text, validFrom: text, validTo: text.optional() }).optional(),
});

const reviewKind = z.enum(['REFER', 'RETROSPECTIVE', 'CONTEST']);
const reviewOpened = z.strictObject({
  reviewId: text,
  kind: reviewKind,
  decisionEntryId: ulid,
  dueAt: isoMillis,
  subjectDigest: digest.optional(),
  groundsDigest: digest.optional(),
});
const reviewDecided = z.strictObject({
  reviewId: text,
  kind: reviewKind,
  outcome: z.enum(['APPROVED', 'REJECTED', 'UPHELD', 'NOT_UPHELD', 'OVERTURNED']),
  role: z.enum(['CALDICOTT_GUARDIAN', 'DPO']),
  justificationDigest: digest,
  conditionsDigest: digest.optional(),
  decisionEntryId: ulid,
  obligations: z.array(text).optional(),
});

/** A restriction placed or lifted: ids, codes and instants only (policy-uk.md §9.8). */
const restrictionRecord = z.union([
  z.strictObject({
    restrictionId: text,
    ground: text,
    objectionId: text.optional(),
    episodeIds: z.array(text).optional(),
    requestedBy: text,
    at: text,
    recordedBy: text,
  }),
  z.strictObject({ restrictionId: text, at: text, recordedBy: text, reason: text, patientInformedAt: text }),
]);

export const auditEntrySchema = z.discriminatedUnion('type', [
  z.strictObject({ ...patientScoped, type: z.literal(DECISION_ENTRY_TYPE), decision }),
  z.strictObject({
    ...patientScoped,
    type: z.literal(['record.patient.registered', 'record.ndop.checked']),
    record: jsonObject,
  }),
  z.strictObject({
    ...patientScoped,
    type: z.literal(CONSENT_ENTRY_TYPES),
    record: z.looseObject({ consentId: text }),
  }),
  z.strictObject({
    ...patientScoped,
    type: z.literal(OBJECTION_ENTRY_TYPES),
    record: z.looseObject({ objectionId: text }),
  }),
  z.strictObject({ ...common, type: z.literal('audit.read'), query: jsonObject }),
  z.strictObject({
    ...common,
    type: z.literal('admin.client.changed'),
    change: z.strictObject({ client: clientChange, organisation: organisationChange.optional() }),
  }),
  z.strictObject({
    ...common,
    type: z.literal('admin.key.revoked'),
    change: z.strictObject({ key: z.strictObject({ clientId: text, kid: text }) }),
  }),
  z.strictObject({
    ...common,
    type: z.literal('admin.recipient.changed'),
    change: z.strictObject({ recipient: recipientChange }),
  }),
  z.strictObject({ ...patientScoped, type: z.literal('review.opened'), review: reviewOpened }),
  z.strictObject({ ...patientScoped, type: z.literal('review.decided'), review: reviewDecided }),
  z.strictObject({
    ...patientScoped,
    type: z.literal(RESTRICTION_ENTRY_TYPES),
    record: restrictionRecord,
  }),
  z.strictObject({
    ...patientScoped,
    type: z.literal(NOTIFICATION_ENTRY_TYPES),
    notification: z.strictObject({
      notificationId: text,
      recipientId: text,
      trigger: text,
      status: z.enum(['DUE', 'SENT', 'NOT_REQUIRED']),
      releases: z.array(ulid),
      reasonCode: text.optional(),
    }),
  }),
  z.strictObject({
    ...patientScoped,
    type: z.literal('record.patient.erased'),
    record: z.strictObject({ grounds: text, at: text, recordedBy: text }),
  }),
  z.strictObject({ ...patientScoped, type: z.literal(SE_RECORD_ENTRY_TYPES), record: jsonObject }),
]);

/** Compiled on first use, not at import: the functions that only write entries never need it. */
let entryAcceptor: Acceptor | undefined;

/**
 * Parses stored entry bytes: valid UTF-8 JSON, exactly its own JCS form, no null or non-integer
 * number anywhere, and the entry shape. Error messages name JSON paths, never values.
 */
export function parseEntryBytes(bytes: Uint8Array): AuditEntry {
  const value = parseCanonicalEntryJson(bytes);
  // Full verification reads every entry of a log: the acceptor compiled from the schema proves a
  // valid entry in a fraction of zod's time, and whatever it does not prove zod judges and words.
  entryAcceptor ??= compileAcceptor(auditEntrySchema);
  if (entryAcceptor.accepts(value)) return value as AuditEntry;
  const result = auditEntrySchema.safeParse(value);
  if (!result.success) {
    const where = result.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || '$'} (${issue.code})`);
    throw new AuditEntryInvalidError(`The entry does not match gk-audit/1 at ${where.join(', ')}`);
  }
  return result.data as AuditEntry;
}
