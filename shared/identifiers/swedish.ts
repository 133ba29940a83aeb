/**
 * Swedish personnummer and samordningsnummer. Stored as 12 digits (YYYYMMDDNNNC) because the
 * 10-digit form needs its separator and the current date to recover the century.
 */
import { compareDates, isValidDate, parseIsoDate, type CalendarDate } from './calendar.ts';
import { InvalidReferenceDateError } from './errors.ts';
import { invalid, valid, type IdResult } from './result.ts';

const TEN_DIGIT = /^(\d{2})(\d{4})([-+])(\d{4})$/u;
/** `YYYYMMDD-NNNC` is accepted too: the century is explicit, so the hyphen carries nothing. */
const TWELVE_DIGIT = /^(\d{4})(\d{4})-?(\d{4})$/u;
/** Samordningsnummer (coordination numbers) add 60 to the day of birth. */
const COORDINATION_DAY_OFFSET = 60;

interface Parts {
  readonly year: number;
  /** MMDD as written, day possibly + 60. */
  readonly monthDay: string;
  /** NNNC: birth number and check digit. */
  readonly tail: string;
}

/**
 * The century of `YY` is the current one unless that puts the year after this year; `+` marks a
 * person aged 100 or more, one century earlier. The year (not the full date) decides, which is
 * what makes `261231-0017` on 2026-01-15 a future date (identifiers.md vector).
 */
function fullYear(yy: number, separator: string, today: CalendarDate): number {
  const century = Math.floor(today.year / 100) * 100;
  const year = century + yy > today.year ? century + yy - 100 : century + yy;
  return separator === '+' ? year - 100 : year;
}

function parse(input: string, today: CalendarDate): Parts | undefined {
  const text = input.trim();
  const short = TEN_DIGIT.exec(text);
  if (short !== null) {
    const [, yy = '', monthDay = '', separator = '', tail = ''] = short;
    return { year: fullYear(Number(yy), separator, today), monthDay, tail };
  }
  const long = TWELVE_DIGIT.exec(text);
  if (long === null) return undefined;
  const [, year = '', monthDay = '', tail = ''] = long;
  return { year: Number(year), monthDay, tail };
}

/** Luhn over YYMMDDNNN: weights 2,1,2,1…, digit sums. */
export function swedishCheckDigit(nineDigits: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const weighted = Number(nineDigits[i]) * (i % 2 === 0 ? 2 : 1);
    sum += weighted > 9 ? weighted - 9 : weighted;
  }
  return (10 - (sum % 10)) % 10;
}

function birthDate(parts: Parts): CalendarDate | undefined {
  const month = Number(parts.monthDay.slice(0, 2));
  const writtenDay = Number(parts.monthDay.slice(2, 4));
  const day = writtenDay > COORDINATION_DAY_OFFSET ? writtenDay - COORDINATION_DAY_OFFSET : writtenDay;
  return isValidDate(parts.year, month, day) ? { year: parts.year, month, day } : undefined;
}

export function validateSwedishPnr(input: string, opts: { today: string }): IdResult {
  const today = parseIsoDate(opts.today);
  if (today === undefined) throw new InvalidReferenceDateError('today must be a real YYYY-MM-DD date');
  const parts = parse(input, today);
  if (parts === undefined) return invalid('ID_SE_FORMAT');
  const born = birthDate(parts);
  if (born === undefined) return invalid('ID_SE_DATE');
  if (compareDates(born, today) > 0) return invalid('ID_SE_FUTURE_DATE');
  if (parts.tail.startsWith('000')) return invalid('ID_SE_BIRTHNUMBER');
  const yymmddnnn = String(parts.year % 100).padStart(2, '0') + parts.monthDay + parts.tail.slice(0, 3);
  if (swedishCheckDigit(yymmddnnn) !== Number(parts.tail[3])) return invalid('ID_SE_CHECKSUM');
  return valid(String(parts.year).padStart(4, '0') + parts.monthDay + parts.tail);
}
