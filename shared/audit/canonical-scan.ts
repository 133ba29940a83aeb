/**
 * One pass over an entry's text that proves it is the JCS form (RFC 8785) of the value JSON.parse
 * reads from it, within what audit.md §2 allows (no null, integers only), without building the
 * canonical text to compare. `true` is a proof; `false` means "not proven", and the caller runs the
 * reference check (re-serialise and compare), which gives the verdict and the message. So the scan
 * only accepts a strict, easily argued subset and leaves every unusual input to the reference:
 *
 * - no whitespace between tokens, no `null`;
 * - integers of at most 15 digits (all safe), no `-0`, no fraction or exponent: JSON.stringify
 *   writes such an integer as exactly its digits;
 * - strings whose escapes are the ones JSON.stringify writes (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`,
 *   `\t`, `\u00xx` in lower case for the other control characters), no raw control character and
 *   no lone surrogate: such a string is its own JSON.stringify;
 * - member names without escapes, strictly ascending by UTF-16 code units: then they are distinct
 *   (no duplicate for JSON.parse to fold) and already in the order JCS sorts them into;
 * - at most 64 levels deep (deeper texts go to the reference, which has no such bound).
 *
 * `text` must be one JSON.parse accepted and strict UTF-8 decoding produced, so a string holds no
 * raw control character and no lone surrogate. Most entries hold no backslash at all: then every
 * string is canonical as it stands and ends at the next quote, which native indexOf finds far
 * faster than a loop over its characters. A text with a backslash has each string checked
 * character by character (controls and lone surrogates included, whatever its origin).
 */
export function isCanonicalEntryText(text: string): boolean {
  return scanValue(text, 0, 0, !text.includes('\\')) === text.length;
}

const NOT_PROVEN = -1;
const MAX_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;

/** Index after the value starting at `at`, or NOT_PROVEN. */
function scanValue(text: string, at: number, depth: number, plain: boolean): number {
  const c = text.charCodeAt(at);
  if (c === QUOTE) return plain ? stringEnd(text, at) : scanString(text, at, true);
  if (c === 0x7b) return depth < MAX_DEPTH ? scanObject(text, at, depth + 1, plain) : NOT_PROVEN;
  if (c === 0x5b) return depth < MAX_DEPTH ? scanArray(text, at, depth + 1, plain) : NOT_PROVEN;
  if (c === 0x74) return text.startsWith('true', at) ? at + 4 : NOT_PROVEN;
  if (c === 0x66) return text.startsWith('false', at) ? at + 5 : NOT_PROVEN;
  return scanInteger(text, at);
}

function scanInteger(text: string, at: number): number {
  const first = text.charCodeAt(at) === 0x2d ? at + 1 : at;
  let end = first;
  const lead = text.charCodeAt(first);
  if (lead === 0x30) {
    if (first !== at) return NOT_PROVEN; // -0: JCS writes 0
    end += 1;
  } else if (lead >= 0x31 && lead <= 0x39) {
    do end += 1;
    while (isDigit(text.charCodeAt(end)));
  } else {
    return NOT_PROVEN;
  }
  const next = text.charCodeAt(end);
  if (end - first > 15 || next === 0x2e || next === 0x65 || next === 0x45) return NOT_PROVEN;
  return end;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** In a text without backslashes: index after the string whose opening quote is at `at`. */
function stringEnd(text: string, at: number): number {
  const close = text.indexOf('"', at + 1);
  return close < 0 ? NOT_PROVEN : close + 1;
}

/** `escapes` false for member names: an escaped name is compared by the reference, not here. */
function scanString(text: string, at: number, escapes: boolean): number {
  let i = at + 1;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i + 1;
    if (c >= 0x20 && c !== BACKSLASH && (c < 0xd800 || c > 0xdfff)) {
      i += 1;
    } else if (c >= 0xd800 && c <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      i += 2;
    } else if (c === BACKSLASH && escapes && isCanonicalEscape(text, i)) {
      i += text.charCodeAt(i + 1) === 0x75 ? 6 : 2;
    } else {
      return NOT_PROVEN; // raw control, lone surrogate, other escape, or the end of the text
    }
  }
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** The escapes JSON.stringify writes: the short ones, and \u00xx (lower case) for other controls. */
function isCanonicalEscape(text: string, at: number): boolean {
  const e = text.charCodeAt(at + 1);
  if (e === QUOTE || e === BACKSLASH || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) return true;
  if (e !== 0x75 || !text.startsWith('00', at + 2)) return false;
  const high = text.charCodeAt(at + 4);
  const low = hexDigit(text.charCodeAt(at + 5));
  if ((high !== 0x30 && high !== 0x31) || low < 0) return false;
  const code = (high - 0x30) * 16 + low;
  // \b \t \n \f \r have short forms, so their \u form is not canonical.
  return code !== 0x08 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d;
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return -1;
}

function scanArray(text: string, at: number, depth: number, plain: boolean): number {
  let i = at + 1;
  if (text.charCodeAt(i) === 0x5d) return i + 1;
  for (;;) {
    i = scanValue(text, i, depth, plain);
    if (i === NOT_PROVEN) return NOT_PROVEN;
    const c = text.charCodeAt(i);
    if (c === 0x5d) return i + 1;
    if (c !== COMMA) return NOT_PROVEN;
    i += 1;
  }
}

function scanObject(text: string, at: number, depth: number, plain: boolean): number {
  let i = at + 1;
  if (text.charCodeAt(i) === 0x7d) return i + 1;
  let previous = -1;
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) return NOT_PROVEN;
    const afterName = plain ? stringEnd(text, i) : scanString(text, i, false);
    if (afterName === NOT_PROVEN || (previous >= 0 && !nameAscends(text, previous, i))) return NOT_PROVEN;
    previous = i;
    if (text.charCodeAt(afterName) !== COLON) return NOT_PROVEN;
    i = scanValue(text, afterName + 1, depth, plain);
    if (i === NOT_PROVEN) return NOT_PROVEN;
    const c = text.charCodeAt(i);
    if (c === 0x7d) return i + 1;
    if (c !== COMMA) return NOT_PROVEN;
    i += 1;
  }
}

/**
 * Whether the escape-free name opening at `next` (its quote) sorts strictly after the one opening
 * at `previous`, by UTF-16 code units; a proper prefix sorts first. The closing quote marks where
 * a name ends (a name here holds no quote of its own).
 */
function nameAscends(text: string, previous: number, next: number): boolean {
  for (let k = 1; ; k += 1) {
    const a = text.charCodeAt(previous + k);
    const b = text.charCodeAt(next + k);
    if (a === QUOTE) return b !== QUOTE; // previous ended first: a prefix of next, or equal
    if (b === QUOTE) return false; // next is a prefix of previous
    if (a !== b) return a < b;
  }
}
