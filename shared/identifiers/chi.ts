/**
 * CHI numbers (Scotland): DDMMYY + four digits. The check digit is modulus 11 (as NHS numbers)
 * or, for numbers issued from 2025/26 when mod-11 numbers ran out for some birth dates, modulus 10.
 */
import { isValidDate } from './calendar.ts';
import { mod11Outcome } from './nhs.ts';
import { invalid, normaliseInput, valid, type IdResult } from './result.ts';

/** The embedded date has no century; it is acceptable when it is a real date in 19xx or 20xx. */
function hasValidBirthDate(digits: string): boolean {
  const day = Number(digits.slice(0, 2));
  const month = Number(digits.slice(2, 4));
  const yy = Number(digits.slice(4, 6));
  return isValidDate(1900 + yy, month, day) || isValidDate(2000 + yy, month, day);
}

/** Double digits 1,3,5,7,9 (1-based), subtract 9 when over 9, sum all nine. */
export function chiMod10CheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const digit = Number(digits[i]);
    const weighted = i % 2 === 0 ? digit * 2 : digit;
    sum += weighted > 9 ? weighted - 9 : weighted;
  }
  return (10 - (sum % 10)) % 10;
}

export function validateChiNumber(input: string, opts: { acceptMod10: boolean }): IdResult {
  const digits = normaliseInput(input);
  if (!/^\d{10}$/u.test(digits)) return invalid('ID_CHI_FORMAT');
  if (!hasValidBirthDate(digits)) return invalid('ID_CHI_DATE');
  if (mod11Outcome(digits) === 'VALID') return valid(digits);
  if (opts.acceptMod10 && chiMod10CheckDigit(digits) === Number(digits[9])) return valid(digits);
  return invalid('ID_CHI_CHECKSUM');
}
