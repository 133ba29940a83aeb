import { checkpointBody, parseCheckpoint, signCheckpoint } from '../audit/checkpoint.ts';
import { rootFromFrontier } from '../audit/merkle.ts';
import { ed25519RawFromSpki, vkey } from '../audit/note.ts';
import { consistencyProof, type NodeSource } from '../audit/proofs.ts';
import { verifyConsistency } from '../audit/verify-proofs.ts';
import { GatekeeperError } from '../errors.ts';
import { memoise } from '../memoise.ts';
import type { KeyService } from '../ports/key-service.ts';

export interface CheckpointStore {
  listHeads(org?: string): Promise<Array<{ origin: string; org: string; size: number; frontier: readonly Uint8Array[] }>>;
  checkpoints(origin: string, limit?: number): Promise<Array<{ size: number; note: string }>>;
  putCheckpoint(origin: string, size: number, note: string): Promise<boolean>;
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
  /** Cache the key, not a failure: a KMS outage must not outlive itself in this instance. */
  readonly #checkpointKey: () => Promise<Uint8Array>;

  constructor(store: CheckpointStore, keys: KeyService) {
    this.#store = store;
    this.#keys = keys;
    this.#checkpointKey = memoise(async () => ed25519RawFromSpki(await keys.publicKey('CHECKPOINT')));
  }

  /** The raw Ed25519 key and the signed-note verifier key of an origin. */
  async verifierKey(origin: string): Promise<string> {
    return vkey(origin, await this.#checkpointKey());
  }

  async run(org?: string): Promise<CheckpointRun> {
    const run: CheckpointRun = { signed: [], unchanged: 0, refused: [] };
    for (const head of await this.#store.listHeads(org)) {
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
    const publicKey = await this.#checkpointKey();
    const note = await signCheckpoint(checkpointBody(head.origin, head.size, root), head.origin, (message) => this.#keys.sign('CHECKPOINT', message), publicKey);
    // A concurrent signer may have stored this size first; both notes sign the same proven root.
    await this.#store.putCheckpoint(head.origin, head.size, note);
    return true;
  }

  async #assertExtends(origin: string, last: { size: number; rootHash: Uint8Array }, size: number, root: Uint8Array): Promise<void> {
    if (last.size === 0) return;
    const proof = await consistencyProof(last.size, size, this.#store.nodeSource(origin));
    if (!verifyConsistency(last.size, size, proof, last.rootHash, root)) throw new InconsistentLogError(origin);
  }
}
