import * as z from 'zod';
import { idSchema, staffRefSchema } from './ids.ts';
import {
  CONSENT_SCOPES_2026_2,
  PURPOSES_2026_2,
  consentTermsIssues,
  consentTermsSchema,
  objectionTermsIssues,
} from './records-2026-2.ts';
import {
  ERASURE_GROUNDS,
  LIFT_REASONS,
  RECIPIENT_CATEGORIES,
  RESTRICTION_GROUNDS,
  RESTRICTION_REQUESTERS,
  type ConsentScope,
  type ObjectionScope,
  type Purpose,
} from '../records/model.ts';
import { NOT_REQUIRED_REASONS, NOTIFICATION_STATUSES, SEND_CHANNELS } from '../notifications/model.ts';

/**
 * Bodies of the patient records endpoints (api.md §4.2). Strict objects: an unknown key is a 422,
 * so nothing the caller did not mean to record is stored. Instants are normalised to UTC
 * millisecond ISO 8601 so they compare as strings (consent expiry, NDOP recency) and so that a
 * retry written with another offset is still the same record.
 */
const FREE_TEXT = 2_000;

/** Ids that appear in paths and log entries: the same alphabet as request ids and kids. */
export const recordIdSchema = idSchema;
export const patientIdSchema = recordIdSchema;

const freeText = z.string().max(FREE_TEXT);
const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());
const odsCode = z.string().regex(/^[A-Z0-9]{3,10}$/, 'must be an ODS code');

export const NATIONAL_ID_SYSTEMS = ['NHS_NUMBER', 'CHI_NUMBER', 'HC_NUMBER', 'SE_PNR', 'SE_RESERVNUMMER'] as const;
export const CONSENT_SCOPES: readonly [ConsentScope, ...ConsentScope[]] = [
  'INSURER_CLAIM',
  'INSURER_PREAUTH',
  'PHIN_IDENTIFIERS',
  'REGULATOR_DISCLOSURE',
  'GP_SHARING',
  ...CONSENT_SCOPES_2026_2,
  'RESTRICTION_CONSENT',
  'SE_SJF',
  'SE_VARD_UTLAMNANDE',
  'SE_FORSAKRING',
  'SE_SAMTYCKE_HAVNING',
];
export const CONSENT_FORMS = ['WRITTEN', 'ELECTRONIC', 'VERBAL'] as const;
const PURPOSES: readonly Purpose[] = [
  'DIRECT_CARE',
  'PAYMENT',
  'STATUTORY_REPORTING',
  'REGULATORY_INVESTIGATION',
  'COMMISSIONING',
  'VITAL_INTERESTS',
  ...PURPOSES_2026_2,
];
export const OBJECTION_SCOPES = ['ALL_NON_MANDATORY', ...RECIPIENT_CATEGORIES, ...PURPOSES] as [
  ObjectionScope,
  ...ObjectionScope[],
];
export const NDOP_STATUSES = ['OPTED_OUT', 'NOT_OPTED_OUT'] as const;
/** Systems a registration may name: the stored ones, and the Swedish ones kept as SE_PNR. */
export const REGISTRATION_SYSTEMS = [...NATIONAL_ID_SYSTEMS, 'SE_PERSONNUMMER', 'SE_SAMORDNINGSNUMMER'] as const;

export const registerPatientSchema = z.strictObject({
  identifiers: z
    .array(z.strictObject({ system: z.enum(REGISTRATION_SYSTEMS), value: z.string().min(1).max(32) }))
    .max(REGISTRATION_SYSTEMS.length)
    .refine((ids) => new Set(ids.map((id) => id.system)).size === ids.length, 'at most one identifier per system'),
  registeredGpOds: odsCode.nullable().optional(),
  /** policy-se.md §2: the SE_ARBETSGIVARE recipients the patient works for. */
  employerRecipientIds: z.array(recordIdSchema).max(20).optional(),
});

export const addConsentSchema = z
  .strictObject({
    consentId: recordIdSchema,
    scope: z.enum(CONSENT_SCOPES),
    recipientId: recordIdSchema.optional(),
    episodeId: recordIdSchema.optional(),
    status: z.enum(['GIVEN', 'DECLINED']),
    form: z.enum(CONSENT_FORMS),
    evidenceRef: staffRefSchema,
    capturedBy: staffRefSchema,
    at: instant,
    expiresAt: instant.optional(),
    ...consentTermsSchema,
    /** SE_SAMTYCKE_HAVNING only: the care unit whose inre spärr it lifts (policy-se.md §9). */
    careUnitId: z.string().min(1).max(64).optional(),
  })
  .refine((body) => body.expiresAt === undefined || body.expiresAt > body.at, {
    path: ['expiresAt'],
    message: 'must be after at',
  })
  .superRefine(consentTermsIssues)
  // policy-uk.md §9.1.2: consent to processing despite a restriction names whom it is for.
  .refine((body) => body.scope !== 'RESTRICTION_CONSENT' || body.recipientId !== undefined, {
    path: ['recipientId'],
    message: 'is required for scope RESTRICTION_CONSENT',
  });

