/** What the decisions suite reads off an alone loop's samples to explain its p99 (bench/decision-tail.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { medianFloor, withGcPauses } from '../../../bench/decision-tail.ts';
import { summarise } from '../../../bench/lib/stats.ts';

describe('medianFloor', () => {
  it("is the dearest scenario's median in a round robin of 22", () => {
    // Prepare: scenario k always costs k + 1, so S21 is the dearest at 22.
    const samples = Array.from({ length: 22 * 50 }, (_, i) => (i % 22) + 1);

    // Act
    const floor = medianFloor(samples, (i) => `S${i % 22}`);

    // Assess
    expect(floor).toEqual({ floor: 22, scenario: 'S21' });
    expect(summarise(samples).p99).toBeGreaterThanOrEqual(floor!.floor);
  });

  it('ignores a scenario too rare to hold the p99 up', () => {
    // Prepare: 10 slow samples in 1,000 are exactly the 1% the p99 leaves above it.
    const samples = Array.from({ length: 1000 }, (_, i) => (i < 10 ? 1000 : 1));

    // Act
    const floor = medianFloor(samples, (i) => (i < 10 ? 'rare' : 'common'));

    // Assess
    expect(floor).toEqual({ floor: 1, scenario: 'common' });
    expect(summarise(samples).p99).toBe(1);
  });

  it('is never above the p99 of the samples it is read from', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 1000 })), { minLength: 1 }),
        (tagged) => {
          // Prepare
          const samples = tagged.map(([, value]) => value);

          // Act
          const floor = medianFloor(samples, (i) => String(tagged[i]![0]));

          // Assess
          if (floor !== undefined) expect(summarise(samples).p99).toBeGreaterThanOrEqual(floor.floor);
        },
      ),
    );
  });
});

describe('withGcPauses', () => {
  it('counts the GC pauses of a run that allocates and hands back its result', async () => {
    // Prepare: far more short-lived garbage than the young generation holds.
    const allocate = () => {
      let kept: object[] = [];
      for (let i = 0; i < 2_000_000; i += 1) {
        kept.push({ i });
        if (kept.length > 1000) kept = [];
      }
      return Promise.resolve(kept.length);
    };

    // Act
    const measured = await withGcPauses(allocate);

    // Assess
    expect(measured.result).toBeGreaterThan(0);
    expect(measured.pauses).toBeGreaterThan(0);
    expect(measured.pauseMs).toBeGreaterThan(0);
  });
});
