/**
 * The consent terms of policy-uk.md §9.1.2 (pack 2026.2): a consent may cover only records dated
 * within `recordsFrom`–`recordsTo` (inclusive), judged by the episode's admission date, else its
 * discharge date; inside a covered episode, list items dated outside the period are not released.
 */
import type { Consent } from '../../records/model.ts';
import type { DisclosureRequest } from '../../schemas/disclosure.ts';
import type { FieldDef } from '../document.ts';
import { isObject } from '../paths.ts';

export const OUT_OF_CONSENT_SCOPE = 'REDACT_OUT_OF_CONSENT_SCOPE';

export function isDateScoped(consent: Consent): boolean {
  return consent.recordsFrom !== undefined || consent.recordsTo !== undefined;
}

function within(consent: Consent, date: string): boolean {
  return (
    (consent.recordsFrom === undefined || date >= consent.recordsFrom) &&
    (consent.recordsTo === undefined || date <= consent.recordsTo)
  );
}

export function episodeDate(request: DisclosureRequest): string | undefined {
  const episode = request.payload.episode;
  return episode?.admissionDate ?? episode?.dischargeDate;
}

/** A date-scoped consent cannot cover a payload that carries no episode date (fail closed). */
export function coversEpisodeDates(consent: Consent, request: DisclosureRequest): boolean {
  if (!isDateScoped(consent)) return true;
  const date = episodeDate(request);
  return date !== undefined && within(consent, date);
}

/** Why a list item is not released under this consent, if it is dated outside the consent's period. */
export function itemOutsideConsent(consent: Consent | undefined, field: FieldDef, item: unknown): string | undefined {
  if (consent === undefined || !isDateScoped(consent) || field.itemDates === undefined || !isObject(item))
    return undefined;
  const outside = field.itemDates.some((name) => {
    const date = item[name];
    return typeof date === 'string' && !within(consent, date);
  });
  return outside ? OUT_OF_CONSENT_SCOPE : undefined;
}
