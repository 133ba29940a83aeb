/**
 * A request whose jti is recorded with the change it makes instead of before it (api.md §1 replay
 * store): one conditional put fewer ahead of the commit. The jti rides in the audit transaction as
 * a companion write; a request that never commits that transaction (refused, invalid, answered
 * from a stored answer, failed) records its jti on its own before it is answered. Either way no
 * answer leaves before the jti is recorded, and a replay is refused exactly as before.
 */
import { randomUUID } from 'node:crypto';
import { DependencyUnavailableError, GatekeeperError } from '../errors.ts';
import type { AtomicWrite } from '../ports/audit-log.ts';
import type { ReplayStore } from '../ports/client-registry.ts';
import type { Clock } from '../ports/clock.ts';
import { SignatureRejectedError } from './errors.ts';

/** What the change's transaction needs: the write to include, and what to report after. */
export interface ReplayInTransaction {
  /** The conditional put of the jti, tagged `replay`; first among the companion writes. */
  write(): AtomicWrite;
  /** The transaction holding `write()` committed: the jti is recorded. */
  committed(): void;
  /** The transaction failed on `write()`: this request is a replay; the error to answer. */
  replayed(): SignatureRejectedError;
}

/** The jti of an admitted request, as the replay store records it. */
export interface ReplayClaim {
  readonly org: string;
  readonly clientId: string;
  readonly jti: string;
  readonly expiresAtMs: number;
}

type State = 'pending' | 'committed' | 'replayed';

export class DeferredReplay implements ReplayInTransaction {
  readonly #store: ReplayStore & Required<Pick<ReplayStore, 'claim'>>;
  readonly #claim: ReplayClaim;
  readonly #clock: Clock;
  /** One nonce for both ways of recording: an ambiguous commit is recognised as this attempt's. */
  readonly #attempt = randomUUID();
  #state: State = 'pending';

  constructor(store: ReplayStore & Required<Pick<ReplayStore, 'claim'>>, claim: ReplayClaim, clock: Clock) {
    this.#store = store;
    this.#claim = claim;
    this.#clock = clock;
  }

  write(): AtomicWrite {
    const { org, clientId, jti, expiresAtMs } = this.#claim;
    return this.#store.claim(org, clientId, jti, expiresAtMs, this.#attempt, this.#clock.now());
  }

  committed(): void {
    this.#state = 'committed';
  }

  replayed(): SignatureRejectedError {
    this.#state = 'replayed';
    return rejection(this.#claim);
  }

  /** True once the transaction refused this request as a replay (its refusal is to be recorded). */
  get wasReplayed(): boolean {
    return this.#state === 'replayed';
  }

  /**
   * Before the answer leaves: records the jti unless the transaction did (or found it recorded).
   * Throws `replayed_request` for a replay, `dependency_unavailable` when the store fails.
   */
  async settle(): Promise<void> {
    if (this.#state !== 'pending') return;
    const { org, clientId, jti, expiresAtMs } = this.#claim;
    let fresh: boolean;
    try {
      fresh = await this.#store.remember(org, clientId, jti, expiresAtMs, this.#attempt);
    } catch (error) {
      if (error instanceof GatekeeperError) throw error;
      throw new DependencyUnavailableError('A request verification store is unavailable', { cause: error });
    }
    this.#state = 'committed';
    if (!fresh) throw rejection(this.#claim);
  }
}

/** Whether this store can record a jti inside a transaction. */
export function canClaim(store: ReplayStore): store is ReplayStore & Required<Pick<ReplayStore, 'claim'>> {
  return typeof store.claim === 'function';
}

function rejection(claim: ReplayClaim): SignatureRejectedError {
  return new SignatureRejectedError('replayed_request', { verifiedClientId: claim.clientId });
}
