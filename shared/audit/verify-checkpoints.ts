import { parseCheckpoint, verifyCheckpoint } from './checkpoint.ts';
import type { Checkpoint } from './checkpoint.ts';
import { bytesEqual, fromBase64Strict } from './encoding.ts';
import { parseVkey, type VerifierKey } from './note.ts';
import { coSignersOf, learnLogKeys, signedByUntrustedCandidate, type CoSigners } from './verifier-keys.ts';
import { verifyConsistency } from './verify-proofs.ts';
import type {
  ConsistencyProofSource,
  FailureCode,
  TrustedHead,
  VerificationFailure,
  VerificationStats,
} from './verifier-types.ts';

/** A tree head the verifier holds: a verified checkpoint, or the auditor's trusted state. */
export interface Head {
  readonly size: number;
  readonly rootHash: Uint8Array;
  readonly trusted: boolean;
}

export type Outcome<T> = { readonly value: T } | { readonly failure: VerificationFailure };

const CHECKPOINT_CODES: ReadonlySet<string> = new Set<FailureCode>([
  'checkpoint_malformed',
  'checkpoint_signature_invalid',
  'checkpoint_unsigned',
  'checkpoint_origin_mismatch',
]);

export interface VerifiedHeads {
  readonly heads: Head[];
  readonly newest: Checkpoint | undefined;
  /** This log's keys learned from cross-signed checkpoints (now or before), for the trusted state. */
  readonly learned: readonly string[];
}

/**
 * Verifies every checkpoint note of a log (smallest size first, so the first failure named is the
 * earliest) and returns the distinct heads in size order, with the trusted head merged in. Keys
 * are the pinned ones, those the trusted state learned, and published candidates that a trusted
 * key vouched for by signing the same checkpoint (verifier-keys.ts).
 */
export function verifiedHeads(
  origin: string,
  notes: readonly string[],
  vkeys: readonly VerifierKey[],
  trusted: TrustedHead | undefined,
  rotation: { readonly candidates: readonly VerifierKey[]; readonly coSigners?: readonly CoSigners[] } = {
    candidates: [],
  },
): Outcome<VerifiedHeads> {
  const stateKeys = keysOfState(origin, trusted);
  if (stateKeys === undefined)
    return fail('trusted_state_inconsistent', origin, 'The trusted keys for this log are malformed');
  const { candidates } = rotation;
  const coSigners =
    rotation.coSigners ?? coSignersOf(new Map([[origin, notes]]), [...vkeys, ...stateKeys, ...candidates]);
  const keys = learnLogKeys(origin, vkeys, stateKeys, candidates, coSigners);
  const sized = notes.map((note) => ({ note, size: sizeOf(note) })).sort((a, b) => (a.size ?? -1) - (b.size ?? -1));
  const bySize = new Map<number, Checkpoint>();
  for (const { note, size } of sized) {
    let checkpoint: Checkpoint;
    try {
      checkpoint = verifyCheckpoint(note, keys.trusted, origin);
    } catch (error) {
      const rotationMissed = () => signedByUntrustedCandidate(note, origin, keys.trusted, candidates);
      return checkpointFailure(error, origin, size, rotationMissed);
    }
    const same = bySize.get(checkpoint.size);
    if (same !== undefined && !bytesEqual(same.rootHash, checkpoint.rootHash)) {
      return fail(
        'checkpoint_conflict',
        origin,
        `Two signed checkpoints of size ${checkpoint.size} have different roots`,
        checkpoint.size,
      );
    }
    bySize.set(checkpoint.size, checkpoint);
  }
  const heads: Head[] = [...bySize.values()].map((c) => ({ size: c.size, rootHash: c.rootHash, trusted: false }));
  const newest = heads.length === 0 ? undefined : bySize.get(heads[heads.length - 1]!.size);
  if (trusted === undefined) return { value: { heads, newest, learned: keys.learned } };
  return mergeTrusted(origin, { heads, newest, learned: keys.learned }, trusted);
}

/** A rejected note as a verification failure; a rotation the auditor has not followed is named as such. */
function checkpointFailure(
  error: unknown,
  origin: string,
  size: number | undefined,
  rotationMissed: () => boolean,
): { failure: VerificationFailure } {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !CHECKPOINT_CODES.has(code)) throw error;
  const at = size === undefined ? '' : ` of size ${size}`;
  if (code === 'checkpoint_unsigned' && rotationMissed()) {
    return fail(
      'checkpoint_key_untrusted',
      origin,
      `Checkpoint${at} is signed only by a newer published key this auditor does not trust: ` +
        'a new log key is accepted when pinned, or from a checkpoint it signed together with a trusted key',
      size,
    );
  }
  return fail(code as FailureCode, origin, `Checkpoint${at} rejected: ${(error as Error).message}`, size);
}

/** The keys a trusted state learned for this log; undefined when they are malformed or not this log's. */
function keysOfState(origin: string, trusted: TrustedHead | undefined): VerifierKey[] | undefined {
  const texts: unknown = trusted?.vkeys ?? [];
  if (!Array.isArray(texts)) return undefined;
  try {
    const keys = texts.map((text) => parseVkey(String(text)));
    return keys.every((key) => key.name === origin) ? keys : undefined;
  } catch {
    return undefined;
  }
}

function mergeTrusted(origin: string, verified: VerifiedHeads, trusted: TrustedHead): Outcome<VerifiedHeads> {
  const { heads, newest } = verified;
  const rootHash = fromBase64Strict(trusted.rootHash);
  if (rootHash?.byteLength !== 32 || !Number.isSafeInteger(trusted.size) || trusted.size < 0) {
    return fail('trusted_state_inconsistent', origin, 'The trusted state for this log is malformed');
  }
  if (newest === undefined || trusted.size > newest.size) {
    return fail(
      'trusted_state_rollback',
      origin,
      `The log offers no checkpoint at or beyond the trusted size ${trusted.size}`,
      newest?.size,
    );
  }
  const same = heads.find((head) => head.size === trusted.size);
  if (same !== undefined) {
    if (bytesEqual(same.rootHash, rootHash)) return { value: verified };
    return fail(
      'trusted_state_inconsistent',
      origin,
      `The checkpoint of size ${trusted.size} differs from the trusted root`,
      trusted.size,
    );
  }
  const merged = [...heads, { size: trusted.size, rootHash, trusted: true }].sort((a, b) => a.size - b.size);
  return { value: { ...verified, heads: merged } };
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
    return fail(code, origin, `No valid consistency proof from size ${older.size} to size ${newer.size}`, failing.size)
      .failure;
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

export function fail(
  code: FailureCode,
  origin: string,
  message: string,
  checkpointSize?: number,
  index?: number,
): { failure: VerificationFailure } {
  return {
    failure: {
      code,
      origin,
      message,
      ...(checkpointSize === undefined ? {} : { checkpointSize }),
      ...(index === undefined ? {} : { index }),
    },
  };
}
