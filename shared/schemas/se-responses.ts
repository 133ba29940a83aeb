/** Answers of the Swedish records endpoints (policy-se.md §9). */
import * as z from 'zod';
import { disclosureHistorySchema, patientRecordsSchema, receiptSchema } from './responses.ts';

const lift = z.strictObject({
  at: z.string(),
  recordedBy: z.string(),
  reason: z.enum(['PATIENT_REQUEST', 'REGISTRATION_ERROR']),
  evidenceRef: z.string().optional(),
});

export const blockSchema = z.strictObject({
  blockId: z.string(),
  kind: z.enum(['INRE', 'YTTRE']),
  careUnitId: z.string().optional(),
  at: z.string(),
  expiresAt: z.string().optional(),
  source: z.enum(['LOCAL', 'NATIONELL_SPARRTJANST']),
  recordedBy: z.string(),
  evidenceRef: z.string().optional(),
  lifted: lift.optional().describe('Present once permanently lifted'),
});

export const sparrCheckSchema = z.strictObject({
  status: z.enum(['CHECKED', 'UNAVAILABLE']),
  checkedAt: z.string(),
  source: z.enum(['LOCAL', 'NATIONELL_SPARRTJANST']),
});

export const careRelationSchema = z.strictObject({
  relationId: z.string(),
  recipientId: z.string(),
  from: z.string(),
  to: z.string().optional(),
  attestedBy: z.string(),
  evidenceRef: z.string(),
  ended: z.strictObject({ at: z.string(), recordedBy: z.string() }).optional(),
});

export const blockWriteSchema = z.strictObject({ block: blockSchema, receipt: receiptSchema });
export const sparrCheckWriteSchema = z.strictObject({ sparrCheck: sparrCheckSchema, receipt: receiptSchema });
export const careRelationWriteSchema = z.strictObject({ careRelation: careRelationSchema, receipt: receiptSchema });

export const registerutdragAnswerSchema = z.strictObject({
  receipt: receiptSchema,
  calendarYear: z.number().int().describe('The Swedish calendar year of requestedAt'),
  countThisYear: z
    .number()
    .int()
    .min(1)
    .describe('Extracts issued to the patient this calendar year, this one included'),
  free: z.boolean().describe('countThisYear ≤ registerutdrag.freePerCalendarYear; the gatekeeper never charges'),
  disclosures: disclosureHistorySchema.shape.disclosures,
});

const registerutdragRecordSchema = z.strictObject({
  utdragId: z.string(),
  requestedAt: z.string(),
  form: z.enum(['SIGNED_LETTER', 'E_ID']),
  recordedBy: z.string(),
  calendarYear: z.number().int(),
  countThisYear: z.number().int(),
  free: z.boolean(),
});

const employerSchema = z.strictObject({
  recipientId: z.string(),
  registered: z
    .boolean()
    .describe("false when the org has no recipient of this id (the patient's employer is then unknown)"),
  name: z.string().optional(),
  orgNr: z.string().optional(),
  employerAgreement: z
    .strictObject({ ref: z.string(), validFrom: z.string(), validTo: z.string().optional() })
    .optional(),
});

/** GET …/records: a Swedish patient's records add these members (policy-se.md §9); others' answers are as before. */
export const patientRecordsWithSwedishSchema = patientRecordsSchema.extend({
  blocks: z
    .array(blockSchema.extend({ active: z.boolean().describe('In force now, as the spärr gate reads it') }))
    .optional()
    .describe('Blocks (spärrar) with their permanent lifts, oldest first'),
  sparrCheck: sparrCheckSchema.optional().describe('The latest reading of the national spärrtjänst'),
  careRelations: z.array(careRelationSchema).optional().describe('Care relations, oldest first'),
  employers: z.array(employerSchema).optional().describe('The employers the patient works for, with their agreements'),
  registerutdrag: z.array(registerutdragRecordSchema).optional().describe('Registerutdrag issued, oldest first'),
});
