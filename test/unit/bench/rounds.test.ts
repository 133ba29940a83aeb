/** measureConcurrentRounds: each operation's total, split into rounds that turn the order. */
import { describe, expect, it } from 'vitest';
import { measureConcurrentRounds } from '../../../bench/lib/stats.ts';

describe('measureConcurrentRounds', () => {
  it("runs every operation's total, one operation at a time, the order turned each round", async () => {
    // Prepare: each op records which op ran and how many of its requests were in flight.
    const order: string[] = [];
    let inFlight = 0;
    let overlapAcrossOps = false;
    const op = (name: string) => async () => {
      if (inFlight > 0 && order.at(-1) !== name) overlapAcrossOps = true;
      order.push(name);
      inFlight += 1;
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
    };

    // Act
    const results = await measureConcurrentRounds({ total: 10, concurrency: 2, rounds: 3, maxMs: 10_000 }, [
      op('a'),
      op('b'),
      op('c'),
    ]);

    // Assess: 10 of each (shares 3, 3, 4), never two operations at once, and the rounds a-b-c, b-c-a, c-a-b.
    expect(results.map((result) => result.samples.length)).toEqual([10, 10, 10]);
    expect(overlapAcrossOps).toBe(false);
    const runs = order.filter((name, i) => name !== order[i - 1]);
    expect(runs.join('')).toBe('abcbcacab');
    expect(results.every((result) => result.wallMs > 0)).toBe(true);
  });

  it('never runs more rounds than requests', async () => {
    // Prepare
    let calls = 0;

    // Act
    const [only] = await measureConcurrentRounds({ total: 2, concurrency: 1, rounds: 5, maxMs: 10_000 }, [
      () => Promise.resolve((calls += 1)),
    ]);

    // Assess
    expect(only!.samples).toHaveLength(2);
    expect(calls).toBe(2);
  });
});
