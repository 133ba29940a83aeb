/**
 * NHS numbers (England, Wales, Isle of Man) and H&C numbers (Northern Ireland) share the
 * modulus 11 check; H&C numbers also lie in a fixed range.
 */
import { invalid, normaliseInput, valid, type IdCode, type IdResult } from './result.ts';

export type Mod11Outcome = 'VALID' | 'CHECK_DIGIT_10' | 'MISMATCH';

const ZERO = 0x30;

/** Ten of one digit; compared by character code, since a backreference pattern's match allocates (issue 15). */
function isRepeatedDigit(digits: string): boolean {
  const first = digits.charCodeAt(0);
  for (let i = 1; i < digits.length; i += 1) if (digits.charCodeAt(i) !== first) return false;
  return true;
}

/**
 * Weights 10..2 on digits 1–9; c = 11 − (sum mod 11), 11 → 0, 10 → no valid number. `digits` is
 * format-checked first: ASCII digits, read by character code.
 */
export function mod11CheckDigit(digits: string): number | undefined {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (digits.charCodeAt(i) - ZERO) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  return check === 10 ? undefined : check;
}

export function mod11Outcome(digits: string): Mod11Outcome {
  const check = mod11CheckDigit(digits);
  if (check === undefined) return 'CHECK_DIGIT_10';
  return check === digits.charCodeAt(9) - ZERO ? 'VALID' : 'MISMATCH';
}

interface Codes {
  readonly format: IdCode;
  readonly repeated: IdCode;
  readonly checkDigit10: IdCode;
  readonly checksum: IdCode;
  readonly testRange: IdCode;
}

const NHS_CODES: Codes = {
  format: 'ID_NHS_FORMAT',
  repeated: 'ID_NHS_REPEATED_DIGITS',
  checkDigit10: 'ID_NHS_CHECK_DIGIT_10',
  checksum: 'ID_NHS_CHECKSUM',
  testRange: 'ID_NHS_TEST_RANGE',
};
const HC_CODES: Codes = {
  format: 'ID_HC_FORMAT',
  repeated: 'ID_HC_REPEATED_DIGITS',
  checkDigit10: 'ID_HC_CHECK_DIGIT_10',
  checksum: 'ID_HC_CHECKSUM',
  testRange: 'ID_HC_TEST_RANGE',
};

const HC_MIN_PREFIX = 320_000_001;
const HC_MAX_PREFIX = 399_999_999;

function isTestRange(digits: string): boolean {
  return digits.startsWith('999');
}

function validateMod11Number(input: string, codes: Codes, allowTestRange: boolean): IdResult {
  const digits = normaliseInput(input);
  if (!/^\d{10}$/u.test(digits)) return invalid(codes.format);
  // Ten equal digits (0000000000 …) pass the checksum but are placeholders, never a patient.
  if (isRepeatedDigit(digits)) return invalid(codes.repeated);
  const outcome = mod11Outcome(digits);
  if (outcome === 'CHECK_DIGIT_10') return invalid(codes.checkDigit10);
  if (outcome === 'MISMATCH') return invalid(codes.checksum);
  if (isTestRange(digits) && !allowTestRange) return invalid(codes.testRange);
  return valid(digits);
}

export function validateNhsNumber(input: string, opts: { allowTestRange: boolean }): IdResult {
  return validateMod11Number(input, NHS_CODES, opts.allowTestRange);
}

export function validateHcNumber(input: string, opts: { allowTestRange: boolean }): IdResult {
  const result = validateMod11Number(input, HC_CODES, opts.allowTestRange);
  if (!result.ok) return result;
  // A permitted test number is a test number, not an out-of-range H&C number.
  if (isTestRange(result.value)) return result;
  const prefix = Number(result.value.slice(0, 9));
  if (prefix < HC_MIN_PREFIX || prefix > HC_MAX_PREFIX) return invalid('ID_HC_RANGE');
  return result;
}
