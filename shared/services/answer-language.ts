/**
 * Explanations in the caller's language (policy-se.md §6). The stored answer keeps the
 * explanations in every language the pack offers; the answer carries one, chosen by
 * `Accept-Language`. Explanations are outside the audit entry, the payload digest, the receipt and
 * the authorisation, so a retry in another language is the same decision explained differently.
 */
import type { Language } from '../policy/languages.ts';
import { chooseLanguage, isLanguage } from '../policy/languages.ts';
import type { DisclosureAnswer } from './disclosure-answer.ts';

export function localise(answer: DisclosureAnswer, acceptLanguage: string | undefined): DisclosureAnswer {
  const { explanationsByLanguage, ...rest } = answer;
  // Answers stored before explanations were localised are English only.
  if (explanationsByLanguage === undefined) return { ...rest, explanationsLanguage: rest.explanationsLanguage ?? 'en' };
  const offered = Object.keys(explanationsByLanguage).filter(isLanguage);
  const fallback: Language = rest.explanationsLanguage ?? offered[0] ?? 'en';
  const language = chooseLanguage(acceptLanguage, offered, fallback);
  return {
    ...rest,
    explanations: explanationsByLanguage[language] ?? rest.explanations,
    explanationsLanguage: language,
  };
}
