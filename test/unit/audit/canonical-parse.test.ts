import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalBytes, canonicalize } from '../../../shared/canonical-json.ts';
import { parseCanonicalEntryJson } from '../../../shared/audit/canonical-parse.ts';
import { bytesEqual, decodeUtf8Strict } from '../../../shared/audit/encoding.ts';
import { assertEntryValue } from '../../../shared/audit/entry.ts';
import { AuditEntryInvalidError, EntryNotCanonicalError } from '../../../shared/audit/errors.ts';
import { jcsTexts } from './jcs-texts.ts';

/**
 * The reference: what parseEntryBytes did before the fast path, re-serialising every value. The
 * fast path must reach its verdict, value and error message on every input.
 */
function referenceParse(bytes: Uint8Array): unknown {
  let value: unknown;
  try {
    value = JSON.parse(decodeUtf8Strict(bytes) ?? '\u0000');
  } catch {
    throw new AuditEntryInvalidError('The entry is not UTF-8 JSON');
  }
  assertEntryValue(value, '$');
  if (!bytesEqual(canonicalBytes(value), bytes))
    throw new EntryNotCanonicalError('The entry bytes are not its JCS form');
  return value;
}

type Outcome = { readonly value: unknown } | { readonly error: string };

function outcomeOf(parse: (bytes: Uint8Array) => unknown, bytes: Uint8Array): Outcome {
  try {
    return { value: parse(bytes) };
  } catch (error) {
    return { error: `${(error as { code?: string }).code}: ${(error as Error).message}` };
  }
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Keys that exercise the orders JSON.parse and JCS disagree on: array indexes, astral and BMP-private characters. */
const trickyKey = fc.constantFrom(
  '1',
  '10',
  '9',
  '0',
  '01',
  '4294967295',
  'a',
  'B',
  '',
  '\ud83d\ude00',
  '\ufb33',
  '__proto__',
);
const jsonWithTrickyKeys = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 1 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(trickyKey, fc.string()), tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** The text forms a stored entry might take: canonical, insertion order, spaced, or edited. */
const entryText = fc.oneof(
  jsonWithTrickyKeys.map((value) => canonicalize(value)),
  jsonWithTrickyKeys.map((value) => JSON.stringify(value)),
  jsonWithTrickyKeys.map((value) => JSON.stringify(value, null, 1)),
  fc.tuple(jsonWithTrickyKeys, fc.nat(), fc.string({ maxLength: 3 })).map(([value, at, insert]) => {
    const text = canonicalize(value);
    const cut = at % (text.length + 1);
    return text.slice(0, cut) + insert + text.slice(cut);
  }),
);

describe('parseCanonicalEntryJson agrees with re-serialising every entry', () => {
  it('gives the reference verdict, value and message on arbitrary JSON texts', () => {
    fc.assert(
      fc.property(entryText, (text) => {
        // Prepare
        const bytes = utf8(text);
        // Act
        const fast = outcomeOf(parseCanonicalEntryJson, bytes);
        // Assess
        expect(fast).toEqual(outcomeOf(referenceParse, bytes));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives the reference verdict, value and message on texts built from canonical and non-canonical tokens', () => {
    fc.assert(
      fc.property(jcsTexts, (text) => {
        // Prepare
        const bytes = utf8(text);
        // Act
        const fast = outcomeOf(parseCanonicalEntryJson, bytes);
        // Assess
        expect(fast).toEqual(outcomeOf(referenceParse, bytes));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives the reference verdict on arbitrary bytes, invalid UTF-8 included', () => {
    // Act / Assess
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        expect(outcomeOf(parseCanonicalEntryJson, bytes)).toEqual(outcomeOf(referenceParse, bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['array-index keys, which JSON.parse moves first', '{"10":1,"9":2}', { value: { '10': 1, '9': 2 } }],
    [
      'astral before private-use, as UTF-16 sorts',
      '{"\ud83d\ude00":1,"\ufb33":2}',
      { value: { '\ud83d\ude00': 1, '\ufb33': 2 } },
    ],
    ['a duplicate key', '{"a":1,"a":2}', { error: 'entry_not_canonical: The entry bytes are not its JCS form' }],
    ['keys out of order', '{"b":1,"a":2}', { error: 'entry_not_canonical: The entry bytes are not its JCS form' }],
    ['whitespace', '{"a": 1}', { error: 'entry_not_canonical: The entry bytes are not its JCS form' }],
    [
      'an escape JCS would not write',
      '{"a":"\\u0041"}',
      { error: 'entry_not_canonical: The entry bytes are not its JCS form' },
    ],
    ['a null', '{"a":null}', { error: 'audit_entry_invalid: $.a is null; absent fields are omitted' }],
    ['a fraction', '{"a":[1.5]}', { error: 'audit_entry_invalid: $.a[0] is not a safe integer' }],
    ['a byte-order mark', '\ufeff{"a":1}', { error: 'audit_entry_invalid: The entry is not UTF-8 JSON' }],
  ])('decides %s as the reference does', (_name, text, expected) => {
    // Prepare
    const bytes = utf8(text);
    // Act
    const fast = outcomeOf(parseCanonicalEntryJson, bytes);
    // Assess
    expect(fast).toEqual(expected);
    expect(outcomeOf(referenceParse, bytes)).toEqual(expected);
  });
});
