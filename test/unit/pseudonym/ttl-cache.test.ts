import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../shared/ports/clock.ts';
import { TtlLruCache } from '../../../shared/pseudonym/ttl-cache.ts';

function manualClock(): Clock & { advance(ms: number): void } {
  let now = 1_000;
  return { now: () => now, advance: (ms) => void (now += ms) };
}

/** The documented policy spelled out over an array, oldest first: what the Map-backed cache must match. */
class ModelCache {
  readonly entries: { key: string; value: number; expiresAt: number; written: number }[] = [];
  writes = 0;
  /** Per key, the write count at its last read: to check the eviction promise. */
  readonly lastRead = new Map<string, number>();

  readonly maxEntries: number;
  readonly ttlMs: number;

  constructor(maxEntries: number, ttlMs: number) {
    this.maxEntries = maxEntries;
    this.ttlMs = ttlMs;
  }

  get(key: string, now: number): number | undefined {
    const at = this.entries.findIndex((entry) => entry.key === key);
    if (at < 0) return undefined;
    const entry = this.entries[at]!;
    if (entry.expiresAt <= now) return void this.entries.splice(at, 1);
    this.lastRead.set(key, this.writes);
    if (this.writes - entry.written >= this.maxEntries / 2) this.write(key, entry.value, entry.expiresAt);
    return entry.value;
  }

  set(key: string, value: number, now: number): string[] {
    if (this.maxEntries === 0 || this.ttlMs === 0) return [];
    this.write(key, value, now + this.ttlMs);
    return this.entries.splice(0, Math.max(0, this.entries.length - this.maxEntries)).map((entry) => entry.key);
  }

  private write(key: string, value: number, expiresAt: number): void {
    this.writes += 1;
    const at = this.entries.findIndex((entry) => entry.key === key);
    if (at >= 0) this.entries.splice(at, 1);
    this.entries.push({ key, value, expiresAt, written: this.writes });
  }
}

const operation = fc.oneof(
  fc.record({ op: fc.constant('get' as const), key: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant('set' as const), key: fc.integer({ min: 0, max: 7 }), value: fc.nat() }),
  fc.record({ op: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 10 }) }),
);

describe('TtlLruCache', () => {
  it('matches the documented policy, and never evicts an entry read during the last maxEntries / 2 writes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 400 }),
        fc.array(operation, { maxLength: 200, size: 'max' }),
        (maxEntries, ttlMs, operations) => {
          // Prepare
          const clock = manualClock();
          const cache = new TtlLruCache<number>(maxEntries, ttlMs, clock);
          const model = new ModelCache(maxEntries, ttlMs);
          for (const step of operations) {
            // Act
            if (step.op === 'tick') clock.advance(step.ms);
            else if (step.op === 'get')
              expect(cache.get(String(step.key))).toBe(model.get(String(step.key), clock.now()));
            else {
              cache.set(String(step.key), step.value);
              // Assess: an evicted entry was last read more than maxEntries / 2 writes ago.
              for (const evicted of model.set(String(step.key), step.value, clock.now())) {
                const readAt = model.lastRead.get(evicted);
                if (readAt !== undefined) expect(model.writes - readAt).toBeGreaterThan(maxEntries / 2);
              }
            }
            expect(cache.size).toBe(model.entries.length);
            expect(cache.size).toBeLessThanOrEqual(maxEntries);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('moves a read entry back only once it is in the older half, not on every read', () => {
    // Prepare: A B C D, written 1–4.
    const cache = new TtlLruCache<string>(4, 60_000, manualClock());
    for (const key of ['A', 'B', 'C', 'D']) cache.set(key, key);
    // Act: C is read while young (stays put); A and B are read once old (moved back); then E arrives.
    cache.get('C');
    cache.get('A');
    cache.get('B');
    cache.set('E', 'E');
    // Assess: C was the oldest write left; an exact LRU would have evicted D instead.
    expect(['A', 'B', 'C', 'D', 'E'].map((key) => cache.get(key))).toEqual(['A', 'B', undefined, 'D', 'E']);
  });

  it('expires an entry a fixed time after it was written, however often it is read', () => {
    // Prepare
    const clock = manualClock();
    const cache = new TtlLruCache<string>(2, 100, clock);
    cache.set('A', 'a');
    cache.set('B', 'b');
    // Act: A is read (and moved back) before it expires.
    clock.advance(60);
    const early = cache.get('A');
    clock.advance(40);
    // Assess
    expect(early).toBe('a');
    expect(cache.get('A')).toBeUndefined();
    expect(cache.size).toBe(1);
  });
});
