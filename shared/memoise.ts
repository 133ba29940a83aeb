/**
 * Caches of promises that never cache a failure. A rejected promise is forgotten the moment it
 * rejects, so the next caller computes again: a KMS throttle or a network blip must not outlive
 * itself in a warm process. Concurrent callers still share one computation while it is in flight.
 */

/** `compute()` once, remembered only if it succeeds. A synchronous throw counts as a rejection. */
export function memoise<T>(compute: () => Promise<T>): () => Promise<T> {
  let remembered: Promise<T> | undefined;
  return () => {
    if (remembered) return remembered;
    const attempt = new Promise<T>((resolve) => resolve(compute()));
    remembered = attempt;
    attempt.catch(() => {
      if (remembered === attempt) remembered = undefined;
    });
    return attempt;
  };
}

/**
 * Promises by key, at most `maxEntries` of them (the oldest goes first). Same rule as `memoise`:
 * a rejection is forgotten, and only its own entry, never a newer one under the same key.
 */
export class PromiseCache<T> {
  readonly #entries = new Map<string, Promise<T>>();
  readonly #maxEntries: number;

  constructor(maxEntries: number) {
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1)
      throw new RangeError('maxEntries must be a positive integer');
    this.#maxEntries = maxEntries;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string, compute: () => Promise<T>): Promise<T> {
    const known = this.#entries.get(key);
    if (known) return known;
    if (this.#entries.size >= this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    const attempt = new Promise<T>((resolve) => resolve(compute()));
    this.#entries.set(key, attempt);
    attempt.catch(() => {
      if (this.#entries.get(key) === attempt) this.#entries.delete(key);
    });
    return attempt;
  }
}
