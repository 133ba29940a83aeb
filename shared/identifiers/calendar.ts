/**
 * Calendar arithmetic on plain year/month/day numbers. Deliberately avoids Date: Date parsing is
 * lenient (it rolls 31 April into 1 May) and time-zone dependent, and an identifier's embedded
 * birth date must be checked exactly.
 */
export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isValidDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

const HYPHEN = 0x2d;
const ZERO = 0x30;

/** The ASCII digits of text[from, to) as a number, or -1 if any is not one. */
export function digitsAt(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i += 1) {
    const digit = text.charCodeAt(i) - ZERO;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Strict `YYYY-MM-DD` (no time, no offset); undefined when malformed or not a real date. Read by
 * character code, not with a regular expression, so a date costs no match array or substrings
 * (issue 15: a PHIN release's age band reads two).
 */
export function parseIsoDate(text: string): CalendarDate | undefined {
  if (text.length !== 10 || text.charCodeAt(4) !== HYPHEN || text.charCodeAt(7) !== HYPHEN) return undefined;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 7);
  const day = digitsAt(text, 8, 10);
  if (year < 0 || month < 0 || day < 0) return undefined;
  return isValidDate(year, month, day) ? { year, month, day } : undefined;
}

/** Negative, zero or positive as `a` is before, equal to or after `b`. */
export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}
