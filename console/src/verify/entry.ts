/**
 * Verifies one audit entry in the browser, taking nothing on the server's word: the checkpoint's
 * signature against pinned keys, the entry's leaf hash recomputed from its canonical form, its
 * inclusion proof against that checkpoint's root, and the checkpoint's consistency with the one
 * this browser saw last (kept in IndexedDB). The Merkle maths is the offline verifier's own.
 */
import type { Checkpoint } from '../../../shared/audit/checkpoint.ts';
import { fromBase64Strict, toBase64 } from '../../../shared/audit/encoding.ts';
import { leafHash } from '../../../shared/audit/merkle.ts';
import { verifyConsistency, verifyInclusion } from '../../../shared/audit/verify-proofs.ts';
import { canonicalBytes } from '../../../shared/canonical-json.ts';
import type { Api } from '../api.ts';
import { lastSeen, rememberSeen } from '../store.ts';
import { VerificationFailed, verifyCheckpointNote } from './checkpoint.ts';

export interface Receipt {
  readonly origin: string;
  readonly index: number;
  readonly leafHash: string;
  readonly entryId: string;
}

export interface Step {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface EntryVerification {
  readonly verified: boolean;
  readonly steps: readonly Step[];
}

interface CheckpointsAnswer {
  readonly checkpoints: ReadonlyArray<{ origin: string; size: number; note: string }>;
}

const decodeHashes = (hashes: unknown): Uint8Array[] =>
  (Array.isArray(hashes) ? hashes : []).map((hash) => fromBase64Strict(String(hash)) ?? new Uint8Array());

/** The latest checkpoint of `origin`, verified against the pinned keys. */
export async function verifiedCheckpoint(api: Api, origin: string, pinned: readonly string[]): Promise<Checkpoint> {
  const { checkpoints } = await api.ok<CheckpointsAnswer>('GET', '/v1/audit/checkpoints');
  const served = checkpoints.find((checkpoint) => checkpoint.origin === origin);
  if (!served) throw new VerificationFailed('The gatekeeper serves no checkpoint for this log');
  return verifyCheckpointNote(served.note, pinned, origin);
}

export async function verifyEntry(
  api: Api,
  entry: unknown,
  receipt: Receipt,
  pinned: readonly string[],
): Promise<EntryVerification> {
  const steps: Step[] = [];
  const computed = leafHash(canonicalBytes(entry));
  const leafOk = toBase64(computed) === receipt.leafHash;
  steps.push({
    name: 'Leaf hash',
    ok: leafOk,
    detail: leafOk
      ? 'The entry as shown hashes to the leaf hash of its receipt.'
      : 'The entry as shown does not hash to the leaf hash of its receipt: it was altered.',
  });
  let checkpoint: Checkpoint;
  try {
    checkpoint = await verifiedCheckpoint(api, receipt.origin, pinned);
    steps.push({
      name: 'Checkpoint signature',
      ok: true,
      detail: `Signed by a pinned key; ${checkpoint.size} entries.`,
    });
  } catch (error) {
    if (!(error instanceof VerificationFailed)) throw error;
    steps.push({ name: 'Checkpoint signature', ok: false, detail: error.message });
    return { verified: false, steps };
  }
  steps.push(await inclusionStep(api, computed, receipt, checkpoint));
  steps.push(await consistencyStep(api, checkpoint));
  return { verified: steps.every((step) => step.ok), steps };
}

async function inclusionStep(api: Api, leaf: Uint8Array, receipt: Receipt, checkpoint: Checkpoint): Promise<Step> {
  const name = 'Inclusion proof';
  if (receipt.index >= checkpoint.size) {
    return { name, ok: false, detail: 'No signed checkpoint covers this entry yet; try again in a minute.' };
  }
  const { proof } = await api.ok<{ proof: unknown }>('POST', '/v1/audit/proofs/inclusion', {
    origin: receipt.origin,
    index: receipt.index,
    treeSize: checkpoint.size,
  });
  // Proved against the root of the checkpoint verified above, never a root the answer names.
  const ok = verifyInclusion(leaf, receipt.index, checkpoint.size, decodeHashes(proof), checkpoint.rootHash);
  return {
    name,
    ok,
    detail: ok
      ? `Entry ${receipt.index} is in the signed tree of ${checkpoint.size} entries.`
      : 'The entry is not in the signed tree at its index.',
  };
}

/**
 * The verified checkpoint against the one this browser saw last of the same log (IndexedDB): the
 * same size and root, or a consistency proof that the log only grew. Remembered when it holds.
 */
export async function consistencyStep(api: Api, checkpoint: Checkpoint): Promise<Step> {
  const name = 'Consistency with your last visit';
  const seen = await lastSeen(checkpoint.origin);
  const root = toBase64(checkpoint.rootHash);
  const remember = () =>
    rememberSeen(checkpoint.origin, { size: checkpoint.size, rootHash: root, seenAt: new Date().toISOString() });
  if (seen === undefined) {
    await remember();
    return { name, ok: true, detail: 'First visit to this log from this browser: its checkpoint is remembered.' };
  }
  const seenRoot = fromBase64Strict(seen.rootHash) ?? new Uint8Array();
  let ok: boolean;
  if (seen.size > checkpoint.size) ok = false;
  else if (seen.size === checkpoint.size) ok = seen.rootHash === root;
  else {
    const { proof } = await api.ok<{ proof: unknown }>('POST', '/v1/audit/proofs/consistency', {
      origin: checkpoint.origin,
      fromSize: seen.size,
      toSize: checkpoint.size,
    });
    ok = verifyConsistency(seen.size, checkpoint.size, decodeHashes(proof), seenRoot, checkpoint.rootHash);
  }
  if (ok) await remember();
  return {
    name,
    ok,
    detail: ok
      ? `The log of ${checkpoint.size} entries extends the ${seen.size} this browser saw on ${seen.seenAt.slice(0, 10)}.`
      : `The log does not extend the ${seen.size} entries this browser saw on ${seen.seenAt.slice(0, 10)}: history was rewritten.`,
  };
}
