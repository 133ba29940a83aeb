/**
 * Success and error bodies of the HTTP API (api.md §2, §4), as zod schemas. They exist for the
 * contract: the OpenAPI document (shared/openapi) is generated from them, and the integration and
 * CLI tests parse live answers with them, so the document cannot drift from what is served.
 */
import * as z from 'zod';
import { LANGUAGES } from '../policy/language-codes.ts';
import { CONSENT_FORMS, CONSENT_SCOPES, NATIONAL_ID_SYSTEMS, NDOP_STATUSES, OBJECTION_SCOPES } from './records.ts';
import { LIFT_REASONS, RESTRICTION_GROUNDS, RESTRICTION_REQUESTERS } from '../records/model.ts';
import {
  NOT_REQUIRED_REASONS,
  NOTIFICATION_STATUSES,
  NOTIFICATION_TRIGGERS,
  SEND_CHANNELS,
} from '../notifications/model.ts';
import { disclosurePayloadSchema } from './disclosure.ts';

const digest = z
  .string()
  .regex(/^sha-256=:[A-Za-z0-9+/]+=*:$/)
  .describe('RFC 9530 form: sha-256=:<base64>:');
const instant = z.string().describe('ISO 8601 date-time, UTC');

export const receiptSchema = z
  .strictObject({
    origin: z.string().describe('The log the entry was appended to, e.g. gatekeeper.local/demo/p3'),
    index: z.number().int().min(0),
    leafHash: z.string().describe('Standard base64 of the RFC 6962 leaf hash'),
    entryId: z.string(),
  })
  .describe('Where the audit entry of this answer sits in its log (audit.md §3)');

export const DECISIONS = ['ALLOW', 'ALLOW_WITH_REDACTION', 'DENY', 'REFER'] as const;

const basisSource = {
  source: z.enum(['PATIENT_CONSENT', 'INSTRUMENT', 'ROPA', 'REVIEW']),
  recordId: z.string().optional().describe('The consent id, instrument reference or reviewId relied on'),
  art6: z.string(),
  art9: z.string(),
};

export const basisSchema = z.union([
  z.strictObject({ ...basisSource, dpaSch1Para: z.string().nullable(), commonLaw: z.string() }),
  z
    .strictObject({ ...basisSource, seGround: z.string(), secrecy: z.string() })
    .describe('Under SE (policy-se.md §1): the national ground and the secrecy basis'),
]);

export const transformationSchema = z.strictObject({
  path: z.string().describe('Field path in the payload, e.g. narrative.notes or clinical.diagnoses[0].description'),
  action: z.enum(['DROPPED', 'GENERALISED', 'PSEUDONYMISED']),
  reason: z.string().describe('The reason code that caused it'),
});

export const decisionAnswerSchema = z
  .strictObject({
    decision: z.enum(DECISIONS),
    reasonCodes: z.array(z.string()).min(1).describe('Decisive code first, then informational codes in policy order'),
    explanations: z.array(z.string()).describe('One readable explanation per reason code, same order'),
    explanationsLanguage: z
      .enum(LANGUAGES)
      .optional()
      .describe('The language of explanations, chosen by Accept-Language among those the pack offers; always sent'),
    obligations: z.array(z.string()),
    basis: basisSchema.nullable().describe('null when no flow of the policy matched'),
    transformations: z.array(transformationSchema),
    payload: disclosurePayloadSchema
      .optional()
      .describe('ALLOW and ALLOW_WITH_REDACTION only: exactly what may be sent'),
    payloadDigest: digest.optional().describe('SHA-256 of the JCS form of payload'),
    policy: z.strictObject({ id: z.string(), version: z.string(), digest }),
    receipt: receiptSchema,
    authorisation: z
      .string()
      .optional()
      .describe('ALLOW decisions only: compact JWS, typ gk-authz+jwt, ES256 (audit.md §6)'),
    review: z
      .strictObject({
        reviewId: z.string(),
        kind: z.enum(['REFER', 'RETROSPECTIVE', 'CONTEST']),
        status: z.string(),
        dueAt: z.string(),
      })
      .optional()
      .describe('REFER, and releases under RETROSPECTIVE_CG_REVIEW: the review case (reviews.md §2)'),
    reviewConditions: z
      .string()
      .optional()
      .describe("With obligation REVIEWER_CONDITIONS: the reviewer's conditions, never logged"),
  })
  .describe('A decision (DENY and REFER are successful answers, not errors)');

export const fieldErrorSchema = z.strictObject({ path: z.string(), code: z.string(), message: z.string() });

