import { parseCheckpoint, verifyCheckpoint } from './checkpoint.ts';
import { bytesEqual, utf8 } from './encoding.ts';
import { ed25519Verify, parseVkey, vkey } from './note.ts';
import type { VerifierKey } from './note.ts';

/**
 * Which keys the verifier trusts for one log, and how it learns a new one after a key rotation
 * (docs/key-rotation.md). A key is trusted when the auditor pinned it, when the trusted state
 * learned it before, or when a checkpoint of this log is signed both by a trusted key and by it:
 * the old key vouching for the new one in the very note the new key signed. A key the operator
 * merely publishes (a candidate) is never trusted on its own.
 */
export interface LogKeys {
  /** Every key this log's checkpoints may be verified with (all pinned keys, as signed-note verifies). */
  readonly trusted: readonly VerifierKey[];
  /** The keys of this log learned from cross-signed checkpoints, now or in an earlier run (for the state file). */
  readonly learned: readonly string[];
}

/**
 * Learns candidate keys from cross-signed notes until nothing new is learned, so the order of the
 * notes does not matter: a note signed by K1 and K2 lets K2 verify later notes and, for an auditor
 * who pinned only K2, lets K1 verify the earlier ones.
 */
export function learnLogKeys(
  origin: string,
  notes: readonly string[],
  pinned: readonly VerifierKey[],
  stateKeys: readonly VerifierKey[],
  candidates: readonly VerifierKey[],
): LogKeys {
  const trusted = [...pinned, ...stateKeys.filter((key) => key.name === origin)];
  const learned = [...stateKeys];
  let pending = candidates.filter((key) => key.name === origin && !trusted.some((known) => sameKey(known, key)));
  for (let grew = true; grew && pending.length > 0;) {
    grew = false;
    for (const note of notes) {
      const vouched = vouchedCandidates(note, origin, trusted, pending);
      if (vouched.length === 0) continue;
      trusted.push(...vouched);
      learned.push(...vouched);
      pending = pending.filter((key) => !vouched.includes(key));
      grew = true;
    }
  }
  return { trusted, learned: [...new Set(learned.map((key) => vkey(key.name, key.publicKey)))].sort() };
}

/** The candidates that validly signed `note` when the trusted keys accept it; none when they do not. */
function vouchedCandidates(note: string, origin: string, trusted: readonly VerifierKey[], candidates: readonly VerifierKey[]): VerifierKey[] {
  try {
    verifyCheckpoint(note, trusted, origin);
    const checkpoint = parseCheckpoint(note);
    const message = utf8(checkpoint.body);
    return candidates.filter((key) => checkpoint.signatures.some((signature) =>
      signature.name === key.name && bytesEqual(signature.keyId, key.keyId) && ed25519Verify(key.publicKey, message, signature.signature)));
  } catch {
    // A note the trusted keys do not accept vouches for nothing; verifiedHeads reports it.
    return [];
  }
}

/**
 * True when the note is signed by a key the operator publishes for this log but the auditor does
 * not trust (a rotation it has not followed); a signature by an unknown key is a plain forgery.
 */
export function signedByUntrustedCandidate(note: string, origin: string, trusted: readonly VerifierKey[], candidates: readonly VerifierKey[]): boolean {
  const untrusted = candidates.filter((key) => key.name === origin && !trusted.some((known) => sameKey(known, key)));
  try {
    return parseCheckpoint(note).signatures.some((signature) =>
      signature.name === origin && untrusted.some((key) => bytesEqual(key.keyId, signature.keyId)));
  } catch {
    return false;
  }
}

/** Parses the candidate vkeys an untrusted source publishes, dropping any that are malformed. */
export function parseCandidates(vkeys: readonly string[] | undefined): VerifierKey[] {
  return (vkeys ?? []).flatMap((text) => {
    try {
      return [parseVkey(text)];
    } catch {
      return [];
    }
  });
}

function sameKey(a: VerifierKey, b: VerifierKey): boolean {
  return a.name === b.name && bytesEqual(a.publicKey, b.publicKey);
}
