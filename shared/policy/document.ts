/**
 * The zod schema of a policy pack document (policy-uk.md: "the pack is data, not code").
 * Structural validation lives here; cross-references (profile names, field paths, selector coverage,
 * templates) are checked by validate.ts after parsing.
 */
import * as z from 'zod';
import { RECIPIENT_CATEGORIES } from '../records/model.ts';
import {
  APPROVER_ROLES,
  CAPACITIES,
  EPISODE_TYPES,
  FUNDINGS,
  JURISDICTIONS,
  OVERRIDE_CODES,
  PURPOSES,
} from '../schemas/disclosure.ts';
import {
  blockGateSchema,
  channelSchema,
  code,
  emergencyAccessSchema,
  impliedConsentSchema,
  languagesSchema,
  LANGUAGES,
  objectionObligationsSchema,
  blocksSchema,
  recipientChannelSchema,
  relationCheckSchema,
  seBasisSchema,
} from './document-se.ts';
import { seSwitchesSchema } from './se-switches.ts';
import { switchesSchema } from './switches.ts';
import { schema2026x2 } from './document-2026-2.ts';
import { selectable } from './selectable.ts';
import { restrictionSectionSchema } from './restriction/schema.ts';

const CONSENT_SCOPES = [
  'INSURER_CLAIM',
  'INSURER_PREAUTH',
  'PHIN_IDENTIFIERS',
  'REGULATOR_DISCLOSURE',
  'GP_SHARING',
  'REGISTRY_IDENTIFIERS',
  'SOLICITOR_AUTHORITY',
  'LEGAL_DISCLOSURE',
  'MEDICO_LEGAL',
  'RESTRICTION_CONSENT',
  'SE_SJF',
  'SE_VARD_UTLAMNANDE',
  'SE_FORSAKRING',
  'SE_SAMTYCKE_HAVNING',
] as const;

const outcome = z.strictObject({ decision: z.enum(['DENY', 'REFER']), code });
const {
  alternativeBasis,
  instrumentTerms,
  objectionTerms,
  obligationsWhenReleased,
  preconditions2026x2,
  reasonVariants,
} = schema2026x2({ code, outcome });

const precondition = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('funding-party'), fundings: z.array(z.enum(FUNDINGS)).min(1), onFail: outcome }),
  z.strictObject({ kind: z.literal('sub-purpose-not'), values: z.array(code).min(1), onFail: outcome }),
  z.strictObject({ kind: z.literal('registered-gp'), onFail: outcome }),
  z.strictObject({ kind: z.literal('referrer'), onFail: outcome }),
  z.strictObject({ kind: z.literal('funding'), allowed: z.array(z.enum(FUNDINGS)).min(1), onFail: outcome }),
  z.strictObject({
    kind: z.literal('episode-type'),
    allowed: selectable(z.array(z.enum(EPISODE_TYPES)).min(1)),
    onFail: outcome,
  }),
  z.strictObject({ kind: z.literal('capacity'), allowed: z.array(z.enum(CAPACITIES)).min(1), onFail: outcome }),
  z.strictObject({
    kind: z.literal('override'),
    codes: z.array(z.enum(OVERRIDE_CODES)).min(1),
    approvers: z.array(z.enum(APPROVER_ROLES)).min(1),
    onFail: outcome,
  }),
  ...preconditions2026x2,
]);

const clearIdentifiers = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('ALWAYS') }),
  z.strictObject({ mode: z.literal('NEVER'), reason: code }),
  z.strictObject({
    mode: z.literal('WITH_CONSENT'),
    scope: z.enum(CONSENT_SCOPES),
    reason: code,
    /** §9.6: a recipient holding this attribute receives identifiers without consent, on this basis. */
    orRecipientAttribute: z.strictObject({ attribute: z.enum(['s251Ref']), basis: alternativeBasis }).optional(),
  }),
]);