export const withdrawConsentSchema = z.strictObject({
  at: instant,
  recordedBy: staffRefSchema,
  /** Kept in the records table for staff; never written to the audit log (free text). */
  reason: freeText.optional(),
});

export const addObjectionSchema = z
  .strictObject({
    objectionId: recordIdSchema,
    scope: z.enum(OBJECTION_SCOPES),
    recipientId: recordIdSchema.optional(),
    at: instant,
    recordedBy: staffRefSchema,
    /** Kept in the records table for staff; never written to the audit log (free text). */
    note: freeText.optional(),
    capacityConfirmedBy: staffRefSchema.optional(),
  })
  .superRefine(objectionTermsIssues);

export const withdrawObjectionSchema = z.strictObject({
  at: instant,
  recordedBy: staffRefSchema,
});

export const putNdopSchema = z.strictObject({
  status: z.enum(NDOP_STATUSES),
  checkedAt: instant,
});

/** GET …/disclosures: paging only (an empty body means the first page of 100). */
export const listDisclosuresSchema = z.strictObject({
  limit: z.number().int().min(1).max(500).optional(),
  cursor: z.string().min(1).max(2_048).optional(),
});

export type RegisterPatientBody = z.infer<typeof registerPatientSchema>;
export type AddConsentBody = z.infer<typeof addConsentSchema>;
export type WithdrawConsentBody = z.infer<typeof withdrawConsentSchema>;
export type AddObjectionBody = z.infer<typeof addObjectionSchema>;
export type WithdrawObjectionBody = z.infer<typeof withdrawObjectionSchema>;
export type PutNdopBody = z.infer<typeof putNdopSchema>;
export type ListDisclosuresBody = z.infer<typeof listDisclosuresSchema>;

/** POST …/restrictions (policy-uk.md §9.8): no free text. */
export const placeRestrictionSchema = z
  .strictObject({
    restrictionId: recordIdSchema,
    ground: z.enum(RESTRICTION_GROUNDS),
    objectionId: recordIdSchema.optional(),
    episodeIds: z.array(recordIdSchema).min(1).max(100).optional(),
    requestedBy: z.enum(RESTRICTION_REQUESTERS),
    at: instant,
    recordedBy: staffRefSchema,
  })
  .refine((body) => (body.ground === 'OBJECTION_PENDING') === (body.objectionId !== undefined), {
    path: ['objectionId'],
    message: 'is required for, and only for, ground OBJECTION_PENDING',
  });

/** POST …/restrictions/{id}/lift: Art 18(3), the patient is informed before the lift. */
export const liftRestrictionSchema = z
  .strictObject({
    at: instant,
    recordedBy: staffRefSchema,
    reason: z.enum(LIFT_REASONS),
    patientInformedAt: instant,
  })
  .refine((body) => body.patientInformedAt <= body.at, {
    path: ['patientInformedAt'],
    message: 'must not be later than at',
  });

export type PlaceRestrictionBody = z.infer<typeof placeRestrictionSchema>;
export type LiftRestrictionBody = z.infer<typeof liftRestrictionSchema>;

/** POST /v1/notifications/{id}/sent (reviews.md §5). */
export const notificationSentSchema = z.strictObject({
  requestId: recordIdSchema,
  at: instant,
  channel: z.enum(SEND_CHANNELS),
  recordedBy: staffRefSchema,
});

/** POST /v1/notifications/{id}/not-required (reviews.md §5). */
export const notificationNotRequiredSchema = z.strictObject({
  requestId: recordIdSchema,
  reasonCode: z.enum(NOT_REQUIRED_REASONS),
  recordedBy: staffRefSchema,
});

/** POST /v1/notifications/search (reviews.md §5). */
export const notificationSearchSchema = z.strictObject({
  status: z.enum(NOTIFICATION_STATUSES).optional(),
  patientId: patientIdSchema.optional(),
  recipientId: recordIdSchema.optional(),
  overdue: z.boolean().optional(),
  limit: z.number().int().min(1).max(200).optional(),
  cursor: z.string().min(1).max(2_048).optional(),
});

export type NotificationSentBody = z.infer<typeof notificationSentSchema>;
export type NotificationNotRequiredBody = z.infer<typeof notificationNotRequiredSchema>;
export type NotificationSearchBody = z.infer<typeof notificationSearchSchema>;

/** POST …/erase (reviews.md §4): no free text. */
export const erasePatientSchema = z.strictObject({
  requestId: recordIdSchema,
  at: instant,
  recordedBy: staffRefSchema,
  grounds: z.enum(ERASURE_GROUNDS),
});
export type ErasePatientBody = z.infer<typeof erasePatientSchema>;
