import { checkpointBody, parseCheckpoint, signCheckpointWith, type CheckpointSigner } from '../audit/checkpoint.ts';
import { rootFromFrontier } from '../audit/merkle.ts';
import { ed25519RawFromSpki, vkey } from '../audit/note.ts';
import { consistencyProof, type NodeSource } from '../audit/proofs.ts';
import { verifyConsistency } from '../audit/verify-proofs.ts';
import { GatekeeperError } from '../errors.ts';
import { systemClock, type Clock } from '../ports/clock.ts';
import type { KeyService, SigningKeyVersion } from '../ports/key-service.ts';

export interface CheckpointStore {
  listHeads(
    org?: string,
  ): Promise<Array<{ origin: string; org: string; size: number; frontier: readonly Uint8Array[] }>>;
  checkpoints(origin: string, limit?: number): Promise<Array<{ size: number; note: string }>>;
  putCheckpoint(origin: string, size: number, note: string, signedAt?: string): Promise<boolean>;
  nodeSource(origin: string): NodeSource;
}

/** The log's new state does not extend the last signed checkpoint: never sign, raise the alarm. */
export class InconsistentLogError extends GatekeeperError {
  readonly code = 'log_inconsistent' as const;
  readonly origin: string;

  constructor(origin: string) {
    super('The log is not consistent with its last signed checkpoint');
    this.origin = origin;
  }
}

export interface CheckpointRun {
  readonly signed: Array<{ origin: string; size: number }>;
  /** Every org with a log, whether or not it grew (the overdue-review count covers them all). */
  readonly orgs: string[];
  readonly unchanged: number;
  readonly refused: string[];
}

/**
 * Signs a checkpoint (audit.md §4) for every log that grew since its last one. Before signing it
 * proves, from the stored nodes, that the new tree extends the last signed one; a log that fails is
 * refused (and reported) while the other logs are still checkpointed.
 */
export class CheckpointService {
  readonly #store: CheckpointStore;
  readonly #keys: KeyService;
  readonly #clock: Clock;

  /** Public keys are cached by the key service (never a failure), so they are asked for freely here. */
  constructor(store: CheckpointStore, keys: KeyService, clock: Clock = systemClock) {
    this.#store = store;
    this.#keys = keys;
    this.#clock = clock;
  }

  /** The signed-note verifier key of an origin under the active checkpoint key. */
  async verifierKey(origin: string): Promise<string> {
    return vkey(origin, await this.#rawKey(this.#keys.signingKeys('CHECKPOINT')[0]!));
  }

  /**
   * Every verifier key of an origin, active first: the retired checkpoint keys stay listed for
   * ever, since every retained checkpoint must still verify (api.md §4.5).
   */
  async verifierKeys(origin: string): Promise<string[]> {
    const versions = this.#keys.signingKeys('CHECKPOINT');
    return Promise.all(versions.map(async (version) => vkey(origin, await this.#rawKey(version))));
  }

  async run(org?: string): Promise<CheckpointRun> {
    const run: CheckpointRun = { signed: [], orgs: [], unchanged: 0, refused: [] };
    const heads = await this.#store.listHeads(org);
    run.orgs.push(...new Set(heads.map((head) => head.origin.split('/').at(-2)!)));
    for (const head of heads) {
      try {
        const signed = await this.checkpointLog(head);
        if (signed) run.signed.push({ origin: head.origin, size: head.size });
        else (run as { unchanged: number }).unchanged += 1;
      } catch (error) {
        if (!(error instanceof InconsistentLogError)) throw error;
        run.refused.push(head.origin);
      }
    }
    return run;
  }

  /** Signs the head of one log if it grew; false when its latest checkpoint is already current. */
  async checkpointLog(head: { origin: string; size: number; frontier: readonly Uint8Array[] }): Promise<boolean> {
    const [last] = await this.#store.checkpoints(head.origin, 1);
    if (last && last.size >= head.size) return false;
    const root = rootFromFrontier(head.frontier, head.size);
    if (last) await this.#assertExtends(head.origin, parseCheckpoint(last.note), head.size, root);
    const note = await signCheckpointWith(
      checkpointBody(head.origin, head.size, root),
      head.origin,
      await this.#signersNow(),
    );
    // A concurrent signer may have stored this size first; both notes sign the same proven root.
    await this.#store.putCheckpoint(head.origin, head.size, note, new Date(this.#clock.now()).toISOString());
    return true;
  }

  /**
   * The active key, and each retired key until its `retiredAt`: co-signing through a rotation lets
   * an auditor who trusts the old key accept the new one from a note both signed (key-rotation.md).
   */
  async #signersNow(): Promise<CheckpointSigner[]> {
    const now = this.#clock.now();
    const signing = this.#keys
      .signingKeys('CHECKPOINT')
      .filter((version) => version.retiredAt === undefined || now < version.retiredAt);
    return Promise.all(
      signing.map(async (version) => ({
        sign: (message: Uint8Array) => this.#keys.sign('CHECKPOINT', message, version.ref),
        publicKey32: await this.#rawKey(version),
      })),
    );
  }

  async #rawKey(version: SigningKeyVersion): Promise<Uint8Array> {
    return ed25519RawFromSpki(await this.#keys.publicKey('CHECKPOINT', version.ref));
  }

  async #assertExtends(
    origin: string,
    last: { size: number; rootHash: Uint8Array },
    size: number,
    root: Uint8Array,
  ): Promise<void> {
    if (last.size === 0) return;
    const proof = await consistencyProof(last.size, size, this.#store.nodeSource(origin));
    if (!verifyConsistency(last.size, size, proof, last.rootHash, root)) throw new InconsistentLogError(origin);
  }
}
