import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoise, PromiseCache } from '../../../shared/memoise.ts';

/** A computation that fails the first `failures` times it runs, then answers its run number. */
function flaky(failures: number) {
  let runs = 0;
  return {
    get runs() {
      return runs;
    },
    compute: () => {
      runs += 1;
      return runs <= failures ? Promise.reject(new Error(`failure ${runs}`)) : Promise.resolve(runs);
    },
  };
}

describe('memoise', () => {
  it('forgets a rejection, so the next call computes again and that success is kept', async () => {
    // Prepare
    const source = flaky(1);
    const get = memoise(source.compute);

    // Act
    const first = get();
    await expect(first).rejects.toThrow('failure 1');
    const second = await get();
    const third = await get();

    // Assess
    expect([second, third, source.runs]).toEqual([2, 2, 2]);
  });

  it('shares one computation between concurrent callers', async () => {
    // Prepare
    const source = flaky(0);
    const get = memoise(source.compute);

    // Act
    const answers = await Promise.all([get(), get(), get()]);

    // Assess
    expect([answers, source.runs]).toEqual([[1, 1, 1], 1]);
  });

  it('treats a synchronous throw as a rejection and forgets it too', async () => {
    // Prepare
    let calls = 0;
    const get = memoise(() => {
      calls += 1;
      if (calls === 1) throw new Error('sync');
      return Promise.resolve('ok');
    });

    // Act
    const first = await get().catch((error: unknown) => error);
    const second = await get();

    // Assess
    expect(first).toBeInstanceOf(Error);
    expect((first as Error).message).toBe('sync');
    expect(second).toBe('ok');
  });

  it('after any number of failures, answers the first success and never computes again', async () => {
    // Act / Assess
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 20 }), async (failures) => {
        const source = flaky(failures);
        const get = memoise(source.compute);
        for (let i = 0; i < failures; i += 1) await expect(get()).rejects.toThrow();
        expect(await get()).toBe(failures + 1);
        expect(await get()).toBe(failures + 1);
        expect(source.runs).toBe(failures + 1);
      }),
    );
  });
});

describe('PromiseCache', () => {
  it('forgets a rejected key only, and keeps the other keys', async () => {
    // Prepare
    const cache = new PromiseCache<number>(8);
    const source = flaky(1);

    // Act
    const failed = await cache.get('a', source.compute).catch((error: unknown) => error);
    const firstB = await cache.get('b', () => Promise.resolve(7));
    const a = await cache.get('a', source.compute);
    const b = await cache.get('b', () => Promise.resolve(99));

    // Assess
    expect((failed as Error).message).toContain('failure 1');
    expect([firstB, a, b, cache.size]).toEqual([7, 2, 7, 2]);
  });

  it('does not let an evicted rejection delete a newer entry under the same key', async () => {
    // Prepare: 'a' is pending and rejects only after it was evicted and computed again.
    const cache = new PromiseCache<string>(1);
    let rejectOld!: (error: Error) => void;
    const old = cache.get('a', () => new Promise<string>((_, reject) => (rejectOld = reject)));
    await cache.get('b', () => Promise.resolve('b'));
    const fresh = await cache.get('a', () => Promise.resolve('new'));

    // Act
    rejectOld(new Error('late'));
    await expect(old).rejects.toThrow('late');

    // Assess
    expect(fresh).toBe('new');
    expect(await cache.get('a', () => Promise.resolve('recomputed'))).toBe('new');
  });

  it('holds at most maxEntries, dropping the oldest', async () => {
    // Prepare
    const cache = new PromiseCache<number>(2);
    let recomputed = false;

    // Act
    for (const key of ['a', 'b', 'c']) await cache.get(key, () => Promise.resolve(1));
    await cache.get('a', () => ((recomputed = true), Promise.resolve(2)));

    // Assess
    expect([cache.size, recomputed]).toEqual([2, true]);
    expect(() => new PromiseCache(0)).toThrow(RangeError);
  });
});
