import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validatePostcode } from '../../../shared/identifiers/index.ts';

describe('validatePostcode: identifiers.md vectors', () => {
  it.each([
    ['sw1a1aa', 'SW1A 1AA'],
    ['SW1A 1AA', 'SW1A 1AA'],
    [' sw1a  1aa ', 'SW1A 1AA'],
    ['M1 1AE', 'M1 1AE'],
    ['B338TH', 'B33 8TH'],
    ['CR2 6XH', 'CR2 6XH'],
    ['DN55 1PT', 'DN55 1PT'],
    ['W1A 0AX', 'W1A 0AX'],
    ['EC1A 1BB', 'EC1A 1BB'],
    ['gir0aa', 'GIR 0AA'],
  ])('%s normalises to %s', (input, expected) => {
    // Act
    const result = validatePostcode(input);
    // Assess
    expect(result).toEqual({ ok: true, value: expected, pseudo: false });
  });

  it.each(['ZZ99 3VZ', 'zz993vz', 'ZZ99 3CZ'])('%s is a pseudo-postcode, passed through', (input) => {
    // Act
    const result = validatePostcode(input);
    // Assess
    expect(result).toEqual({ ok: true, value: input.toUpperCase().replace(/^ZZ99 ?/u, 'ZZ99 '), pseudo: true });
  });

  it.each(['Q1 1AA', 'SW1A 1CA', 'SW1A1AAA', '', 'SW1A', '1AA', 'ZZ99 ZZZ', 'SW1A-1AA'])(
    '%s is ID_POSTCODE_FORMAT',
    (input) => {
      // Act
      const result = validatePostcode(input);
      // Assess
      expect(result).toEqual({ ok: false, code: 'ID_POSTCODE_FORMAT' });
    },
  );

  it('normalisation is idempotent', () => {
    const letter = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcz'.split(''));
    const digit = fc.constantFrom(...'0123456789'.split(''));
    const space = fc.constantFrom('', ' ', '  ');
    const candidate = fc
      .tuple(letter, fc.option(letter), digit, fc.option(fc.oneof(letter, digit)), space, digit, letter, letter)
      .map((parts) => parts.map((p) => p ?? '').join(''));
    fc.assert(
      fc.property(candidate, (input) => {
        // Act
        const once = validatePostcode(input);
        // Assess
        if (once.ok) expect(validatePostcode(once.value)).toEqual(once);
        else expect(validatePostcode(input.toUpperCase().replace(/\s/gu, ''))).toEqual(once);
      }),
      { numRuns: 500 },
    );
  });
});
