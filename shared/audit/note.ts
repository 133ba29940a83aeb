import { createPublicKey, verify } from 'node:crypto';
import { concatBytes, fromBase64Strict, sha256, toBase64, toHex, utf8 } from './encoding.ts';
import { CheckpointMalformedError, VerifierKeyError } from './errors.ts';

/**
 * C2SP signed notes (c2sp.org/signed-note) with Ed25519 keys: key ids, vkeys, the signature block.
 * The checkpoint body rules live in checkpoint.ts.
 */
export const ED25519_TYPE = 0x01;
const EM_DASH = '\u2014';
const MAX_NOTE_BYTES = 64 * 1024;
const MAX_SIGNATURES = 64;
// Ed25519 SubjectPublicKeyInfo: SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (32 bytes) }.
const ED25519_SPKI_PREFIX = Uint8Array.from(Buffer.from('302a300506032b6570032100', 'hex'));

export interface VerifierKey {
  readonly name: string;
  readonly keyId: Uint8Array;
  readonly publicKey: Uint8Array;
}

export interface NoteSignature {
  readonly name: string;
  readonly keyId: Uint8Array;
  readonly signature: Uint8Array;
}

/** signed-note key names: non-empty, no Unicode spaces, no '+', no control characters. */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+\p{Cc}]/u.test(name);
}

export function keyId(name: string, publicKey32: Uint8Array): Uint8Array {
  assertPublicKey(publicKey32);
  return sha256(utf8(name), Uint8Array.of(0x0a, ED25519_TYPE), publicKey32).slice(0, 4);
}

export function vkey(name: string, publicKey32: Uint8Array): string {
  if (!isValidKeyName(name)) throw new VerifierKeyError('A key name has no spaces or plus signs');
  const encoded = toBase64(concatBytes(Uint8Array.of(ED25519_TYPE), publicKey32));
  return `${name}+${toHex(keyId(name, publicKey32))}+${encoded}`;
}

/** Parses `<name>+<hex key id>+<base64(0x01 ‖ key)>` and checks the key id really is that key's. */
export function parseVkey(text: string): VerifierKey {
  // The base64 part may itself contain '+', so split on the first two only.
  const match = /^([^+]+)\+([^+]*)\+(.*)$/su.exec(text);
  const [, name, hexId, encoded] = match ?? [];
  if (name === undefined || hexId === undefined || encoded === undefined) {
    throw new VerifierKeyError('A vkey has three parts separated by +');
  }
  const raw = fromBase64Strict(encoded);
  if (!isValidKeyName(name) || !/^[0-9a-f]{8}$/.test(hexId) || raw?.byteLength !== 33 || raw[0] !== ED25519_TYPE) {
    throw new VerifierKeyError('The vkey is not an Ed25519 signed-note verifier key');
  }
  const publicKey = raw.slice(1);
  const id = keyId(name, publicKey);
  if (toHex(id) !== hexId) throw new VerifierKeyError('The vkey key id does not match its key');
  return { name, keyId: id, publicKey };
}

/** KMS GetPublicKey returns SPKI DER; notes need the raw 32-byte RFC 8032 key. */
export function ed25519RawFromSpki(spkiDer: Uint8Array): Uint8Array {
  const prefix = spkiDer.subarray(0, ED25519_SPKI_PREFIX.byteLength);
  if (spkiDer.byteLength !== 44 || !prefix.every((byte, i) => byte === ED25519_SPKI_PREFIX[i])) {
    throw new VerifierKeyError('The public key is not an Ed25519 SubjectPublicKeyInfo');
  }
  return spkiDer.slice(ED25519_SPKI_PREFIX.byteLength);
}

export function ed25519Verify(publicKey32: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.byteLength !== 64) return false;
  const key = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey32).toString('base64url') },
    format: 'jwk',
  });
  return verify(null, message, key, signature);
}

export function signatureLine(name: string, id: Uint8Array, signature: Uint8Array): string {
  return `${EM_DASH} ${name} ${toBase64(concatBytes(id, signature))}\n`;
}

/**
 * Splits a signed note into its text (with the final newline) and signatures. The text ends at
 * the LAST blank line, as signed-note says; every line after it must be a signature line.
 */
export function splitNote(note: string): { text: string; signatures: NoteSignature[] } {
  if (utf8(note).byteLength > MAX_NOTE_BYTES) throw new CheckpointMalformedError('The note is too large');
  if (hasControlCharacter(note)) throw new CheckpointMalformedError('The note has control characters');
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new CheckpointMalformedError('The note has no signature block');
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new CheckpointMalformedError('The note has too many signatures');
  return { text: note.slice(0, split + 1), signatures: lines.map(parseSignatureLine) };
}

function parseSignatureLine(line: string): NoteSignature {
  const match = /^\u2014 (\S+) (\S+)$/u.exec(line);
  const raw = match?.[2] === undefined ? undefined : fromBase64Strict(match[2]);
  if (match?.[1] === undefined || !isValidKeyName(match[1]) || raw === undefined || raw.byteLength < 5) {
    throw new CheckpointMalformedError('A signature line is malformed');
  }
  return { name: match[1], keyId: raw.slice(0, 4), signature: raw.slice(4) };
}

function hasControlCharacter(note: string): boolean {
  for (let i = 0; i < note.length; i += 1) {
    const code = note.charCodeAt(i);
    if (code < 0x20 && code !== 0x0a) return true;
  }
  return false;
}

function assertPublicKey(publicKey32: Uint8Array): void {
  if (publicKey32.byteLength !== 32) throw new VerifierKeyError('An Ed25519 public key is 32 bytes');
}
