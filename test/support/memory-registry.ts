import type {
  ClientRecord,
  ClientRegistry,
  ClientStatus,
  RegisteredKey,
  ReplayStore,
  Scope,
} from '../../shared/ports/client-registry.ts';
import type { Clock } from '../../shared/ports/clock.ts';

/**
 * In-memory ClientRegistry for unit tests; `failWith` simulates an unavailable table. Clients are
 * keyed by (org, client id) like the real registry; the helpers below take the client id alone
 * and find it in any org, since tests name clients uniquely.
 */
export class MemoryClientRegistry implements ClientRegistry {
  readonly #clients = new Map<string, ClientRecord>();
  failWith: Error | undefined = undefined;
  lookups = 0;

  register(client: {
    clientId: string;
    org: string;
    scopes: readonly Scope[];
    keys: readonly RegisteredKey['jwk'][];
    status?: ClientStatus;
    name?: string;
  }): this {
    this.#clients.set(clientKey(client.org, client.clientId), {
      clientId: client.clientId,
      org: client.org,
      name: client.name ?? client.clientId,
      scopes: client.scopes,
      status: client.status ?? 'ACTIVE',
      keys: client.keys.map((jwk) => ({ kid: jwk.kid, status: 'ACTIVE', jwk })),
      version: 1,
    });
    return this;
  }

  revokeKey(clientId: string, kid: string): this {
    return this.#update(clientId, (client) => ({
      ...client,
      keys: client.keys.map((key) => (key.kid === kid ? { ...key, status: 'REVOKED' } : key)),
    }));
  }

  setStatus(clientId: string, status: ClientStatus): this {
    return this.#update(clientId, (client) => ({ ...client, status }));
  }

  getClient(org: string, clientId: string): Promise<ClientRecord | undefined> {
    this.lookups += 1;
    if (this.failWith !== undefined) return Promise.reject(this.failWith);
    return Promise.resolve(this.#clients.get(clientKey(org, clientId)));
  }

  #update(clientId: string, change: (client: ClientRecord) => ClientRecord): this {
    const client = [...this.#clients.values()].find((candidate) => candidate.clientId === clientId);
    if (!client) throw new Error(`No client ${clientId} registered in this test`);
    this.#clients.set(clientKey(client.org, clientId), { ...change(client), version: client.version + 1 });
    return this;
  }
}

const clientKey = (org: string, clientId: string): string => JSON.stringify([org, clientId]);

/** In-memory ReplayStore with the same contract as the conditional put; expiry follows `clock`. */
export class MemoryReplayStore implements ReplayStore {
  readonly #seen = new Map<string, number>();
  readonly #clock: Clock;
  failWith: Error | undefined = undefined;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  get size(): number {
    return this.#seen.size;
  }

  remember(org: string, clientId: string, jti: string, expiresAtMs: number): Promise<boolean> {
    if (this.failWith !== undefined) return Promise.reject(this.failWith);
    const key = JSON.stringify([org, clientId, jti]);
    const until = this.#seen.get(key);
    if (until !== undefined && until > this.#clock.now()) return Promise.resolve(false);
    this.#seen.set(key, expiresAtMs);
    return Promise.resolve(true);
  }
}

/** A clock tests can pin and move. */
export class FixedClock implements Clock {
  #nowMs: number;
  constructor(nowMs: number) {
    this.#nowMs = nowMs;
  }
  now(): number {
    return this.#nowMs;
  }
  advance(ms: number): void {
    this.#nowMs += ms;
  }
}
