import type { ClientRecord } from '../ports/client-registry.ts';

/** Enough for every client of a deployment; past it the least recently seen is forgotten. */
const DEFAULT_MAX_CLIENTS = 1024;

/**
 * The registry records this process last read, by (org, client). Never an authority: a request is
 * only ever admitted on the strongly consistent read made for that very request (api.md §1: a
 * revocation takes effect at once). What a remembered record buys is time: the signature can be
 * verified against it while that read is in flight, so the read and the replay put go out
 * together instead of one after the other, or the operation's own read carries the client's
 * (admission-read.ts). Only an active client's record is kept.
 */
export class KnownClients {
  readonly #records = new Map<string, ClientRecord>();
  readonly #maxClients: number;

  constructor(maxClients = DEFAULT_MAX_CLIENTS) {
    if (!Number.isSafeInteger(maxClients) || maxClients < 1)
      throw new RangeError('maxClients must be a positive integer');
    this.#maxClients = maxClients;
  }

  /** The record last read for this client, if it has this key active and is itself active. */
  find(org: string, clientId: string, kid: string): ClientRecord | undefined {
    const record = this.#records.get(keyOf(org, clientId));
    if (record?.status !== 'ACTIVE') return undefined;
    return record.keys.some((key) => key.kid === kid && key.status === 'ACTIVE') ? record : undefined;
  }

  /** What the registry answered just now for (org, client): kept if active, forgotten otherwise. */
  note(org: string, clientId: string, record: ClientRecord | undefined): void {
    const key = keyOf(org, clientId);
    this.#records.delete(key);
    if (record?.status !== 'ACTIVE' || record.org !== org || record.clientId !== clientId) return;
    this.#records.set(key, record);
    if (this.#records.size > this.#maxClients) {
      const oldest = this.#records.keys().next();
      if (!oldest.done) this.#records.delete(oldest.value);
    }
  }

  get size(): number {
    return this.#records.size;
  }
}

/** Neither part can hold `#` (the id alphabet), so the pair is unambiguous. */
function keyOf(org: string, clientId: string): string {
  return `${org}#${clientId}`;
}
