/**
 * One plain-English sentence per reason code, from the pack's templates. The variables are a closed
 * list of record ids, dates, enum values and field paths: nothing here can carry an identifier or a
 * payload value into an explanation, an audit entry or a log.
 */
import type { Language } from './document-se.ts';
import type { PolicyDocument } from './document.ts';
import { compiledTemplate, packIndex } from './pack-index.ts';

export const EXPLANATION_VARIABLES: readonly string[] = Object.freeze([
  'recipient',
  'category',
  'purpose',
  'flow',
  'profile',
  'funding',
  'episodeType',
  'capacity',
  'consent',
  'consentScope',
  'consentForm',
  'consentDate',
  'withdrawnDate',
  'objection',
  'objectionScope',
  'objectionDate',
  'override',
  'approver',
  'ndopDate',
  'maxAgeHours',
  'instrument',
  'legalBasis',
  'fields',
  // policy-uk.md §9.5 (pack 2026.2): references of orders, claims and s251 support, and consent dates.
  'instrumentRef',
  'matterRef',
  's251Ref',
  'recordsFrom',
  'recordsTo',
  'overrideCodes',
  'restriction',
  'restrictionDate',
  'restrictionGround',
  'erasedDate',
  'block',
  'blockDate',
  'careUnit',
  'relation',
  'relationDate',
  'agreement',
  'checkDate',
]);

export type ExplanationVars = Readonly<Partial<Record<string, string>>>;

/** `2026-11-20T09:00:00Z` → `2026-11-20`: the date names the record; the time adds nothing. */
export function dateOf(timestamp: string | undefined): string | undefined {
  return timestamp === undefined ? undefined : timestamp.slice(0, 10);
}

/** What a missing variable reads as, per language. */
const NOT_RECORDED: Readonly<Record<Language, string>> = { en: 'not recorded', sv: 'ej registrerat' };

/**
 * Variables in layers, nearest first: a layer that has a variable (even as undefined) gives its
 * value, exactly as spreading the layers farthest first into one object would, without building it.
 */
export type VarLayers = readonly ExplanationVars[];

function lookup(layers: VarLayers, name: string): string | undefined {
  for (let i = 0; i < layers.length; i += 1) {
    const layer = layers[i]!;
    if (Object.hasOwn(layer, name)) return layer[name];
  }
  return undefined;
}

function fill(template: string, layers: VarLayers, missing: string): string {
  const parts = compiledTemplate(template);
  let text = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) text += (lookup(layers, parts[i]!) ?? missing) + parts[i + 1]!;
  return text;
}

/** @param language one the pack offers; the base text (English) where the pack has no translation. */
export function explain(
  document: PolicyDocument,
  code: string,
  vars: ExplanationVars,
  language: Language = 'en',
): string {
  return explainFrom(document, code, [vars], language);
}

/** `explain` over variables in layers (the decisive stop's, the code's own, the decision's). */
export function explainFrom(document: PolicyDocument, code: string, layers: VarLayers, language: Language): string {
  const reason = packIndex(document).reasons.get(code)?.reason;
  // A variant reads better when its variable is known (an objection that was overridden, say).
  const variant = reason?.variants?.find((candidate) => lookup(layers, candidate.when) !== undefined);
  const template =
    (variant ? undefined : reason?.translations?.[language]) ??
    variant?.explanation ??
    reason?.explanation ??
    (language === 'sv' ? `Skäl ${code} gäller.` : `Reason ${code} applies.`);
  return fill(template, layers, NOT_RECORDED[language]);
}