const flow = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/u),
  title: z.string().min(1),
  categories: z.array(z.enum(RECIPIENT_CATEGORIES as readonly [string, ...string[]])).min(1),
  purpose: z.enum(PURPOSES),
  channel: channelSchema.optional(),
  mandatory: z
    .strictObject({
      implied: z.string().nullable(),
      instruments: z.array(
        z.strictObject({
          prefix: z.string().regex(/^[A-Za-z0-9._-]+$/u),
          regulator: z.string().optional(),
          ...instrumentTerms,
        }),
      ),
      onMissing: outcome,
    })
    .nullable(),
  basis: z.union([
    z.strictObject({
      art6: selectable(z.string().min(1)),
      art9: selectable(z.string().min(1)),
      dpaSch1Para: z.string().nullable(),
      commonLaw: z.string().min(1),
    }),
    seBasisSchema,
  ]),
  identifierFailure: selectable(z.enum(['DENY', 'STRIP'])),
  preconditions: z.array(precondition),
  emergencyAccess: emergencyAccessSchema.optional(),
  relations: z.array(relationCheckSchema).optional(),
  blocks: blockGateSchema.optional(),
  consent: z
    .strictObject({
      scope: selectable(z.enum(CONSENT_SCOPES)),
      onMissing: selectable(outcome),
      onWithdrawnObligations: z.array(code),
      /** §9.1.2: only a consent naming the recipient counts. */
      namesRecipient: z.boolean().optional(),
      implied: impliedConsentSchema.optional(),
    })
    .nullable(),
  objection: z.strictObject({
    blocks: z.boolean(),
    scopes: z.array(z.enum(['CATEGORY', 'PURPOSE', 'ALL_NON_MANDATORY'])).min(1),
    overridable: z.boolean(),
    ...objectionTerms,
    onBlockObligations: objectionObligationsSchema.optional(),
  }),
  ndopGate: z.boolean(),
  clearIdentifiers: selectable(clearIdentifiers).optional(),
  /** §9.2 step 6: a flow with no basis of its own until an approved override gives it one. */
  overrideRequired: z
    .strictObject({ codes: z.array(z.enum(OVERRIDE_CODES)).min(1), onMissing: selectable(outcome) })
    .optional(),
  /** §9.2 step 6: when identifiers are withheld, only an anonymous record goes, on this basis. */
  anonymousRecord: alternativeBasis.optional(),
  allow: z.strictObject({ code, obligations: z.array(code), ...obligationsWhenReleased }),
  profile: z.string().min(1),
});

const fieldRule = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('K'), itemFields: z.array(z.string()).min(1).optional() }),
  z.strictObject({ action: z.literal('D') }),
  z.strictObject({ action: z.literal('P'), idType: z.enum(['LOCAL_ID', 'NHS_NUMBER', 'CHI_NUMBER', 'HC_NUMBER']) }),
  z.strictObject({
    action: z.literal('G'),
    generaliser: z.enum(['AGE_BAND', 'POSTCODE_SECTOR', 'POSTCODE_DISTRICT']),
    as: z.string().optional(),
  }),
]);
export type FieldRule = z.infer<typeof fieldRule>;

export type RuleExpr =
  | FieldRule
  | { readonly select: string; readonly cases: Readonly<Record<string, RuleExpr>>; readonly otherwise?: RuleExpr }
  | { readonly ifClearIdentifiers: RuleExpr; readonly otherwise: RuleExpr };

const ruleExpr: z.ZodType<RuleExpr> = z.lazy(() =>
  z.union([
    fieldRule,
    z.strictObject({ select: z.string(), cases: z.record(z.string(), ruleExpr), otherwise: ruleExpr.optional() }),
    z.strictObject({ ifClearIdentifiers: ruleExpr, otherwise: ruleExpr }),
  ]),
);

const profile = z.strictObject({
  title: z.string().min(1),
  rules: z.record(z.string(), ruleExpr),
  derived: z.array(
    z.strictObject({
      path: z.string(),
      from: z.enum(['episode.id', 'episode.funding']),
      pseudonymise: z.enum(['EPISODE']).optional(),
    }),
  ),
});

