/**
 * UK postcodes (BS 7666). NHS pseudo-postcodes (`ZZ99 3VZ`: no fixed abode, born abroad …) carry
 * no location, so they are their own class: kept as they are and never generalised.
 */
export type PostcodeResult =
  | { readonly ok: true; readonly value: string; readonly pseudo: boolean }
  | { readonly ok: false; readonly code: 'ID_POSTCODE_FORMAT' };

const BS7666 =
  /^(GIR ?0AA|[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRV-Y]) ?[0-9][ABD-HJLNP-UW-Z]{2})$/u;
const PSEUDO = /^ZZ99 [0-9][A-Z]{2}$/u;

/** Upper-case, no inner spaces, then exactly one space before the inward code (last three). */
function canonicalForm(input: string): string {
  const compact = input.replace(/\s/gu, '').toUpperCase();
  return compact.length > 3 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact;
}

export function validatePostcode(input: string): PostcodeResult {
  const value = canonicalForm(input);
  if (PSEUDO.test(value)) return { ok: true, value, pseudo: true };
  if (BS7666.test(value)) return { ok: true, value, pseudo: false };
  return { ok: false, code: 'ID_POSTCODE_FORMAT' };
}
