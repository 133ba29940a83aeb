import { fromBase64Strict, toBase64, utf8, bytesEqual } from './encoding.ts';
import {
  CheckpointMalformedError,
  CheckpointOriginMismatchError,
  CheckpointSignatureInvalidError,
  CheckpointUnsignedError,
} from './errors.ts';
import { assertTreeSize } from './merkle.ts';
import { ed25519Verify, isValidKeyName, keyId, parseVkey, signatureLine, splitNote } from './note.ts';
import type { NoteSignature, VerifierKey } from './note.ts';

/**
 * C2SP tlog-checkpoint notes. The log signs with key name = origin, so a checkpoint's origin and
 * the name of the pinned key that vouches for it must agree.
 */
export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Uint8Array;
  /** The signed note text: the body lines, each ending in `\n`. */
  readonly body: string;
  readonly signatures: readonly NoteSignature[];
}

export type Signer = (message: Uint8Array) => Promise<Uint8Array>;

export function checkpointBody(origin: string, size: number, rootHash: Uint8Array): string {
  if (!isValidKeyName(origin)) throw new CheckpointMalformedError('An origin has no spaces, plus signs or newlines');
  assertTreeSize(size);
  if (rootHash.byteLength !== 32) throw new CheckpointMalformedError('A root hash is 32 bytes');
  return `${origin}\n${size}\n${toBase64(rootHash)}\n`;
}

/** One key that signs checkpoints: how to sign, and the raw Ed25519 public key it must verify under. */
export interface CheckpointSigner {
  readonly sign: Signer;
  readonly publicKey32: Uint8Array;
}

/**
 * Signs a checkpoint body (KMS ED25519_SHA_512, RAW) and returns the note. The signature is
 * checked before it is returned, so a wrong or rotated KMS key can never publish a checkpoint that
 * auditors would reject later.
 */
export async function signCheckpoint(
  body: string,
  origin: string,
  sign: Signer,
  publicKey32: Uint8Array,
): Promise<string> {
  return signCheckpointWith(body, origin, [{ sign, publicKey32 }]);
}

/**
 * Signs a checkpoint body with several keys (a signed note may carry several signatures): during a
 * key rotation the new and the retired key both sign, so a verifier that trusts the old key learns
 * the new one from this very note. Signature lines follow the signers' order; each is checked.
 */
export async function signCheckpointWith(
  body: string,
  origin: string,
  signers: readonly CheckpointSigner[],
): Promise<string> {
  const parsed = parseBody(body);
  if (parsed.origin !== origin) throw new CheckpointOriginMismatchError('The body is for another origin');
  if (signers.length === 0) throw new CheckpointUnsignedError('A checkpoint needs at least one signer');
  const message = utf8(body);
  const lines = await Promise.all(
    signers.map(async ({ sign, publicKey32 }) => {
      const signature = await sign(message);
      if (!ed25519Verify(publicKey32, message, signature)) {
        throw new CheckpointSignatureInvalidError('The signer did not produce a valid signature for its public key');
      }
      return signatureLine(origin, keyId(origin, publicKey32), signature);
    }),
  );
  return `${body}\n${lines.join('')}`;
}

export function parseCheckpoint(note: string): Checkpoint {
  const { text, signatures } = splitNote(note);
  return { ...parseBody(text), body: text, signatures };
}

function parseBody(body: string): { origin: string; size: number; rootHash: Uint8Array } {
  if (!body.endsWith('\n')) throw new CheckpointMalformedError('A checkpoint body ends with a newline');
  const lines = body.slice(0, -1).split('\n');
  const [origin, sizeText, rootText] = lines;
  if (origin === undefined || sizeText === undefined || rootText === undefined || lines.some((line) => line === '')) {
    throw new CheckpointMalformedError('A checkpoint has at least three non-empty lines');
  }
  if (!/^(0|[1-9][0-9]{0,15})$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText))) {
    throw new CheckpointMalformedError('The tree size is not a decimal without leading zeroes');
  }
  const rootHash = fromBase64Strict(rootText);
  if (rootHash?.byteLength !== 32) throw new CheckpointMalformedError('The root hash is not base64 of 32 bytes');
  return { origin, size: Number(sizeText), rootHash };
}

/**
 * Verifies a checkpoint against pinned vkeys (signed-note rules): signatures by unknown keys are
 * ignored; a signature by a known key that fails rejects the note; at least one signature by a
 * pinned key named like the checkpoint's origin must verify.
 */
export function verifyCheckpoint(
  note: string,
  vkeys: readonly (string | VerifierKey)[],
  expectedOrigin?: string,
): Checkpoint {
  const checkpoint = parseCheckpoint(note);
  if (expectedOrigin !== undefined && checkpoint.origin !== expectedOrigin) {
    throw new CheckpointOriginMismatchError('The checkpoint is for another log');
  }
  const keys = vkeys.map((key) => (typeof key === 'string' ? parseVkey(key) : key));
  const message = utf8(checkpoint.body);
  let byOrigin = false;
  for (const signature of checkpoint.signatures) {
    const key = keys.find((k) => k.name === signature.name && bytesEqual(k.keyId, signature.keyId));
    if (key === undefined) continue;
    if (!ed25519Verify(key.publicKey, message, signature.signature)) {
      throw new CheckpointSignatureInvalidError('A signature by a pinned key does not verify');
    }
    byOrigin ||= key.name === checkpoint.origin;
  }
  if (!byOrigin) throw new CheckpointUnsignedError('No pinned key of this log signed the checkpoint');
  return checkpoint;
}
