/**
 * The local KMS's own ciphertext blob (real KMS's format is private too):
 * `LKMS` ‖ 0x01 ‖ len(keyId) ‖ keyId ‖ iv(12) ‖ tag(16) ‖ AES-256-GCM ciphertext.
 * The key id travels inside so Decrypt finds the key without being told; the header and the
 * encryption context are authenticated as AAD, so neither can be swapped.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { InvalidCiphertextError } from '../errors.ts';

const MAGIC = Buffer.from('LKMS', 'ascii');
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Canonical bytes of an encryption context: order of the JSON members must not matter. */
function contextBytes(context: Readonly<Record<string, string>>): Buffer {
  const sorted = Object.keys(context)
    .sort()
    .map((name) => [name, context[name]]);
  return Buffer.from(JSON.stringify(sorted), 'utf8');
}

function header(keyId: string): Buffer {
  const id = Buffer.from(keyId, 'utf8');
  return Buffer.concat([MAGIC, Buffer.from([VERSION, id.length]), id]);
}

export function seal(
  keyId: string,
  secret: Buffer,
  plaintext: Buffer,
  context: Readonly<Record<string, string>>,
): Buffer {
  const head = header(keyId);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', secret, iv);
  cipher.setAAD(Buffer.concat([head, contextBytes(context)]));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([head, iv, cipher.getAuthTag(), body]);
}

/** The key id a blob names, without decrypting; refuses anything not in this format. */
export function keyIdOf(blob: Buffer): string {
  const idLength = blob[MAGIC.length + 1];
  const valid =
    blob.subarray(0, MAGIC.length).equals(MAGIC) &&
    blob[MAGIC.length] === VERSION &&
    idLength !== undefined &&
    blob.length > MAGIC.length + 2 + idLength + IV_BYTES + TAG_BYTES;
  if (!valid) throw new InvalidCiphertextError('The ciphertext is not valid.');
  return blob.subarray(MAGIC.length + 2, MAGIC.length + 2 + idLength).toString('utf8');
}

export function open(blob: Buffer, secret: Buffer, context: Readonly<Record<string, string>>): Buffer {
  const head = header(keyIdOf(blob));
  const iv = blob.subarray(head.length, head.length + IV_BYTES);
  const tag = blob.subarray(head.length + IV_BYTES, head.length + IV_BYTES + TAG_BYTES);
  const body = blob.subarray(head.length + IV_BYTES + TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', secret, iv);
    decipher.setAAD(Buffer.concat([head, contextBytes(context)]));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new InvalidCiphertextError('The ciphertext is not valid.');
  }
}
