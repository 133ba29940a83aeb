/**
 * Swedish code formats of policy-se.md §4: KVÅ procedure codes, HSA-ids (care units, clinicians)
 * and organisationsnummer. KVÅ and HSA-id are format checks only [K]; an organisationsnummer
 * carries the same Luhn check digit as a personnummer.
 */
import { invalid, valid, type IdResult } from './result.ts';
import { swedishCheckDigit } from './swedish.ts';

const KVA = /^(?:[A-Z]{3}[0-9]{2}|[A-Z]{2}[0-9]{3})$/u;
const HSA_ID = /^SE[0-9]{10}-[A-Za-z0-9]{1,18}$/u;
const ORG_NR = /^([0-9]{6})-?([0-9]{4})$/u;

/** `NFB49`, `DQ019`; trimmed and upper-cased like the other procedure codes. */
export function validateKva(input: string): IdResult {
  const value = input.trim().toUpperCase();
  return KVA.test(value) ? valid(value) : invalid('ID_SE_KVA_FORMAT');
}

/** `SE5599000014-HUD1`: case is kept, since the unit part is the issuer's own. */
export function validateHsaId(input: string): IdResult {
  const value = input.trim();
  return HSA_ID.test(value) ? valid(value) : invalid('ID_SE_HSA_FORMAT');
}

/** `556524-6369` or `5565246369`, released in the hyphenated form. */
export function validateOrgNr(input: string): IdResult {
  const match = ORG_NR.exec(input.trim());
  if (match === null) return invalid('ID_SE_ORGNR_FORMAT');
  const [, head = '', tail = ''] = match;
  const digits = head + tail;
  if (swedishCheckDigit(digits.slice(0, 9)) !== Number(digits[9])) return invalid('ID_SE_ORGNR_CHECKSUM');
  return valid(`${head}-${tail}`);
}
