/**
 * Format checks for the coded fields of a disclosure: consultant GMC number, OPCS-4 procedures,
 * ICD-10 diagnoses. Only trimming and upper-casing: hyphens and dots are meaningful in these codes
 * (`M161-A`, `W37.1`), and the value keeps the form it was sent in.
 */
import { invalid, valid, type IdResult } from './result.ts';

const GMC = /^C?\d{7}$/u;
const OPCS4 = /^[A-Z][0-9]{2}\.?[0-9]$/u;
const ICD10_CDS = /^[A-Z][0-9]{2}[0-9X](?:[0-9-][AD]?)?$/u;
const ICD10_DOTTED = /^[A-Z][0-9]{2}(?:\.[0-9]{1,2})?$/u;

function tidy(input: string): string {
  return input.trim().toUpperCase();
}

/** `1234567`, or the CDS consultant code form `C1234567`. Inner spaces are tolerated. */
export function validateGmc(input: string): IdResult {
  const value = tidy(input).replace(/\s/gu, '');
  return GMC.test(value) ? valid(value) : invalid('ID_GMC_FORMAT');
}

export function validateOpcs4(input: string): IdResult {
  const value = tidy(input);
  return OPCS4.test(value) ? valid(value) : invalid('ID_OPCS_FORMAT');
}

/** CDS form (`M161`, `J45X`, `M161-A`) or dotted display form (`M16`, `M16.1`). */
export function validateIcd10(input: string): IdResult {
  const value = tidy(input);
  return ICD10_CDS.test(value) || ICD10_DOTTED.test(value) ? valid(value) : invalid('ID_ICD10_FORMAT');
}
