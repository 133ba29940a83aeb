/**
 * A small in-memory cache, bounded in entries and in age: pseudonymisation.md allows "minutes, not
 * days" inside one function instance. The entry written longest ago goes first; a read entry that
 * has seen maxEntries / 2 writes since its own is written again (moved to the back), so an entry read
 * during the last maxEntries / 2 writes (new entries and such moves) is never the one evicted. An entry
 * expires a fixed time after it was first written, however often it is read, so a retired key's
 * pseudonyms age out.
 *
 * Why not an exact LRU (every read moves the entry): each move deletes and re-adds a Map key, and
 * the deleted slots make the Map compact itself, a pass over the whole table, inside whichever
 * decision's read fills it last (issue 15). Moving only old entries keeps a hit to one Map lookup.
 */
import type { Clock } from '../ports/clock.ts';

interface Entry<V> {
  readonly value: V;
  readonly expiresAt: number;
  /** The cache's write count when this entry was (re)written: how far it is from eviction. */
  readonly written: number;
}

export class TtlLruCache<V> {
  // A Map iterates in insertion order, so its first key is the entry written longest ago.
  readonly #entries = new Map<string, Entry<V>>();
  readonly #maxEntries: number;
  readonly #ttlMs: number;
  readonly #clock: Clock;
  #writes = 0;

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
    if (entry.expiresAt <= this.#clock.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    if (this.#writes - entry.written >= this.#maxEntries / 2) this.#write(key, entry.value, entry.expiresAt);
    return entry.value;
  }

  set(key: string, value: V): void {
    if (this.#maxEntries === 0 || this.#ttlMs === 0) return;
    this.#write(key, value, this.#clock.now() + this.#ttlMs);
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done === true) break;
      this.#entries.delete(oldest.value);
    }
  }

  #write(key: string, value: V, expiresAt: number): void {
    this.#writes += 1;
    this.#entries.delete(key);
    this.#entries.set(key, { value, expiresAt, written: this.#writes });
  }
}
