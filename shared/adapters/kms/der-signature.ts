/**
 * KMS returns ECDSA signatures as DER `SEQUENCE { INTEGER r, INTEGER s }`; JWS (ES256) needs the raw
 * fixed-size R‖S (RFC 7518 §3.4). DER integers are minimal and signed, so they may carry a leading
 * 0x00 (when the top bit is set) or be shorter than the curve size: strip, then left-pad.
 */
import { InvalidDerSignatureError } from './errors.ts';

const SEQUENCE = 0x30;
const INTEGER = 0x02;

interface Cursor {
  readonly bytes: Uint8Array;
  offset: number;
}

function readByte(cursor: Cursor): number {
  const value = cursor.bytes[cursor.offset];
  if (value === undefined) throw new InvalidDerSignatureError('DER signature is truncated.');
  cursor.offset += 1;
  return value;
}

/** DER length: short form, or long form with one byte (an ECDSA signature never needs more). */
function readLength(cursor: Cursor): number {
  const first = readByte(cursor);
  if (first < 0x80) return first;
  if (first === 0x81) {
    const length = readByte(cursor);
    if (length < 0x80) throw new InvalidDerSignatureError('DER length is not minimally encoded.');
    return length;
  }
  throw new InvalidDerSignatureError('DER length form is not supported.');
}

function readUnsignedInteger(cursor: Cursor, size: number): Uint8Array {
  if (readByte(cursor) !== INTEGER) throw new InvalidDerSignatureError('DER signature component is not an INTEGER.');
  const length = readLength(cursor);
  const end = cursor.offset + length;
  if (length === 0 || end > cursor.bytes.length)
    throw new InvalidDerSignatureError('DER INTEGER is empty or truncated.');
  let value = cursor.bytes.subarray(cursor.offset, end);
  cursor.offset = end;
  if ((value[0]! & 0x80) !== 0) throw new InvalidDerSignatureError('DER signature component is negative.');
  let leadingZeros = 0;
  while (leadingZeros < value.length - 1 && value[leadingZeros] === 0) leadingZeros += 1;
  value = value.subarray(leadingZeros);
  if (value.length > size) throw new InvalidDerSignatureError('DER signature component is larger than the curve.');
  const padded = new Uint8Array(size);
  padded.set(value, size - value.length);
  return padded;
}

/** DER ECDSA signature → raw R‖S of `2 × componentBytes` (32 for P-256 / ES256). */
export function derToJoseSignature(der: Uint8Array, componentBytes = 32): Uint8Array {
  const cursor: Cursor = { bytes: der, offset: 0 };
  if (readByte(cursor) !== SEQUENCE) throw new InvalidDerSignatureError('DER signature is not a SEQUENCE.');
  const length = readLength(cursor);
  if (cursor.offset + length !== der.length) throw new InvalidDerSignatureError('DER SEQUENCE length does not match.');
  const r = readUnsignedInteger(cursor, componentBytes);
  const s = readUnsignedInteger(cursor, componentBytes);
  if (cursor.offset !== der.length) throw new InvalidDerSignatureError('DER signature has trailing bytes.');
  const raw = new Uint8Array(componentBytes * 2);
  raw.set(r, 0);
  raw.set(s, componentBytes);
  return raw;
}
