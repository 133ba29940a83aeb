/** pooledRandom: the ULID factories' random source draws each CSPRNG byte once, a pool at a time. */
import { randomFillSync } from 'node:crypto';
import type * as NodeCrypto from 'node:crypto';
import fc from 'fast-check';
import { decodeTime, isValid, monotonicFactory } from 'ulid';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pooledRandom } from '../../../shared/services/ulid-random.ts';

vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof NodeCrypto>();
  return { ...actual, randomFillSync: vi.fn(actual.randomFillSync) };
});

afterEach(() => vi.mocked(randomFillSync).mockClear());

describe('pooledRandom', () => {
  it('answers bytes over 256 in [0, 1), refilling only when the pool is spent', () => {
    // Prepare
    const random = pooledRandom(16);

    // Act
    const values = Array.from({ length: 40 }, () => random());

    // Assess: 40 draws from pools of 16 are three fills, each value a whole byte over 256.
    expect(vi.mocked(randomFillSync)).toHaveBeenCalledTimes(3);
    for (const value of values) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      expect(Number.isInteger(value * 256)).toBe(true);
    }
  });

  it('hands out every byte of a fill once, in order', () => {
    // Prepare: the fill is fault-injected with known bytes 0..7, then 8..15.
    let fill = 0;
    vi.mocked(randomFillSync).mockImplementation(((buffer: Uint8Array) => {
      for (let i = 0; i < buffer.length; i += 1) buffer[i] = fill * buffer.length + i;
      fill += 1;
      return buffer;
    }) as typeof randomFillSync);
    const random = pooledRandom(8);

    // Act
    const bytes = Array.from({ length: 16 }, () => random() * 256);

    // Assess
    expect(bytes).toEqual(Array.from({ length: 16 }, (_, i) => i));
  });

  it('makes valid, strictly increasing ULIDs through the monotonic factory', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 2 ** 40 }), { minLength: 1, maxLength: 60, size: 'max' }),
        (times) => {
          // Prepare
          const next = monotonicFactory(pooledRandom());
          const sorted = [...times].sort((a, b) => a - b);

          // Act
          const ids = sorted.map((time) => next(time));

          // Assess
          for (const [i, id] of ids.entries()) {
            expect(isValid(id)).toBe(true);
            expect(decodeTime(id)).toBe(sorted[i]);
            if (i > 0) expect(id > ids[i - 1]!).toBe(true);
          }
        },
      ),
    );
  });
});
