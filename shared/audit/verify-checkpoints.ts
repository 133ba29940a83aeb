import { parseCheckpoint, verifyCheckpoint } from './checkpoint.ts';
import type { Checkpoint } from './checkpoint.ts';
import { bytesEqual, fromBase64Strict } from './encoding.ts';
import type { VerifierKey } from './note.ts';
import { verifyConsistency } from './verify-proofs.ts';
import type { ConsistencyProofSource, FailureCode, TrustedHead, VerificationFailure, VerificationStats } from './verifier-types.ts';

/** A tree head the verifier holds: a verified checkpoint, or the auditor's trusted state. */
export interface Head {
  readonly size: number;
  readonly rootHash: Uint8Array;
  readonly trusted: boolean;
}

export type Outcome<T> = { readonly value: T } | { readonly failure: VerificationFailure };

const CHECKPOINT_CODES: ReadonlySet<string> = new Set<FailureCode>([
  'checkpoint_malformed', 'checkpoint_signature_invalid', 'checkpoint_unsigned', 'checkpoint_origin_mismatch',
]);

/**
 * Verifies every checkpoint note of a log (smallest size first, so the first failure named is the
 * earliest) and returns the distinct heads in size order, with the trusted head merged in.
 */
export function verifiedHeads(
  origin: string,
  notes: readonly string[],
  vkeys: readonly VerifierKey[],
  trusted: TrustedHead | undefined,
): Outcome<{ heads: Head[]; newest: Checkpoint | undefined }> {
  const sized = notes.map((note) => ({ note, size: sizeOf(note) })).sort((a, b) => (a.size ?? -1) - (b.size ?? -1));
  const bySize = new Map<number, Checkpoint>();
  for (const { note, size } of sized) {
    let checkpoint: Checkpoint;
    try {
      checkpoint = verifyCheckpoint(note, vkeys, origin);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code !== 'string' || !CHECKPOINT_CODES.has(code)) throw error;
      return fail(code as FailureCode, origin, `Checkpoint${size === undefined ? '' : ` of size ${size}`} rejected: ${(error as Error).message}`, size);
    }
    const same = bySize.get(checkpoint.size);
    if (same !== undefined && !bytesEqual(same.rootHash, checkpoint.rootHash)) {
      return fail('checkpoint_conflict', origin, `Two signed checkpoints of size ${checkpoint.size} have different roots`, checkpoint.size);
    }
    bySize.set(checkpoint.size, checkpoint);
  }
  const heads: Head[] = [...bySize.values()].map((c) => ({ size: c.size, rootHash: c.rootHash, trusted: false }));
  const newest = heads.length === 0 ? undefined : bySize.get(heads[heads.length - 1]!.size);
  if (trusted === undefined) return { value: { heads, newest } };
  return mergeTrusted(origin, heads, trusted, newest);
}

function mergeTrusted(
  origin: string,
  heads: Head[],
  trusted: TrustedHead,
  newest: Checkpoint | undefined,
): Outcome<{ heads: Head[]; newest: Checkpoint | undefined }> {
  const rootHash = fromBase64Strict(trusted.rootHash);
  if (rootHash?.byteLength !== 32 || !Number.isSafeInteger(trusted.size) || trusted.size < 0) {
    return fail('trusted_state_inconsistent', origin, 'The trusted state for this log is malformed');
  }
  if (newest === undefined || trusted.size > newest.size) {
    return fail('trusted_state_rollback', origin, `The log offers no checkpoint at or beyond the trusted size ${trusted.size}`, newest?.size);
  }
  const same = heads.find((head) => head.size === trusted.size);
  if (same !== undefined) {
    if (bytesEqual(same.rootHash, rootHash)) return { value: { heads, newest } };
    return fail('trusted_state_inconsistent', origin, `The checkpoint of size ${trusted.size} differs from the trusted root`, trusted.size);
  }
  const merged = [...heads, { size: trusted.size, rootHash, trusted: true }].sort((a, b) => a.size - b.size);
  return { value: { heads: merged, newest } };
}

/** Checkpoints mode: proves each head consistent with the next one using the untrusted proof source. */
export async function proveChain(
  origin: string,
  heads: readonly Head[],
  proofs: ConsistencyProofSource,
  stats: VerificationStats,
): Promise<VerificationFailure | undefined> {
  for (let i = 1; i < heads.length; i += 1) {
    const [older, newer] = [heads[i - 1]!, heads[i]!];
    const proof = older.size === 0 ? [] : await proofs.consistencyProof(origin, older.size, newer.size);
    stats.consistencyProofs += 1;
    if (verifyConsistency(older.size, newer.size, proof, older.rootHash, newer.rootHash)) continue;
    const code = older.trusted || newer.trusted ? 'trusted_state_inconsistent' : 'checkpoint_inconsistent';
    const failing = newer.trusted ? older : newer;
    return fail(code, origin, `No valid consistency proof from size ${older.size} to size ${newer.size}`, failing.size).failure;
  }
  return undefined;
}

function sizeOf(note: string): number | undefined {
  try {
    return parseCheckpoint(note).size;
  } catch {
    return undefined;
  }
}

export function fail(code: FailureCode, origin: string, message: string, checkpointSize?: number, index?: number): { failure: VerificationFailure } {
  return {
    failure: {
      code, origin, message,
      ...(checkpointSize === undefined ? {} : { checkpointSize }),
      ...(index === undefined ? {} : { index }),
    },
  };
}
