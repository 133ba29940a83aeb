import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../../shared/canonical-json.ts';
import { isCanonicalEntryText } from '../../../shared/audit/canonical-scan.ts';
import { assertEntryValue } from '../../../shared/audit/entry.ts';
import { deeplyNested, jcsTexts } from './jcs-texts.ts';

/** The scan's precondition: a text JSON.parse accepts, as strict UTF-8 decoding produces it. */
function parsed(text: string): { value: unknown } | undefined {
  if (!text.isWellFormed()) return undefined;
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

function isReferenceCanonical(text: string, value: unknown): boolean {
  try {
    assertEntryValue(value, '$');
  } catch {
    return false;
  }
  return canonicalize(value) === text;
}

/** Names that need no escape, so the scan may not refuse a canonical text for its names. */
const needsEscape = (name: string) => [...name].some((c) => c < ' ' || c === '"' || c === '\\');
const plainName = fc.string({ unit: 'binary' }).filter((name) => name.isWellFormed() && !needsEscape(name));
const entryLikeValue = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ unit: 'binary' }).filter((text) => text.isWellFormed()),
    fc.integer({ min: -(10 ** 15) + 1, max: 10 ** 15 - 1 }),
    fc.boolean(),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(plainName, tie('value'), { maxKeys: 5 }),
  ),
})).value;

describe('isCanonicalEntryText proves only what re-serialising would', () => {
  it('never proves a text that is not the JCS form of its value (adversarial token texts)', () => {
    fc.assert(
      fc.property(jcsTexts, (text) => {
        // Prepare
        const json = parsed(text);
        fc.pre(json !== undefined);
        // Act
        const proven = isCanonicalEntryText(text);
        // Assess
        if (proven) expect(isReferenceCanonical(text, json.value)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('proves the canonical text of every entry-like value whose names need no escape', () => {
    fc.assert(
      fc.property(entryLikeValue, (value) => {
        // Prepare
        const text = canonicalize(value);
        // Act
        const proven = isCanonicalEntryText(text);
        // Assess
        expect(proven).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['unsorted names', '{"b":1,"a":2}'],
    ['a duplicate name', '{"a":1,"a":2}'],
    ['a longer name before its prefix', '{"a!":1,"a":2}'],
    ['-0', '[-0]'],
    ['an exponent', '[1e2]'],
    ['a fraction', '[1.0]'],
    ['16 digits', '[1234567890123456]'],
    ['whitespace', '{"a": 1}'],
    ['null', '{"a":null}'],
    ['an escaped solidus', '["\\/"]'],
    ['an upper-case hex escape', '["\\u001F"]'],
    ['the long form of a short escape', '["\\u000a"]'],
    ['an escaped letter', '["\\u0041"]'],
    ['an escaped name', '{"\\u0061":1}'],
    ['an escaped lone surrogate', '["\\ud800"]'],
    ['a raw lone surrogate beside an escape', '["\\n\ud800"]'],
    ['nesting past 64 levels', deeplyNested(65)],
  ])('leaves %s to the reference', (_name, text) => {
    // Act
    const proven = isCanonicalEntryText(text);
    // Assess
    expect(proven).toBe(false);
  });

  it.each([
    ['a prefix before the longer name', '{"a":1,"a!":2}'],
    ['astral before private-use, as UTF-16 sorts', '{"\ud83d\ude00":1,"\ufb33":2}'],
    ['the escapes JSON.stringify writes', '["\\b\\f\\n\\r\\t\\"\\\\\\u001f\\u007f"]'.replace('\\u007f', '\u007f')],
    ['15 digits and a sign', '[-123456789012345,0]'],
    ['nesting of 64 levels', deeplyNested(64)],
  ])('proves %s', (_name, text) => {
    // Prepare
    expect(isReferenceCanonical(text, JSON.parse(text))).toBe(true);
    // Act
    const proven = isCanonicalEntryText(text);
    // Assess
    expect(proven).toBe(true);
  });
});
