/**
 * A C2SP checkpoint verified in the browser against the verifier keys this person pinned: the same
 * parsing and key-id rules as the offline verifier (shared/audit/checkpoint.ts, note.ts), with the
 * Ed25519 check done by WebCrypto (the shared one is synchronous node:crypto).
 */
import { parseCheckpoint, type Checkpoint } from '../../../shared/audit/checkpoint.ts';
import { bytesEqual, utf8 } from '../../../shared/audit/encoding.ts';
import { keyId, parseVkey, type VerifierKey } from '../../../shared/audit/note.ts';

export class VerificationFailed extends Error {}

async function ed25519Verify(key: VerifierKey, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  if (signature.byteLength !== 64) return false;
  const publicKey = await crypto.subtle.importKey('raw', new Uint8Array(key.publicKey), { name: 'Ed25519' }, false, [
    'verify',
  ]);
  return crypto.subtle.verify({ name: 'Ed25519' }, publicKey, new Uint8Array(signature), new Uint8Array(message));
}

/**
 * The pinned keys, plus each pinned key's material under this log's name: a deployment signs all of
 * an org's logs with one Ed25519 key, and a patient log that first grew after the person pinned
 * (so has no vkey of its own yet) is signed by a key they already trust.
 */
function trustedKeys(vkeys: readonly string[], origin: string): VerifierKey[] {
  const pinned = vkeys.map((vkey) => parseVkey(vkey));
  const sameMaterial = pinned.map((key) => ({
    name: origin,
    keyId: keyId(origin, key.publicKey),
    publicKey: key.publicKey,
  }));
  return [...pinned, ...sameMaterial];
}

/**
 * signed-note rules: signatures by keys not pinned are ignored, one by a pinned key that fails
 * rejects the note, and a pinned key named like the log's origin must have signed it.
 */
export async function verifyCheckpointNote(
  note: string,
  vkeys: readonly string[],
  origin: string,
): Promise<Checkpoint> {
  let checkpoint: Checkpoint;
  try {
    checkpoint = parseCheckpoint(note);
  } catch (error) {
    throw new VerificationFailed(`The checkpoint is malformed: ${(error as Error).message}`);
  }
  if (checkpoint.origin !== origin) throw new VerificationFailed('The checkpoint is for another log');
  const keys = trustedKeys(vkeys, origin);
  let byOrigin = false;
  for (const signature of checkpoint.signatures) {
    const key = keys.find((k) => k.name === signature.name && bytesEqual(k.keyId, signature.keyId));
    if (key === undefined) continue;
    if (!(await ed25519Verify(key, utf8(checkpoint.body), signature.signature))) {
      throw new VerificationFailed('The checkpoint signature by a pinned key does not verify');
    }
    byOrigin ||= key.name === checkpoint.origin;
  }
  if (!byOrigin) throw new VerificationFailed('No pinned verifier key of this log signed the checkpoint');
  return checkpoint;
}
