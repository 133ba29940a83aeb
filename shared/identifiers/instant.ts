/**
 * Instants as the records write them. `Date.parse` costs ~250 ns a call, and a decision reads the
 * same consent's time up to six times (three consent lookups, each checking and ordering it: issue
 * 15), so the one form the records hold is read by character code and everything else is left to
 * `Date.parse` itself, which stays the definition.
 */
import { digitsAt, isValidDate } from './calendar.ts';

const CANONICAL = 'YYYY-MM-DDTHH:MM:SS';
/** Where CANONICAL has its separators (`-`, `-`, `T`, `:`, `:`). */
const SEPARATORS: readonly number[] = [4, 7, 10, 13, 16];
const DOT = 0x2e;
const Z = 0x5a;

/**
 * Milliseconds since the epoch, exactly as `Date.parse(text)` gives them (NaN when it cannot read
 * the text). `YYYY-MM-DDTHH:MM:SSZ` and `YYYY-MM-DDTHH:MM:SS.sssZ` with a real date, a year from
 * 1000 and a time before 24:00 are read here; any other text goes to `Date.parse`.
 */
export function instantMs(text: string): number {
  const length = text.length;
  if ((length !== 20 && length !== 24) || text.charCodeAt(length - 1) !== Z) return Date.parse(text);
  for (let i = 0; i < SEPARATORS.length; i += 1) {
    const at = SEPARATORS[i]!;
    if (text.charCodeAt(at) !== CANONICAL.charCodeAt(at)) return Date.parse(text);
  }
  if (length === 24 && text.charCodeAt(19) !== DOT) return Date.parse(text);
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 7);
  const day = digitsAt(text, 8, 10);
  const hour = digitsAt(text, 11, 13);
  const minute = digitsAt(text, 14, 16);
  const second = digitsAt(text, 17, 19);
  const milli = length === 24 ? digitsAt(text, 20, 23) : 0;
  if (year < 1000 || !isValidDate(year, month, day)) return Date.parse(text);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || milli < 0)
    return Date.parse(text);
  return Date.UTC(year, month - 1, day, hour, minute, second, milli);
}
