import { parseCheckpoint } from './checkpoint.ts';
import { bytesEqual, toHex, utf8 } from './encoding.ts';
import { ed25519Verify, parseVkey, vkey } from './note.ts';
import type { VerifierKey } from './note.ts';

/**
 * Which keys the verifier trusts for one log, and how it learns a new one after a key rotation
 * (docs/key-rotation.md). A key is trusted when the auditor pinned it, when the trusted state
 * learned it before, or when a checkpoint is signed both by a trusted key and by it: the old key
 * vouching for the new one in the very note the new key signed. The gatekeeper signs every log of
 * a deployment with the same key, so a co-signature on any of its logs vouches for the new key on
 * every log where the old key is trusted (a log that did not grow during the transition has no
 * cross-signed checkpoint of its own). A key the operator merely publishes (a candidate) is never
 * trusted on its own.
 */
export interface LogKeys {
  /** Every key this log's checkpoints may be verified with (all pinned keys, as signed-note verifies). */
  readonly trusted: readonly VerifierKey[];
  /** The keys of this log learned from cross-signed checkpoints, now or in an earlier run (for the state file). */
  readonly learned: readonly string[];
}

/** The public keys (hex) that validly signed one checkpoint note together. */
export type CoSigners = ReadonlySet<string>;

/**
 * For every note, the known keys (pinned, learned or published, named like the note's log) whose
 * signature on it verifies. Notes that cannot be parsed, and signatures that fail, vouch for nothing.
 */
export function coSignersOf(
  notesByOrigin: ReadonlyMap<string, readonly string[]>,
  known: readonly VerifierKey[],
): CoSigners[] {
  const groups: CoSigners[] = [];
  for (const [origin, notes] of notesByOrigin) {
    const keys = known.filter((key) => key.name === origin);
    for (const note of notes) {
      const signers = new Set<string>();
      try {
        const checkpoint = parseCheckpoint(note);
        const message = utf8(checkpoint.body);
        for (const signature of checkpoint.signatures) {
          const key = keys.find((k) => k.name === signature.name && bytesEqual(k.keyId, signature.keyId));
          if (key !== undefined && ed25519Verify(key.publicKey, message, signature.signature))
            signers.add(toHex(key.publicKey));
        }
      } catch {
        continue;
      }
      if (signers.size > 1) groups.push(signers);
    }
  }
  return groups;
}

/**
 * The log's trusted keys: pinned and state keys, then every candidate whose public key co-signed
 * a note with a trusted one, repeated until nothing new is learned (so the order of notes does not
 * matter: an auditor who pinned only the new key also accepts the old key's earlier checkpoints).
 */
export function learnLogKeys(
  origin: string,
  pinned: readonly VerifierKey[],
  stateKeys: readonly VerifierKey[],
  candidates: readonly VerifierKey[],
  coSigners: readonly CoSigners[],
): LogKeys {
  const own = [...pinned, ...stateKeys].filter((key) => key.name === origin);
  const trustedKeys = new Set(own.map((key) => toHex(key.publicKey)));
  for (let grew = true; grew;) {
    grew = false;
    for (const group of coSigners) {
      if (![...group].some((key) => trustedKeys.has(key)) || [...group].every((key) => trustedKeys.has(key))) continue;
      for (const key of group) trustedKeys.add(key);
      grew = true;
    }
  }
  const learned = candidates.filter(
    (key) =>
      key.name === origin && trustedKeys.has(toHex(key.publicKey)) && !pinned.some((known) => sameKey(known, key)),
  );
  const trusted = [...pinned, ...stateKeys.filter((key) => key.name === origin), ...learned];
  return {
    trusted,
    learned: [...new Set([...stateKeys, ...learned].map((key) => vkey(key.name, key.publicKey)))].sort(),
  };
}

/**
 * True when this looks like a rotation the auditor has not followed: the note is signed by a key
 * the operator publishes for this log but the auditor does not trust, and the operator still
 * publishes a key the auditor trusts (a retired one). A pinned key the operator never published is
 * a wrong key, and a signature by an unpublished key a forgery: both stay checkpoint_unsigned.
 */
export function signedByUntrustedCandidate(
  note: string,
  origin: string,
  trusted: readonly VerifierKey[],
  candidates: readonly VerifierKey[],
): boolean {
  const own = trusted.filter((key) => key.name === origin);
  const untrusted = candidates.filter((key) => key.name === origin && !own.some((known) => sameKey(known, key)));
  if (!own.some((key) => candidates.some((candidate) => sameKey(candidate, key)))) return false;
  try {
    return parseCheckpoint(note).signatures.some(
      (signature) => signature.name === origin && untrusted.some((key) => bytesEqual(key.keyId, signature.keyId)),
    );
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
