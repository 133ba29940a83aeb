/**
 * The body of POST /v1/disclosures (api.md §4.1) with the payload field groups of policy-uk.md §5.
 *
 * The envelope and every structured value are strict (an unknown key there is a 422), but the
 * payload groups are loose on purpose: the policy, not the schema, decides what an unknown field
 * means, and it is dropped with a transformation row (policy-uk.md §2 step 9), never passed through.
 */
import { z } from 'zod';
import { idSchema } from './ids.ts';

const SHORT = 200;
const FREE_TEXT = 20_000;
const LIST = 200;

const short = z.string().min(1).max(SHORT);
const freeText = z.string().max(FREE_TEXT);
const isoDate = z.iso.date();

export const PURPOSES = ['DIRECT_CARE', 'PAYMENT', 'STATUTORY_REPORTING', 'REGULATORY_INVESTIGATION', 'COMMISSIONING', 'VITAL_INTERESTS'] as const;
export const JURISDICTIONS = ['UK-ENG', 'UK-WAL', 'UK-SCO', 'UK-NI'] as const;
export const EPISODE_TYPES = ['APC_DAYCASE', 'APC_INPATIENT', 'OUTPATIENT'] as const;
export const FUNDINGS = ['SELF_PAY', 'INSURED', 'NHS_FUNDED', 'OTHER_PUBLIC'] as const;
export const CAPACITIES = ['HAS', 'LACKS', 'UNCONSCIOUS'] as const;
export const OVERRIDE_CODES = ['PUBLIC_INTEREST', 'SAFEGUARDING', 'VITAL_INTERESTS', 'BEST_INTERESTS'] as const;
export const APPROVER_ROLES = ['CALDICOTT_GUARDIAN', 'DPO', 'RESPONSIBLE_CLINICIAN'] as const;

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
});

const clinicalEntry = z.union([freeText, z.record(z.string().max(SHORT), z.union([z.string().max(FREE_TEXT), z.number(), z.boolean(), z.null()]))]);

const clinicalGroup = z.looseObject({
  diagnoses: z.array(z.strictObject({ code: short, description: freeText.optional() })).max(LIST).optional(),
  procedures: z.array(z.strictObject({ code: short, date: isoDate.optional(), description: freeText.optional() })).max(LIST).optional(),
  medicationsOnDischarge: z.array(clinicalEntry).max(LIST).optional(),
  allergies: z.array(clinicalEntry).max(LIST).optional(),
  results: z.array(clinicalEntry).max(LIST).optional(),
  followUpPlan: freeText.optional(),
  adverseEvents: z.array(z.strictObject({ code: short, date: isoDate.optional() })).max(LIST).optional(),
  proms: z.array(z.strictObject({
    instrument: short,
    preScore: z.number().finite().optional(),
    postScore: z.number().finite().optional(),
    preDate: isoDate.optional(),
    postDate: isoDate.optional(),
  })).max(LIST).optional(),
  clinicalNecessity: freeText.optional(),
});

const currency = z.string().regex(/^[A-Z]{3}$/u);

const financialGroup = z.looseObject({
  invoiceLines: z.array(z.strictObject({
    code: short, description: freeText.optional(), amount: z.number().finite(), currency,
  })).max(LIST).optional(),
  totalAmount: z.number().finite().optional(),
  currency: currency.optional(),
});

const narrativeGroup = z.looseObject({ notes: freeText.optional(), letter: freeText.optional() });

export const disclosurePayloadSchema = z.looseObject({
  patient: patientGroup.optional(),
  episode: episodeGroup.optional(),
  clinical: clinicalGroup.optional(),
  financial: financialGroup.optional(),
  narrative: narrativeGroup.optional(),
});

/** `<instrument prefix>:<reference>`; the policy decides which prefixes it recognises. */
const instrumentRef = z.string().min(3).max(SHORT).regex(/^[A-Za-z0-9._-]+:\S.*$/u);

export const disclosureRequestSchema = z.strictObject({
  requestId: z.string().min(1).max(128),
  // The same ids the records endpoints accept: they become storage keys and audit entry fields.
  patientId: idSchema,
  recipientId: idSchema,
  purpose: z.enum(PURPOSES),
  subPurpose: z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/u).nullish(),
  jurisdiction: z.enum(JURISDICTIONS),
  episode: z.strictObject({
    id: z.string().min(1).max(128),
    type: z.enum(EPISODE_TYPES),
    funding: z.enum(FUNDINGS),
    payerId: z.string().min(1).max(128).nullish(),
    referralSourceOds: z.string().min(1).max(32).nullish(),
  }),
  instrument: z.strictObject({
    ref: instrumentRef,
    scope: z.strictObject({ episodeIds: z.array(z.string().min(1).max(128)).max(1000) }).nullish(),
  }).nullish(),
  patientContext: z.strictObject({ capacity: z.enum(CAPACITIES) }).nullish(),
  override: z.strictObject({
    code: z.enum(OVERRIDE_CODES),
    approverRole: z.enum(APPROVER_ROLES),
    approvedBy: z.string().min(1).max(128),
    justification: z.string().min(1).max(4000),
  }).nullish(),
  payload: disclosurePayloadSchema,
});

export type DisclosureRequest = z.infer<typeof disclosureRequestSchema>;
export type DisclosurePayload = z.infer<typeof disclosurePayloadSchema>;
