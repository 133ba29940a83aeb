/** identifiers.md's normalisation, with its no-copy path for input already normal (issue 15). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseInput } from '../../../shared/identifiers/result.ts';

/** The rule as written: strip spaces and hyphens, upper-case. */
const byRule = (input: string) => input.replace(/[\s-]/gu, '').toUpperCase();

const identifierLike = fc
  .array(fc.constantFrom('0', '7', '9', 'A', 'Z', 'a', 'ß', ' ', '-', '\u00a0', '\u2003', '\n', '.', '٣', 'İ'), {
    maxLength: 14,
    size: 'max',
  })
  .map((chars) => chars.join(''));

describe('normaliseInput', () => {
  it('is the rule itself on identifier-like and arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(identifierLike, fc.string({ unit: 'binary', maxLength: 14, size: 'max' })), (text) => {
        // Act
        const normalised = normaliseInput(text);
        // Assess
        expect(normalised).toBe(byRule(text));
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['943 476 5919', '9434765919'],
    ['943-476-5919', '9434765919'],
    ['9434765919', '9434765919'],
    ['ab12cd', 'AB12CD'],
  ])('normalises %j to %j', (input, expected) => expect(normaliseInput(input)).toBe(expected));
});
