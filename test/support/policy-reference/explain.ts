/**
 * TEST-ONLY REFERENCE (issue 15). The decision interpreter as it was before `decide()` ran a plan
 * compiled once per pack: this file and its siblings here are verbatim copies of that code, kept so
 * test/unit/policy/plan-equivalence.test.ts can prove the plan decides exactly as it did. The gates
 * both share are imported from shared/policy. Never import this from shared/ or functions/.
 */
/**
 * One plain-English sentence per reason code, from the pack's templates. The variables are a closed
 * list of record ids, dates, enum values and field paths: nothing here can carry an identifier or a
 * payload value into an explanation, an audit entry or a log.
 */
import type { Language } from '../../../shared/policy/document-se.ts';
import type { PolicyDocument } from '../../../shared/policy/document.ts';

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

/** @param language one the pack offers; the base text (English) where the pack has no translation. */
export function explain(
  document: PolicyDocument,
  code: string,
  vars: ExplanationVars,
  language: Language = 'en',
): string {
  const reason = document.reasonCodes.find((candidate) => candidate.code === code);
  // A variant reads better when its variable is known (an objection that was overridden, say).
  const variant = reason?.variants?.find((candidate) => vars[candidate.when] !== undefined);
  const template =
    (variant ? undefined : reason?.translations?.[language]) ??
    variant?.explanation ??
    reason?.explanation ??
    (language === 'sv' ? `Skäl ${code} gäller.` : `Reason ${code} applies.`);
  return template.replace(/\{([A-Za-z0-9]+)\}/gu, (_match, name: string) => vars[name] ?? NOT_RECORDED[language]);
}
