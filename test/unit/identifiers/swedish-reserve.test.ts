import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateReservnummer } from '../../../shared/identifiers/index.ts';
import { normaliseForPseudonym } from '../../../shared/pseudonym/message.ts';

const CODE = { ok: false, code: 'ID_SE_RESERVNUMMER_FORMAT' } as const;

describe('validateReservnummer: policy-se.md §2 (local, never a personal number; trimmed, upper-cased)', () => {
  it.each([
    ['RS-2026-0042', 'RS-2026-0042'],
    [' rs-2026-0042 ', 'RS-2026-0042'],
    ['991231-R123', '991231-R123'],
    ['19640823T123', '19640823T123'],
    ['640823-3233', '640823-3233'], // a failed personnummer checksum is no concern of a reservnummer
    ['121212+1212', '121212+1212'],
    ['x', 'X'],
    ['A'.repeat(24), 'A'.repeat(24)],
  ])('%j is valid as %s', (input, expected) => {
    // Act
    const result = validateReservnummer(input);
    // Assess
    expect(result).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'only whitespace'],
    ['---', 'no letter or digit'],
    ['RS 2026', 'inner whitespace'],
    ['RS\u00002026', 'a control character'],
    ['RÖ-1', 'a letter outside A–Z'],
    ['\uFB00', 'a ligature that upper-cases into ASCII'],
    ['Eva Testsson', 'free text'],
    ['A'.repeat(25), 'longer than 24'],
  ])('%j is refused (%s)', (input) => {
    // Act
    const result = validateReservnummer(input);
    // Assess
    expect(result).toEqual(CODE);
  });
});

describe('validateReservnummer: properties', () => {
  // At least one letter or digit, at most 24 characters of the alphabet.
  const reservnummer = fc
    .stringMatching(/^[A-Za-z0-9+-]{0,12}[A-Za-z0-9][A-Za-z0-9+-]{0,11}$/u)
    .filter((value) => value.length <= 24);
  const padding = fc.stringMatching(/^[ \t\n\u00A0]{0,3}$/u);

  it('accepts any padded, mixed-case number of the alphabet as its trimmed upper-case form', () => {
    fc.assert(
      fc.property(reservnummer, padding, padding, (value, before, after) => {
        // Act
        const result = validateReservnummer(before + value + after);
        // Assess
        expect(result).toEqual({ ok: true, value: value.toUpperCase() });
      }),
    );
  });

  it('compares case- and padding-blind: two spellings of one number normalise alike, and as the pseudonym message does', () => {
    fc.assert(
      fc.property(reservnummer, padding, (value, pad) => {
        // Prepare
        const lower = validateReservnummer(pad + value.toLowerCase());
        const upper = validateReservnummer(value.toUpperCase() + pad);
        // Assess
        expect(lower).toEqual(upper);
        expect(lower.ok && normaliseForPseudonym('SE_RESERVNUMMER', lower.value)).toBe(value.toUpperCase());
      }),
    );
  });

  it('is idempotent: a normalised number validates to itself', () => {
    fc.assert(
      fc.property(reservnummer, (value) => {
        // Prepare
        const first = validateReservnummer(value);
        // Act
        const again = first.ok ? validateReservnummer(first.value) : first;
        // Assess
        expect(again).toEqual(first);
      }),
    );
  });

  it('never throws, and keeps nothing but 1–24 of A–Z, 0–9, "-" and "+"', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40, size: 'max' }), (input) => {
        // Act
        const result = validateReservnummer(input);
        // Assess
        if (result.ok) expect(result.value).toMatch(/^[A-Z0-9+-]{1,24}$/u);
        else expect(result).toEqual(CODE);
      }),
    );
  });

  it('refuses any number with a character outside the alphabet inside it', () => {
    const outside = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 1 })
      .filter((c) => !/^[A-Za-z0-9+-]$/u.test(c));
    fc.assert(
      fc.property(reservnummer, reservnummer, outside, (head, tail, bad) => {
        // Act
        const result = validateReservnummer(`${head}${bad}${tail}`);
        // Assess
        expect(result).toEqual(CODE);
      }),
    );
  });
});
