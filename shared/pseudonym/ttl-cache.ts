/**
 * A small in-memory cache, bounded in entries and in age: pseudonymisation.md allows "minutes, not
 * days" inside one function instance. Least-recently-used entries go first; an entry expires a fixed
 * time after it was written, however often it is read, so a retired key's pseudonyms age out.
 */
import type { Clock } from '../ports/clock.ts';

interface Entry<V> {
  readonly value: V;
  readonly expiresAt: number;
}

export class TtlLruCache<V> {
  // A Map iterates in insertion order; re-inserting on read makes its first key the least recent.
  readonly #entries = new Map<string, Entry<V>>();
  readonly #maxEntries: number;
  readonly #ttlMs: number;
  readonly #clock: Clock;

  constructor(maxEntries: number, ttlMs: number, clock: Clock) {
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 0)
      throw new RangeError('maxEntries must be a non-negative integer');
    if (!Number.isFinite(ttlMs) || ttlMs < 0) throw new RangeError('ttlMs must be a non-negative number');
    this.#maxEntries = maxEntries;
    this.#ttlMs = ttlMs;
    this.#clock = clock;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    if (entry.expiresAt <= this.#clock.now()) return undefined;
    this.#entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V): void {
    if (this.#maxEntries === 0 || this.#ttlMs === 0) return;
    this.#entries.delete(key);
    this.#entries.set(key, { value, expiresAt: this.#clock.now() + this.#ttlMs });
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done === true) break;
      this.#entries.delete(oldest.value);
    }
  }
}