export const problemSchema = z
  .strictObject({
    type: z.string().describe('urn:gatekeeper:problem:<code>'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    code: z.string().describe('Stable; what clients branch on (api.md §2)'),
    requestId: z.string(),
    errors: z.array(fieldErrorSchema).optional().describe('validation_failed only'),
  })
  .describe('RFC 9457 problem document; never echoes payload values or identifiers');

export const batchRequestSchema = z.strictObject({
  requests: z.array(z.unknown()).min(1).max(500).describe('Up to 500 disclosure requests'),
});

export const batchAnswerSchema = z.strictObject({
  results: z
    .array(
      z.union([
        decisionAnswerSchema.extend({ requestId: z.string().optional(), status: z.literal(200) }),
        z.strictObject({ requestId: z.string().optional(), status: z.number().int(), problem: problemSchema }),
      ]),
    )
    .describe('In request order; each request decided and audited on its own'),
});

export const healthSchema = z.strictObject({ status: z.literal('ok'), version: z.string() });

export const jwksSchema = z.strictObject({
  keys: z.array(z.looseObject({ kty: z.string(), kid: z.string(), use: z.string(), alg: z.string() })),
});

export const openApiSchema = z.looseObject({ openapi: z.string() }).describe('This document');

const identifierView = z.strictObject({ system: z.enum(NATIONAL_ID_SYSTEMS), masked: z.string() });
const withdrawal = z.strictObject({ at: instant, recordedBy: z.string(), reason: z.string().optional() });

export const consentSchema = z.strictObject({
  consentId: z.string(),
  scope: z.enum(CONSENT_SCOPES),
  recipientId: z.string().optional(),
  episodeId: z.string().optional(),
  status: z.enum(['GIVEN', 'DECLINED']),
  form: z.enum(CONSENT_FORMS),
  evidenceRef: z.string(),
  capturedBy: z.string(),
  at: instant,
  expiresAt: instant.optional(),
  withdrawn: withdrawal.optional(),
  careUnitId: z.string().optional().describe('SE_SAMTYCKE_HAVNING: the care unit whose inner block it lifts'),
  recordsFrom: z.iso.date().optional(),
  recordsTo: z.iso.date().optional(),
  seeBeforeRelease: z.boolean().optional(),
});

export const objectionSchema = z.strictObject({
  objectionId: z.string(),
  scope: z.enum(OBJECTION_SCOPES),
  recipientId: z.string().optional(),
  at: instant,
  recordedBy: z.string(),
  note: z.string().optional(),
  capacityConfirmedBy: z.string().optional(),
  withdrawn: z.strictObject({ at: instant, recordedBy: z.string() }).optional(),
});

export const ndopSchema = z.strictObject({ status: z.enum(NDOP_STATUSES), checkedAt: instant });

/** A notification to an earlier recipient (reviews.md §3). */
export const notificationSchema = z.strictObject({
  notificationId: z.string(),
  patientId: z.string(),
  recipientId: z.string(),
  recipientName: z.string().optional(),
  recipientCategory: z.string(),
  trigger: z.enum(NOTIFICATION_TRIGGERS),
  triggerEntry: receiptSchema,
  releases: z.array(receiptSchema),
  status: z.enum(NOTIFICATION_STATUSES),
  openedAt: instant,
  dueAt: instant,
  closedAt: instant.optional(),
  closedBy: z.strictObject({ clientId: z.string(), recordedBy: z.string() }).optional(),
  reasonCode: z.enum(NOT_REQUIRED_REASONS).optional(),
  channel: z.enum(SEND_CHANNELS).optional(),
  sentAt: instant.optional(),
  obligations: z
    .array(z.string())
    .optional()
    .describe('What the recipient is asked besides being told, e.g. SE_REQUEST_REGISTER_ERASURE'),
});
/** Present on the answer of a change that is a notification trigger: the notifications it opened. */
const opened = z.array(notificationSchema).optional();

export const patientSchema = z.strictObject({
  patientId: z.string(),
  identifiers: z.array(identifierView),
  registeredGpOds: z.string().optional(),
  version: z.number().int(),
  receipt: receiptSchema,
  notifications: opened,
});
export const consentWriteSchema = z.strictObject({
  consent: consentSchema,
  receipt: receiptSchema,
  notifications: opened,
});
export const objectionWriteSchema = z.strictObject({
  objection: objectionSchema,
  receipt: receiptSchema,
  notifications: opened,
  obligations: z
    .array(z.strictObject({ code: z.string(), recipientIds: z.array(z.string()) }))
    .optional()
    .describe(
      'What the opened notifications ask of their recipients, e.g. SE_REQUEST_REGISTER_ERASURE (policy-se.md §9)',
    ),
});
export const ndopWriteSchema = z.strictObject({ ndop: ndopSchema, version: z.number().int(), receipt: receiptSchema });

export const restrictionSchema = z.strictObject({
  restrictionId: z.string(),
  ground: z.enum(RESTRICTION_GROUNDS),
  objectionId: z.string().optional(),
  episodeIds: z.array(z.string()).optional(),
  requestedBy: z.enum(RESTRICTION_REQUESTERS),
  at: instant,
  recordedBy: z.string(),
  liftedAt: instant.optional(),
  liftedBy: z.string().optional(),
  liftReason: z.enum(LIFT_REASONS).optional(),
  patientInformedAt: instant.optional(),
});
export const restrictionWriteSchema = z.strictObject({
  restriction: restrictionSchema,
  receipt: receiptSchema,
  notifications: opened,
});

export const patientRecordsSchema = z.strictObject({
  patientId: z.string(),
  registered: z.boolean(),
  identifiers: z.array(identifierView),
  registeredGpOds: z.string().optional(),
  version: z.number().int(),
  consents: z.array(consentSchema),
  objections: z.array(objectionSchema),
  ndop: ndopSchema.optional(),
  restrictions: z.array(restrictionSchema),
});

export const disclosureHistorySchema = z.strictObject({
  disclosures: z
    .array(
      z.strictObject({
        time: instant,
        recipient: z.strictObject({ id: z.string(), name: z.string().optional(), category: z.string() }),
        purpose: z.string(),
        decision: z.enum(DECISIONS),
        reasonCodes: z.array(z.string()),
        receipt: receiptSchema,
      }),
    )
    .describe('Subject access: every decision about the patient, never the payload'),
  nextCursor: z.string().optional(),
  notifications: z.array(notificationSchema).describe('Who was told of a later change (Art 19), oldest first'),
});
export const erasureSchema = z.strictObject({
  patientId: z.string(),
  erasedAt: instant,
  receipt: receiptSchema,
  notifications: z.array(notificationSchema),
});
export const notificationWriteSchema = z.strictObject({ notification: notificationSchema, receipt: receiptSchema });

const recipient = z.looseObject({ recipientId: z.string(), name: z.string(), category: z.string() });
export const recipientWriteSchema = recipient.extend({ receipt: receiptSchema });
export const recipientListSchema = z.strictObject({ recipients: z.array(recipient) });
export const clientWriteSchema = z.strictObject({
  clientId: z.string(),
  name: z.string(),
  scopes: z.array(z.string()),
  status: z.enum(['ACTIVE', 'SUSPENDED']),
  kind: z.enum(['SYSTEM', 'PERSON']),
  displayRole: z.string().optional().describe('PERSON clients only'),
  keys: z.array(z.strictObject({ kid: z.string(), status: z.string() })),
  receipt: receiptSchema,
});
export const receiptOnlySchema = z.strictObject({ receipt: receiptSchema });

export const checkpointsSchema = z
  .strictObject({
    checkpoints: z.array(
      z.strictObject({
        origin: z.string(),
        size: z.number().int(),
        note: z.string().describe('C2SP signed note'),
        signedAt: z
          .string()
          .optional()
          .describe('When the gatekeeper signed it, by its own clock (not part of the signed note); its age'),
      }),
    ),
    vkeys: z.array(z.string()).describe('Verifier keys of the checkpoint signer (pin them)'),
  })
  .describe('The latest signed checkpoint of each of the org logs');
export const auditSearchAnswerSchema = z.strictObject({
  entries: z
    .array(z.strictObject({ entry: z.record(z.string(), z.unknown()), receipt: receiptSchema }))
    .describe('Newest first'),
  nextCursor: z.string().optional(),
});
export const inclusionProofSchema = z.strictObject({
  leafHash: z.string(),
  proof: z.array(z.string()).describe('Standard base64 hashes'),
  checkpoint: z.string(),
  tlogProof: z.string().describe('c2sp.org/tlog-proof@v1 text, entry id in extra'),
});
export const consistencyProofSchema = z.strictObject({ proof: z.array(z.string()), checkpoint: z.string() });
export const auditEntriesSchema = z.strictObject({
  entries: z.array(z.string()).describe('Canonical (JCS) entries in index order, as stored'),
  nextStart: z.number().int().optional(),
});

export type DecisionAnswerBody = z.infer<typeof decisionAnswerSchema>;
export type ProblemBody = z.infer<typeof problemSchema>;
