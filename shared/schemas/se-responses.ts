/** Answers of the Swedish records endpoints (policy-se.md §9). */
import * as z from 'zod';
import { disclosureHistorySchema, receiptSchema } from './responses.ts';

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
