/**
 * Keyed pseudonyms through the KeyService (KMS GenerateMac). One MAC call per distinct message:
 * results are cached briefly and concurrent identical misses share one call. KeyService failures
 * propagate unchanged; there is no local fallback, because a pseudonym made any other way would
 * either be reversible or not match the recipient's longitudinal linkage.
 */
import { hash } from 'node:crypto';
import { systemClock, type Clock } from '../ports/clock.ts';
import type { KeyService, PseudonymDomain } from '../ports/key-service.ts';
import { formatPseudonym, normaliseForPseudonym, pseudonymMessage, type IdType } from './message.ts';
import { TtlLruCache } from './ttl-cache.ts';

export { formatPseudonym, normaliseForPseudonym, pseudonymMessage, ID_TYPES, type IdType } from './message.ts';

export interface PseudonymRequest {
  readonly domain: PseudonymDomain;
  readonly idType: IdType;
  readonly value: string;
}

export interface PseudonymiserOptions {
  /** Cached pseudonyms kept at most (default 10 000; 0 disables the cache). */
  readonly maxEntries?: number;
  /** How long a cached pseudonym lives (default 5 minutes). */
  readonly ttlMs?: number;
  readonly clock?: Clock;
  /** KeyService calls in flight at once from one pseudonymiseMany (default 8), to stay under KMS quotas. */
  readonly maxConcurrency?: number;
}

interface Prepared {
  readonly domain: PseudonymDomain;
  readonly message: string;
  /** SHA-256 of the message: what the cache and the in-flight map are keyed by. */
  readonly key: string;
}

const encoder = new TextEncoder();

export class Pseudonymiser {
  readonly #keys: KeyService;
  readonly #cache: TtlLruCache<string>;
  readonly #inFlight = new Map<string, Promise<string>>();
  readonly #maxConcurrency: number;
  #macCalls = 0;

  constructor(keys: KeyService, options: PseudonymiserOptions = {}) {
    this.#keys = keys;
    this.#cache = new TtlLruCache(
      options.maxEntries ?? 10_000,
      options.ttlMs ?? 5 * 60_000,
      options.clock ?? systemClock,
    );
    this.#maxConcurrency = options.maxConcurrency ?? 8;
    if (!Number.isSafeInteger(this.#maxConcurrency) || this.#maxConcurrency < 1)
      throw new RangeError('maxConcurrency must be a positive integer');
  }

  /** Number of KeyService calls made so far (for benchmarks and tests). */
  get macCalls(): number {
    return this.#macCalls;
  }

  pseudonymise(org: string, request: PseudonymRequest): Promise<string> {
    const now = this.pseudonymiseNow(org, request);
    return typeof now === 'string' ? Promise.resolve(now) : now;
  }

  /**
   * The pseudonym itself when it is cached, else the promise of it: a caller that can go on at once
   * (the decision engine) makes no promise and waits no turn for a hit (issue 15). Never throws:
   * malformed input is a rejected promise, as from `pseudonymise`.
   */
  pseudonymiseNow(org: string, request: PseudonymRequest): string | Promise<string> {
    let prepared: Prepared;
    try {
      prepared = prepare(org, request);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return this.#lookup(prepared);
  }

  /** Same order as input; one KeyService call per distinct (domain, idType, normalised value) not cached. */
  async pseudonymiseMany(org: string, requests: readonly PseudonymRequest[]): Promise<string[]> {
    // Everything is prepared first, so one malformed request fails the batch before any KMS call.
    const prepared = requests.map((request) => prepare(org, request));
    const distinct = [...new Map(prepared.map((p) => [p.key, p])).values()];
    const results = new Map<string, string>();
    await forEachLimited(distinct, this.#maxConcurrency, async (p) => {
      results.set(p.key, await this.#lookup(p));
    });
    return prepared.map((p) => {
      const pseudonym = results.get(p.key);
      if (pseudonym === undefined) throw new Error('unreachable: every distinct request was resolved');
      return pseudonym;
    });
  }

  /** The cached pseudonym itself, or the one call in flight for it, or a new call. */
  #lookup(prepared: Prepared): string | Promise<string> {
    const cached = this.#cache.get(prepared.key);
    if (cached !== undefined) return cached;
    const pending = this.#inFlight.get(prepared.key);
    if (pending !== undefined) return pending;
    const created = this.#generate(prepared);
    this.#inFlight.set(prepared.key, created);
    // Handles both outcomes, so a rejection here is never "unhandled"; callers still see it.
    const forget = (): void => {
      if (this.#inFlight.get(prepared.key) === created) this.#inFlight.delete(prepared.key);
    };
    created.then(forget, forget);
    return created;
  }

  async #generate(prepared: Prepared): Promise<string> {
    this.#macCalls += 1;
    const { mac, keyVersion } = await this.#keys.generateMac(prepared.domain, encoder.encode(prepared.message));
    const pseudonym = formatPseudonym(keyVersion, mac);
    this.#cache.set(prepared.key, pseudonym);
    return pseudonym;
  }
}

function prepare(org: string, request: PseudonymRequest): Prepared {
  const normalised = normaliseForPseudonym(request.idType, request.value);
  const message = pseudonymMessage(org, request.domain, request.idType, normalised);
  // One-shot: the same digest without a Hash object per lookup (a cache hit is most of what a pseudonym costs).
  return { domain: request.domain, message, key: hash('sha256', message, 'base64url') };
}

/** Runs `work` over `items` with at most `limit` running; stops starting new work after a failure. */
async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const item = items[next] as T;
      next += 1;
      try {
        await work(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
