/**
 * The switches of policy-uk.md §7: the provider's documented choices where the law or practice
 * varies. Changing one yields a new document digest; the evaluation code does not change.
 */
import * as z from 'zod';
import { PolicyEvaluationError } from './errors.ts';
import { seSwitchesSchema, type SeSwitches } from './se-switches.ts';

export const switchesSchema = z.strictObject({
  'phin.identifierMode': z.enum(['CLEAR_WITH_CONSENT', 'CLEAR_MANDATED', 'OMIT']),
  'phin.postcodeGeneralisation': z.enum(['SECTOR', 'DISTRICT']),
  'phin.includeOutpatient': z.boolean(),
  'insurer.art9Basis': z.enum(['EXPLICIT_CONSENT']),
  'ndop.maxAgeHours': z.number().positive().finite(),
  'ndop.unknownStatus': z.enum(['DENY', 'REFER']),
  'override.requireCaldicottGuardian': z.boolean(),
  'regulator.nonStatutory': z.enum(['REFER', 'DENY']),
  'chi.acceptMod10': z.boolean(),
  'nhs.allowTestRange': z.boolean(),
  'retention.years': z.number().int().min(6),
  // policy-uk.md §9.6 (pack 2026.2)
  'police.voluntary': z.enum(['REFER', 'DENY']),
  'audit.external.objectionBlocks': z.boolean(),
  'registry.identifiersNeedConsent': z.boolean(),
  'registry.anonymousDemographics': z.enum(['SEX_AGE_BAND', 'NONE']),
  'review.referExpiresHours': z.number().int().positive(),
  'review.retrospectiveDays': z.number().int().positive(),
  'restriction.priorConsentCounts': z.boolean(),
  'restriction.vitalInterests': z.enum(['ALLOW', 'REFER']),
  'notification.dueDays': z.number().int().positive(),
});

export type Switches = z.infer<typeof switchesSchema>;
/** A pack carries the switches of one catalogue: the UK one here, or the Swedish one (se-switches.ts). */
export type PackSwitches = Switches | SeSwitches;
export type SwitchName = keyof Switches | keyof SeSwitches;

/** Every switch of every catalogue, by name, for selector coverage and deployment overrides. */
const SHAPES: Readonly<Record<string, z.ZodType>> = { ...switchesSchema.shape, ...seSwitchesSchema.shape };

export const DEFAULT_SWITCHES: Switches = Object.freeze({
  'phin.identifierMode': 'CLEAR_WITH_CONSENT',
  'phin.postcodeGeneralisation': 'SECTOR',
  'phin.includeOutpatient': false,
  'insurer.art9Basis': 'EXPLICIT_CONSENT',
  'ndop.maxAgeHours': 720,
  'ndop.unknownStatus': 'DENY',
  'override.requireCaldicottGuardian': true,
  'regulator.nonStatutory': 'REFER',
  'chi.acceptMod10': true,
  'nhs.allowTestRange': false,
  'retention.years': 8,
  'police.voluntary': 'REFER',
  'audit.external.objectionBlocks': true,
  'registry.identifiersNeedConsent': true,
  'registry.anonymousDemographics': 'SEX_AGE_BAND',
  'review.referExpiresHours': 72,
  'review.retrospectiveDays': 14,
  'restriction.priorConsentCounts': false,
  'restriction.vitalInterests': 'ALLOW',
  'notification.dueDays': 30,
});

/** Every value a switch can take, as the string a selector's `cases` key uses. */
export function switchValues(name: SwitchName): readonly string[] | undefined {
  const shape = SHAPES[name];
  if (shape instanceof z.ZodEnum) return shape.options.map(String);
  if (shape instanceof z.ZodBoolean) return ['true', 'false'];
  return undefined;
}

export function isSwitchName(name: string): name is SwitchName {
  return Object.hasOwn(SHAPES, name);
}

function isUkSwitches(switches: PackSwitches): switches is Switches {
  return Object.hasOwn(switches, 'nhs.allowTestRange');
}

/** The UK switches of a pack whose gates need them; a pack without them reaching a UK-only check is a defect. */
export function ukSwitches(switches: PackSwitches): Switches {
  if (isUkSwitches(switches)) return switches;
  throw new PolicyEvaluationError('A UK-only check ran on a pack without the UK switches');
}

/** The Swedish switches of a pack whose gates need them (policy-se.md §7). */
export function seSwitches(switches: PackSwitches): SeSwitches {
  if (!isUkSwitches(switches)) return switches;
  throw new PolicyEvaluationError('A Swedish check ran on a pack without the Swedish switches');
}

type ReviewSwitches = Pick<
  Switches,
  'review.referExpiresHours' | 'review.retrospectiveDays' | 'override.requireCaldicottGuardian'
>;

/**
 * The switches review cases read (reviews.md §1, §6): the pack's own, or the defaults for a pack
 * that has none (se-default refers too, and its cases need due dates).
 */
export function reviewSwitches(switches: PackSwitches): ReviewSwitches {
  return isUkSwitches(switches) ? switches : DEFAULT_SWITCHES;
}
