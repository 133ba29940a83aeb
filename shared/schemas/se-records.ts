/**
 * Bodies of the Swedish records endpoints (policy-se.md §9). Strict objects of ids, codes and
 * instants: nothing free-text is stored on a block. The rules that answer with their own code
 * (SE_BLOCK_UNIT_REQUIRED, ID_SE_HSA_FORMAT, …) are the service's, so the code reaches errors[].
 */
import * as z from 'zod';
import { idSchema, staffRefSchema } from './ids.ts';

const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());
const BLOCK_SOURCES = ['LOCAL', 'NATIONELL_SPARRTJANST'] as const;

export const placeBlockSchema = z
  .strictObject({
    blockId: idSchema,
    kind: z.enum(['INRE', 'YTTRE']),
    careUnitId: z.string().min(1).max(64).optional(),
    at: instant,
    expiresAt: instant.optional(),
    source: z.enum(BLOCK_SOURCES),
    recordedBy: staffRefSchema,
    evidenceRef: staffRefSchema.optional(),
  })
  .refine((body) => body.expiresAt === undefined || body.expiresAt > body.at, {
    path: ['expiresAt'],
    message: 'must be after at',
  });

export const liftBlockSchema = z.strictObject({
  at: instant,
  recordedBy: staffRefSchema,
  reason: z.enum(['PATIENT_REQUEST', 'REGISTRATION_ERROR']),
  evidenceRef: staffRefSchema.optional(),
});

export const putSparrCheckSchema = z.strictObject({
  status: z.enum(['CHECKED', 'UNAVAILABLE']),
  checkedAt: instant,
  source: z.enum(BLOCK_SOURCES),
});

export const addCareRelationSchema = z
  .strictObject({
    relationId: idSchema,
    recipientId: idSchema,
    from: instant,
    to: instant.optional(),
    attestedBy: staffRefSchema,
    evidenceRef: staffRefSchema,
  })
  .refine((body) => body.to === undefined || body.to > body.from, { path: ['to'], message: 'must be after from' });

export const endCareRelationSchema = z.strictObject({ at: instant, recordedBy: staffRefSchema });

export const registerutdragSchema = z.strictObject({
  utdragId: idSchema,
  requestedAt: instant,
  form: z.enum(['SIGNED_LETTER', 'E_ID']),
  recordedBy: staffRefSchema,
});

export type PlaceBlockBody = z.infer<typeof placeBlockSchema>;
export type LiftBlockBody = z.infer<typeof liftBlockSchema>;
export type PutSparrCheckBody = z.infer<typeof putSparrCheckSchema>;
export type AddCareRelationBody = z.infer<typeof addCareRelationSchema>;
export type EndCareRelationBody = z.infer<typeof endCareRelationSchema>;
export type RegisterutdragBody = z.infer<typeof registerutdragSchema>;
