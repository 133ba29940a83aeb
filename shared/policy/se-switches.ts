/**
 * The switches of policy-se.md §7. A pack carries the switches of its own catalogue: `uk-default`
 * the UK ones (switches.ts), `se-default` these. Changing one yields a new digest.
 */
import * as z from 'zod';

/** The built-in Swedish pack's id: a deployment's switches for it are kept under this name. */
export const SE_PACK_ID = 'se-default';

export const seSwitchesSchema = z.strictObject({
  'se.providerType': z.enum(['PRIVATE', 'PUBLIC']),
  'se.yttreSparr.overridable': z.boolean(),
  'se.sparrServiceUnavailable': z.enum(['DENY', 'REFER']),
  /** Hours, or `none`: the org's own block records are then the only source. */
  'se.sparr.maxAgeHours': z.union([z.number().positive().finite(), z.literal('none')]),
  'se.inreSparr.maxLiftDays': z.int().min(1).max(30),
  'se.inreSparr.appliesToInsurer': z.boolean(),
  'se.direct.consentRequired': z.boolean(),
  'se.kvalitetsregister.objectionErases': z.boolean(),
  'se.register.invalidIdentifier': z.enum(['STRIP', 'DENY']),
  'se.police': z.enum(['REFER', 'DENY']),
  'insurer.art9Basis': z.enum(['EXPLICIT_CONSENT']),
  'retention.years': z.int().min(5),
  'registerutdrag.freePerCalendarYear': z.int().min(1),
  'explanations.defaultLanguage': z.enum(['sv', 'en']),
});

export type SeSwitches = z.infer<typeof seSwitchesSchema>;

export const SE_DEFAULT_SWITCHES: SeSwitches = Object.freeze({
  'se.providerType': 'PRIVATE',
  'se.yttreSparr.overridable': false,
  'se.sparrServiceUnavailable': 'DENY',
  'se.sparr.maxAgeHours': 24,
  'se.inreSparr.maxLiftDays': 7,
  'se.inreSparr.appliesToInsurer': true,
  'se.direct.consentRequired': true,
  'se.kvalitetsregister.objectionErases': true,
  'se.register.invalidIdentifier': 'STRIP',
  'se.police': 'REFER',
  'insurer.art9Basis': 'EXPLICIT_CONSENT',
  'retention.years': 10,
  'registerutdrag.freePerCalendarYear': 1,
  'explanations.defaultLanguage': 'sv',
});
