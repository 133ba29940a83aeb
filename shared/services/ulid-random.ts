/**
 * The random source for our ULID factories. The `ulid` package draws one byte per character by
 * default, a `crypto.getRandomValues` call each: 16 calls an id, ~60 µs of every audit entry on the
 * disclosure path (issue 15's profile). This draws the same bytes from the same CSPRNG, a pool at a
 * time, as Node's own `randomUUID` does; each byte is still used once and only once.
 */
import { randomFillSync } from 'node:crypto';

/** Bytes fetched per refill: sixteen ULIDs' randomness. */
const POOL_BYTES = 256;

/** A `ulid` PRNG: each call answers a fresh random byte over 256, in [0, 1). */
export function pooledRandom(poolBytes: number = POOL_BYTES): () => number {
  const pool = new Uint8Array(poolBytes);
  let next = poolBytes;
  return () => {
    if (next === poolBytes) {
      randomFillSync(pool);
      next = 0;
    }
    const byte = pool[next]!;
    next += 1;
    return byte / 256;
  };
}
