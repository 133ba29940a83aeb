import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { age, minute } from '../../../console/src/time.ts';

const NOW = Date.parse('2026-12-05T20:00:00.000Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();

describe("a checkpoint's age on the Overview", () => {
  it('reads in the unit a person would say', () => {
    // Act + Assess
    expect(age(NOW, ago(59_000))).toBe('just now');
    expect(age(NOW, ago(60_000))).toBe('1 min ago');
    expect(age(NOW, ago(119 * 60_000))).toBe('119 min ago');
    expect(age(NOW, ago(120 * 60_000))).toBe('2 h ago');
    expect(age(NOW, ago(47 * 3_600_000 + 59 * 60_000))).toBe('47 h ago');
    expect(age(NOW, ago(48 * 3_600_000))).toBe('2 days ago');
    // A signer's clock a little ahead of this browser's is not "in the future".
    expect(age(NOW, ago(-30_000))).toBe('just now');
  });

  it('never grows younger as time passes', () => {
    const inMinutes = (text: string): number => {
      if (text === 'just now') return 0;
      const [count, unit] = text.split(' ');
      return Number(count) * ({ min: 1, h: 60, days: 1440 }[unit!] ?? Number.NaN);
    };
    fc.assert(
      fc.property(fc.nat(10 * 86_400_000), fc.nat(10 * 86_400_000), (a, b) => {
        // Act
        const [younger, older] = [age(NOW, ago(Math.min(a, b))), age(NOW, ago(Math.max(a, b)))];
        // Assess
        expect(inMinutes(older)).toBeGreaterThanOrEqual(inMinutes(younger));
      }),
    );
  });

  it('shows an instant to the minute', () => {
    // Act / Assess
    expect(minute('2026-12-05T20:41:59.999Z')).toBe('2026-12-05 20:41');
  });
});
