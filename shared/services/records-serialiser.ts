/**
 * Runs work for one key strictly one after another within this process. Record writes to one
 * patient all race for the same records version, so letting them queue here turns N in-process
 * writers into N first-attempt commits instead of N² lost conditions; writers in other processes
 * are still handled by the version condition and a retry.
 */
export class KeyedSerialiser {
  readonly #tails = new Map<string, Promise<void>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  /** Keys with work queued or running (for tests). */
  get size(): number {
    return this.#tails.size;
  }
}
