/**
 * The body of POST /v1/disclosures (api.md §4.1) with the payload field groups of policy-uk.md §5.
 *
 * The envelope and every structured value are strict (an unknown key there is a 422), but the
 * payload groups are loose on purpose: the policy, not the schema, decides what an unknown field
 * means, and it is dropped with a transformation row (policy-uk.md §2 step 9), never passed through.
 */
import * as z from 'zod';
import { idSchema, instrumentRefSchema, staffRefSchema } from './ids.ts';
import { bodyShapeIssues, MAX_UNKNOWN_MEMBERS, unknownMemberPaths } from './payload-bounds.ts';
import { implantsSchema, matterSchema, scopeFieldsIssues } from './disclosure-2026-2.ts';
import { checkJurisdictionShape } from './disclosure-jurisdiction.ts';

const SHORT = 200;
const FREE_TEXT = 20_000;
const LIST = 200;

const short = z.string().min(1).max(SHORT);
const freeText = z.string().max(FREE_TEXT);
const isoDate = z.iso.date();

export const PURPOSES = [
  'DIRECT_CARE',
  'PAYMENT',
  'STATUTORY_REPORTING',
  'REGULATORY_INVESTIGATION',
  'COMMISSIONING',
  'VITAL_INTERESTS',
  // policy-uk.md §9.1 (pack 2026.2)
  'CLINICAL_AUDIT',
  'LEGAL_PROCEEDINGS',
  'CRIME',
  'MEDICO_LEGAL_REPORT',
  // policy-se.md §1
  'SOCIAL_INSURANCE',
  'ABSENCE_ADMINISTRATION',
] as const;
export const JURISDICTIONS = ['UK-ENG', 'UK-WAL', 'UK-SCO', 'UK-NI', 'SE'] as const;
export const EPISODE_TYPES = ['APC_DAYCASE', 'APC_INPATIENT', 'OUTPATIENT'] as const;
export const FUNDINGS = ['SELF_PAY', 'INSURED', 'NHS_FUNDED', 'OTHER_PUBLIC'] as const;
export const CAPACITIES = ['HAS', 'LACKS', 'UNCONSCIOUS'] as const;
export const OVERRIDE_CODES = [
  'PUBLIC_INTEREST',
  'SAFEGUARDING',
  'VITAL_INTERESTS',
  'BEST_INTERESTS',
  'SE_NODATKOMST',
] as const;
export const APPROVER_ROLES = ['CALDICOTT_GUARDIAN', 'DPO', 'RESPONSIBLE_CLINICIAN', 'VERKSAMHETSCHEF'] as const;

export type Jurisdiction = (typeof JURISDICTIONS)[number];
export type Funding = (typeof FUNDINGS)[number];
export type EpisodeType = (typeof EPISODE_TYPES)[number];
export type Capacity = (typeof CAPACITIES)[number];
export type OverrideCode = (typeof OVERRIDE_CODES)[number];
export type ApproverRole = (typeof APPROVER_ROLES)[number];

const patientGroup = z.looseObject({
  nhsNumber: short.optional(),
  chiNumber: short.optional(),
  hcNumber: short.optional(),
  localId: short.optional(),
  name: z.strictObject({ given: short.optional(), family: short.optional() }).optional(),
  dateOfBirth: isoDate.optional(),
  sex: z.enum(['M', 'F', 'X', 'U']).optional(),
  postcode: short.optional(),
  address: z.array(short).max(10).optional(),
  phone: short.optional(),
  email: short.optional(),
  insuranceMembershipNumber: short.optional(),
  // Swedish identifiers (policy-se.md §5): validated by the policy, not here, so a bad one is a reason code.
  personnummer: short.optional(),
  samordningsnummer: short.optional(),
  reservnummer: short.optional(),
});

const episodeGroup = z.looseObject({
  admissionDate: isoDate.optional(),
  dischargeDate: isoDate.optional(),
  admissionMethod: short.optional(),
  dischargeMethod: short.optional(),
  dischargeDestination: short.optional(),
  classification: short.optional(),
  siteOdsCode: short.optional(),
  consultantGmc: short.optional(),
  preAuthorisationRef: short.optional(),
  policyNumber: short.optional(),
  careUnitId: short.optional(),
  clinicianHsaId: short.optional(),
  claimNumber: short.optional(),
});

const clinicalEntry = z.union([
  freeText,
  z.record(z.string().max(SHORT), z.union([z.string().max(FREE_TEXT), z.number(), z.boolean(), z.null()])),
]);

/** Under SE an item may name the care unit it originates in (the spärr origin, policy-se.md §2). */
const careUnitId = short.optional();

const clinicalGroup = z.looseObject({
  diagnoses: z
    .array(z.strictObject({ code: short, description: freeText.optional(), careUnitId }))
    .max(LIST)
    .optional(),
  procedures: z
    .array(z.strictObject({ code: short, date: isoDate.optional(), description: freeText.optional(), careUnitId }))
    .max(LIST)
    .optional(),
  medicationsOnDischarge: z.array(clinicalEntry).max(LIST).optional(),
  allergies: z.array(clinicalEntry).max(LIST).optional(),
  results: z.array(clinicalEntry).max(LIST).optional(),
  followUpPlan: freeText.optional(),
  adverseEvents: z
    .array(z.strictObject({ code: short, date: isoDate.optional(), careUnitId }))
    .max(LIST)
    .optional(),
  proms: z
    .array(
      z.strictObject({
        instrument: short,
        preScore: z.number().finite().optional(),
        postScore: z.number().finite().optional(),
        preDate: isoDate.optional(),
        postDate: isoDate.optional(),
        careUnitId,
      }),
    )
    .max(LIST)
    .optional(),
  clinicalNecessity: freeText.optional(),
  implants: implantsSchema.optional(),
  contactReason: freeText.optional(),
});

