import { canonicalBytes } from '../canonical-json.ts';
import { bytesEqual, decodeUtf8Strict } from './encoding.ts';
import { assertEntryValue } from './entry.ts';
import { AuditEntryInvalidError, EntryNotCanonicalError } from './errors.ts';

/**
 * Reads stored entry bytes back into their JSON value and proves the bytes are that value's own JCS
 * form (audit.md §2: UTF-8, keys sorted, no whitespace, no null, integers only), which the offline
 * verifier does for every entry of a log.
 *
 * The reference check re-serialises the value with `canonicalize` and compares bytes; it builds a
 * string per member and sorts every key list, and was the largest cost of full verification. The
 * fast path reaches the same verdict with native code: `JSON.parse` keeps members in text order
 * (V8 moves only array-index keys such as "10" first), so when every object's keys come out in
 * strictly ascending UTF-16 order the JCS sort is the identity and `canonicalize(value)` is exactly
 * `JSON.stringify(value)` (same string escapes, same integers, no whitespace). Strict UTF-8 decoding
 * round-trips, so comparing that string with the decoded text is comparing the bytes. Whatever the
 * fast path does not prove (a null, a non-integer, keys V8 reordered) goes through the reference
 * check unchanged, so every verdict and every error message is the reference's.
 */
export function parseCanonicalEntryJson(bytes: Uint8Array): unknown {
  const text = decodeUtf8Strict(bytes);
  let value: unknown;
  try {
    value = JSON.parse(text ?? '\u0000');
  } catch {
    throw new AuditEntryInvalidError('The entry is not UTF-8 JSON');
  }
  if (isEntryValueInSortedOrder(value)) {
    if (JSON.stringify(value) !== text) throw new EntryNotCanonicalError('The entry bytes are not its JCS form');
    return value;
  }
  assertEntryValue(value, '$');
  if (!bytesEqual(canonicalBytes(value), bytes))
    throw new EntryNotCanonicalError('The entry bytes are not its JCS form');
  return value;
}

/**
 * True when a parsed JSON value holds no null and no number but safe integers (what assertEntryValue
 * allows), and every object's keys are already in strictly ascending UTF-16 order. Values come from
 * JSON.parse, so objects are plain and nothing is undefined.
 */
function isEntryValueInSortedOrder(value: unknown): boolean {
  if (typeof value === 'number') return Number.isSafeInteger(value);
  if (typeof value !== 'object') return true;
  if (value === null) return false;
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) if (!isEntryValueInSortedOrder(item)) return false;
    return true;
  }
  const record = value as Record<string, unknown>;
  let previous: string | undefined;
  for (const key of Object.keys(record)) {
    if (previous !== undefined && !(previous < key)) return false;
    if (!isEntryValueInSortedOrder(record[key])) return false;
    previous = key;
  }
  return true;
}
