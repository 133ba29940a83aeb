import { canonicalBytes } from '../canonical-json.ts';
import { isCanonicalEntryText } from './canonical-scan.ts';
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
 * fast path proves the same in one pass over the decoded text (`isCanonicalEntryText`: canonical
 * tokens, no whitespace, member names strictly ascending), building nothing. Strict UTF-8
 * decoding round-trips, so a proof about the text is a proof about the bytes. Whatever the scan
 * does not prove (a null, a fraction, an escaped name, a non-canonical text) goes through the
 * reference check unchanged, so every verdict and every error message is the reference's.
 */
export function parseCanonicalEntryJson(bytes: Uint8Array): unknown {
  const text = decodeUtf8Strict(bytes);
  let value: unknown;
  try {
    value = JSON.parse(text ?? '\u0000');
  } catch {
    throw new AuditEntryInvalidError('The entry is not UTF-8 JSON');
  }
  if (isCanonicalEntryText(text!)) return value;
  assertEntryValue(value, '$');
  if (!bytesEqual(canonicalBytes(value), bytes))
    throw new EntryNotCanonicalError('The entry bytes are not its JCS form');
  return value;
}