const currency = z.string().regex(/^[A-Z]{3}$/u);

const financialGroup = z.looseObject({
  invoiceLines: z
    .array(
      z.strictObject({
        code: short,
        description: freeText.optional(),
        amount: z.number().finite(),
        currency,
      }),
    )
    .max(LIST)
    .optional(),
  totalAmount: z.number().finite().optional(),
  currency: currency.optional(),
});

const narrativeGroup = z.looseObject({ notes: freeText.optional(), letter: freeText.optional() });

/** Sick-leave administration for employers (policy-se.md §5); the partial rate is checked under SE. */
const absenceGroup = z.looseObject({
  firstDay: isoDate.optional(),
  lastDay: isoDate.optional(),
  partTimePercent: z.number().finite().optional(),
  reportedAt: z.iso.datetime({ offset: true }).optional(),
});

const PAYLOAD_GROUPS = {
  patient: patientGroup,
  episode: episodeGroup,
  clinical: clinicalGroup,
  financial: financialGroup,
  narrative: narrativeGroup,
  absence: absenceGroup,
};

/**
 * The field catalogue of policy-uk.md §5 as `group.field` paths, read off the group schemas so the
 * two cannot drift apart (a unit test holds it equal to the pack's catalogue).
 */
export const PAYLOAD_CATALOGUE: ReadonlySet<string> = new Set(
  Object.entries(PAYLOAD_GROUPS).flatMap(([group, schema]) =>
    Object.keys(schema.shape).map((field) => `${group}.${field}`),
  ),
);

export const disclosurePayloadSchema = z.looseObject({
  patient: patientGroup.optional(),
  episode: episodeGroup.optional(),
  clinical: clinicalGroup.optional(),
  financial: financialGroup.optional(),
  narrative: narrativeGroup.optional(),
  absence: absenceGroup.optional(),
});

export const disclosureRequestSchema = z
  .strictObject({
    requestId: idSchema,
    // The same ids the records endpoints accept: they become storage keys and audit entry fields.
    patientId: idSchema,
    recipientId: idSchema,
    purpose: z.enum(PURPOSES),
    subPurpose: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]{0,63}$/u)
      .nullish(),
    jurisdiction: z.enum(JURISDICTIONS),
    episode: z.strictObject({
      id: idSchema,
      type: z.enum(EPISODE_TYPES),
      funding: z.enum(FUNDINGS),
      payerId: idSchema.nullish(),
      referralSourceOds: z.string().min(1).max(32).nullish(),
      /** policy-uk.md §9.8: the recipient this episode was referred on to. */
      onwardReferralTo: idSchema.nullish(),
    }),
    instrument: z
      .strictObject({
        /** `<instrument prefix>:<reference>`; the policy decides which prefixes it recognises. */
        ref: instrumentRefSchema,
        scope: z
          .strictObject({
            episodeIds: z.array(idSchema).max(1000),
            /** §9.1.1: the payload groups or fields the order lists. */
            fields: z.array(z.string().max(64)).max(100).optional(),
          })
          .nullish(),
      })
      .nullish(),
    patientContext: z.strictObject({ capacity: z.enum(CAPACITIES), riskToOthers: z.boolean().optional() }).nullish(),
    /** §9.8: the claim a legal-proceedings disclosure serves. */
    matter: matterSchema.nullish(),
    override: z
      .strictObject({
        code: z.enum(OVERRIDE_CODES),
        approverRole: z.enum(APPROVER_ROLES),
        approvedBy: staffRefSchema,
        /** Free text: logged only as its digest (audit.md §2). */
        justification: z.string().min(1).max(4000),
      })
      .nullish(),
    payload: disclosurePayloadSchema,
    /** A re-send after a reviewer decided the case this request was referred to (reviews.md §2). */
    reviewId: idSchema.nullish(),
  })
  .superRefine(checkShape)
  .superRefine(checkJurisdictionShape);

/** api.md §1.1 payload-shape bounds: 422 naming the path, never the value. */
function checkShape(body: Record<string, unknown>, ctx: z.RefinementCtx): void {
  scopeFieldsIssues(body, PAYLOAD_CATALOGUE, ctx);
  for (const issue of bodyShapeIssues(body))
    ctx.addIssue({ code: 'custom', path: [...issue.path], message: issue.message });
  const payload = body['payload'];
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return;
  if (unknownMemberPaths(payload as Record<string, unknown>, PAYLOAD_CATALOGUE).length > MAX_UNKNOWN_MEMBERS) {
    ctx.addIssue({
      code: 'custom',
      path: ['payload'],
      message: `has more than ${MAX_UNKNOWN_MEMBERS} members the field catalogue does not know`,
    });
  }
}

export type DisclosureRequest = z.infer<typeof disclosureRequestSchema>;
export type DisclosurePayload = z.infer<typeof disclosurePayloadSchema>;
