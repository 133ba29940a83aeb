/**
 * Stable failure codes and the result shape every identifier validator returns. Validators return
 * results instead of throwing because a malformed identifier is an expected input (it becomes an
 * informational reason or a 4xx), not a fault.
 */
export type IdCode =
  | 'ID_NHS_FORMAT'
  | 'ID_NHS_REPEATED_DIGITS'
  | 'ID_NHS_CHECK_DIGIT_10'
  | 'ID_NHS_CHECKSUM'
  | 'ID_NHS_TEST_RANGE'
  | 'ID_HC_FORMAT'
  | 'ID_HC_REPEATED_DIGITS'
  | 'ID_HC_CHECK_DIGIT_10'
  | 'ID_HC_CHECKSUM'
  | 'ID_HC_TEST_RANGE'
  | 'ID_HC_RANGE'
  | 'ID_CHI_FORMAT'
  | 'ID_CHI_DATE'
  | 'ID_CHI_CHECKSUM'
  | 'ID_POSTCODE_FORMAT'
  | 'ID_GMC_FORMAT'
  | 'ID_OPCS_FORMAT'
  | 'ID_ICD10_FORMAT'
  | 'ID_SE_FORMAT'
  | 'ID_SE_CHECKSUM'
  | 'ID_SE_DATE'
  | 'ID_SE_FUTURE_DATE'
  | 'ID_SE_BIRTHNUMBER'
  | 'ID_SE_KVA_FORMAT'
  | 'ID_SE_HSA_FORMAT'
  | 'ID_SE_ORGNR_FORMAT'
  | 'ID_SE_ORGNR_CHECKSUM'
  | 'ID_SE_RESERVNUMMER_FORMAT';

export const ID_CODES: readonly IdCode[] = Object.freeze([
  'ID_NHS_FORMAT',
  'ID_NHS_REPEATED_DIGITS',
  'ID_NHS_CHECK_DIGIT_10',
  'ID_NHS_CHECKSUM',
  'ID_NHS_TEST_RANGE',
  'ID_HC_FORMAT',
  'ID_HC_REPEATED_DIGITS',
  'ID_HC_CHECK_DIGIT_10',
  'ID_HC_CHECKSUM',
  'ID_HC_TEST_RANGE',
  'ID_HC_RANGE',
  'ID_CHI_FORMAT',
  'ID_CHI_DATE',
  'ID_CHI_CHECKSUM',
  'ID_POSTCODE_FORMAT',
  'ID_GMC_FORMAT',
  'ID_OPCS_FORMAT',
  'ID_ICD10_FORMAT',
  'ID_SE_FORMAT',
  'ID_SE_CHECKSUM',
  'ID_SE_DATE',
  'ID_SE_FUTURE_DATE',
  'ID_SE_BIRTHNUMBER',
  'ID_SE_KVA_FORMAT',
  'ID_SE_HSA_FORMAT',
  'ID_SE_ORGNR_FORMAT',
  'ID_SE_ORGNR_CHECKSUM',
  'ID_SE_RESERVNUMMER_FORMAT',
] as const);

export type IdResult = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly code: IdCode };

export function valid(value: string): IdResult {
  return { ok: true, value };
}

export function invalid(code: IdCode): IdResult {
  return { ok: false, code };
}

/** identifiers.md: "strip spaces and hyphens, upper-case" before any check. */
export function normaliseInput(input: string): string {
  // Most numbers arrive as digits and capitals already: nothing to strip or raise, so no copy (issue 15).
  return isDigitsAndCapitals(input) ? input : input.replace(/[\s-]/gu, '').toUpperCase();
}

function isDigitsAndCapitals(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (!((code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a))) return false;
  }
  return true;
}
