/** Instants read by character code (shared/identifiers/instant.ts) must be Date.parse's, whatever the text. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantMs } from '../../../shared/identifiers/instant.ts';

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/** The canonical shape with every field drawn past its range, so both the fast path and its exits are hit. */
const nearlyCanonical = fc
  .record({
    year: fc.integer({ min: 0, max: 9999 }),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 25 }),
    minute: fc.integer({ min: 0, max: 61 }),
    second: fc.integer({ min: 0, max: 61 }),
    fraction: fc.option(fc.integer({ min: 0, max: 9999 }), { nil: undefined }),
    zone: fc.constantFrom('Z', 'Z', 'Z', 'z', '+00:00', '+01:30', ''),
  })
  .map(
    ({ year, month, day, hour, minute, second, fraction, zone }) =>
      `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}` +
      `${fraction === undefined ? '' : `.${pad(fraction, fraction > 999 ? 4 : 3)}`}${zone}`,
  );
/** A canonical instant with one character replaced by a separator, a digit, a non-ASCII digit or anything. */
const oneOff = fc
  .tuple(
    nearlyCanonical,
    fc.nat({ max: 23 }),
    fc.oneof(
      fc.constantFrom('-', ':', 'T', ' ', '.', 'Z', '0', '9', '٣', '２'),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    ),
  )
  .map(([text, at, swap]) => text.slice(0, at) + swap + text.slice(at + 1));

describe('instantMs', () => {
  it('agrees with Date.parse on near-canonical, one-off and arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(nearlyCanonical, oneOff, fc.string({ maxLength: 30, size: 'max' })), (text) => {
        // Act
        const read = instantMs(text);
        // Assess
        expect(read).toBe(Date.parse(text));
      }),
      { numRuns: 5000 },
    );
  });

  it.each([
    ['2026-11-20T09:00:00Z', Date.UTC(2026, 10, 20, 9)],
    ['2026-11-20T09:00:00.250Z', Date.UTC(2026, 10, 20, 9, 0, 0, 250)],
    ['2028-02-29T23:59:59Z', Date.UTC(2028, 1, 29, 23, 59, 59)],
    // Out of the fast path, still Date.parse's reading: its roll-over of 30 February and of 24:00.
    ['2026-02-30T00:00:00Z', Date.UTC(2026, 2, 2)],
    ['2026-01-01T24:00:00Z', Date.UTC(2026, 0, 2)],
    ['2026-01-01T10:00:00+01:00', Date.UTC(2026, 0, 1, 9)],
  ])('reads %s as Date.parse does', (text, expected) => {
    // Act
    const read = instantMs(text);
    // Assess
    expect(read).toBe(expected);
    expect(Date.parse(text)).toBe(expected);
  });

  it.each(['', '2026-11-20T09:00:60Z', '2026-13-01T00:00:00Z', 'not a time'])('cannot read %j: NaN', (text) =>
    expect(instantMs(text)).toBeNaN(),
  );
});