const field = z.strictObject({
  path: z.string().regex(/^[a-z]+\.[A-Za-z]+$/u),
  label: z.string().min(1),
  freeText: z.boolean(),
  check: z
    .enum([
      'NHS_NUMBER',
      'CHI_NUMBER',
      'HC_NUMBER',
      'LOCAL_ID',
      'POSTCODE',
      'GMC',
      'SE_PERSONNUMMER',
      'SE_SAMORDNINGSNUMMER',
      'HSA',
      'SE_RESERVNUMMER',
    ])
    .optional(),
  items: z
    .record(
      z.string(),
      z.strictObject({ freeText: z.boolean(), check: z.enum(['ICD10', 'OPCS4', 'KVA', 'HSA']).optional() }),
    )
    .optional(),
  /** §9.1.2: the list item members that date an item (a consent's date scope drops items outside it). */
  itemDates: z.array(z.string()).min(1).optional(),
});

export const policyDocumentSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/u),
  version: z.string().min(1),
  title: z.string().min(1),
  jurisdictions: z.array(z.enum(JURISDICTIONS)).min(1),
  switches: switchesSchema,
  languages: languagesSchema.optional(),
  blocks: blocksSchema.optional(),
  ndop: z.strictObject({ jurisdictions: z.array(z.enum(JURISDICTIONS)), fundings: z.array(z.enum(FUNDINGS)) }),
  overrides: z.array(
    z.strictObject({
      code: z.enum(OVERRIDE_CODES),
      approvers: selectable(z.array(z.enum(APPROVER_ROLES)).min(1)),
      capacities: z.array(z.enum(CAPACITIES)).min(1).optional(),
      allow: code,
      obligations: z.array(code),
    }),
  ),
  fields: z.array(field).min(1),
  profiles: z.record(z.string(), profile),
  flows: z.array(flow).min(1),
  reasonCodes: z
    .array(
      z.strictObject({
        code,
        kind: z.enum(['DECISIVE', 'INFORMATIONAL', 'IDENTIFIER']),
        /** In the pack's base language, English. */
        explanation: z.string().min(1),
        ...reasonVariants,
        /** The same sentence in each further language the pack offers. */
        translations: z.partialRecord(z.enum(LANGUAGES), z.string().min(1)).optional(),
      }),
    )
    .min(1),
  obligations: z.array(z.strictObject({ code, meaning: z.string().min(1) })),
  /** Restriction of processing (policy-uk.md §9.3); a pack without it denies every covered non-mandatory request. */
  restriction: restrictionSectionSchema.optional(),
  /** Channels reserved for some recipient categories (policy-se.md §1, SJF); none: every channel is open. */
  recipientChannels: z.array(recipientChannelSchema).optional(),
});

/** A pack on the Swedish switch catalogue (policy-se.md §7); everything else is the same schema. */
export const seDocumentSchema = policyDocumentSchema.extend({ switches: seSwitchesSchema });

/** The schema a document is held to: the catalogue its switches name. */
export function documentSchemaFor(document: unknown): typeof policyDocumentSchema | typeof seDocumentSchema {
  const switches =
    typeof document === 'object' && document !== null ? (document as { switches?: unknown }).switches : undefined;
  const swedish = typeof switches === 'object' && switches !== null && Object.hasOwn(switches, 'se.providerType');
  return swedish ? seDocumentSchema : policyDocumentSchema;
}

export type UkPolicyDocument = z.infer<typeof policyDocumentSchema>;
export type SePolicyDocument = z.infer<typeof seDocumentSchema>;
export type PolicyDocument = UkPolicyDocument | SePolicyDocument;
export type FlowDef = PolicyDocument['flows'][number];
export type Precondition = FlowDef['preconditions'][number];
export type Outcome = z.infer<typeof outcome>;
export type SeBasisDef = z.infer<typeof seBasisSchema>;
export type RelationCheck = z.infer<typeof relationCheckSchema>;
export type BlocksDef = z.infer<typeof blocksSchema>;
export type ProfileDef = PolicyDocument['profiles'][string];
export type FieldDef = PolicyDocument['fields'][number];
export type ClearIdentifiers = z.infer<typeof clearIdentifiers>;
export type InstrumentDef = NonNullable<FlowDef['mandatory']>['instruments'][number];
export type AlternativeBasis = z.infer<typeof alternativeBasis>;
export type Selectable<T> =
  T | { readonly select: string; readonly cases: Readonly<Record<string, T>>; readonly otherwise?: T };
