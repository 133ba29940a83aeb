/** Strict ISO calendar dates (shared/identifiers/calendar.ts), read without a regular expression since issue 15. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidDate, parseIsoDate } from '../../../shared/identifiers/calendar.ts';

/** The pattern parseIsoDate was written with, kept here as the reference it must agree with. */
function byPattern(text: string): { year: number; month: number; day: number } | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(text);
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return isValidDate(year, month, day) ? { year, month, day } : undefined;
}

const dateLike = fc
  .array(fc.constantFrom('0', '1', '2', '3', '9', '-', '/', ':', ' ', '\n', '٣', '２', 'T'), {
    minLength: 8,
    maxLength: 12,
  })
  .map((chars) => chars.join(''));
const nearlyValid = fc
  .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
  .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
/** A real-looking date with one character replaced: by its neighbours in ASCII, other digits and separators, or anything. */
const oneOff = fc
  .tuple(
    nearlyValid,
    fc.nat({ max: 9 }),
    fc.oneof(
      fc.constantFrom('/', ':', '-', ' ', '٣', '２', '\n'),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    ),
  )
  .map(([date, at, char]) => date.slice(0, at) + char + date.slice(at + 1));

describe('parseIsoDate', () => {
  it('reads real dates and refuses everything else', () => {
    // Act / Assess
    expect(parseIsoDate('2026-03-01')).toEqual({ year: 2026, month: 3, day: 1 });
    expect(parseIsoDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseIsoDate('2026-02-29')).toBeUndefined();
    expect(parseIsoDate('2026-04-31')).toBeUndefined();
    expect(parseIsoDate('2026-3-01')).toBeUndefined();
    expect(parseIsoDate('2026-03-01\n')).toBeUndefined();
    expect(parseIsoDate('2026-03-01T00:00:00Z')).toBeUndefined();
    expect(parseIsoDate('２０２６-03-01')).toBeUndefined();
    expect(parseIsoDate('2026/03/01')).toBeUndefined();
  });

  it('agrees with the strict pattern on any text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), dateLike, nearlyValid, oneOff), (text) => {
        // Act / Assess
        expect(parseIsoDate(text)).toEqual(byPattern(text));
      }),
      { numRuns: 2000 },
    );
  });
});
