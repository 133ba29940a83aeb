import fc from 'fast-check';
import { createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { derToJoseSignature } from '../../../shared/adapters/kms/der-signature.ts';
import { InvalidDerSignatureError } from '../../../shared/adapters/kms/errors.ts';

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const publicKey = createPublicKey(privateKey);

/** DER INTEGER of an unsigned big-endian value, minimal as DER requires. */
function derInteger(value: Uint8Array): Buffer {
  let start = 0;
  while (start < value.length - 1 && value[start] === 0) start += 1;
  const minimal = Buffer.from(value.subarray(start));
  const body = (minimal[0]! & 0x80) !== 0 ? Buffer.concat([Buffer.from([0]), minimal]) : minimal;
  return Buffer.concat([Buffer.from([0x02, body.length]), body]);
}

function derSignature(r: Uint8Array, s: Uint8Array): Buffer {
  const body = Buffer.concat([derInteger(r), derInteger(s)]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

describe('derToJoseSignature', () => {
  it('turns node:crypto DER signatures into what node:crypto accepts as ieee-p1363', () => {
    // Act / Assess
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 256 }), (message) => {
        // ECDSA is randomised, so one signature is made as DER and its conversion checked as ieee-p1363.
        const der = sign('sha256', message, { key: privateKey, dsaEncoding: 'der' });
        const raw = derToJoseSignature(der);
        expect(raw).toHaveLength(64);
        expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('gives back exactly the ieee-p1363 signature node:crypto made, after DER encoding it', () => {
    // Act / Assess
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 256 }), (message) => {
        const p1363 = sign('sha256', message, { key: privateKey, dsaEncoding: 'ieee-p1363' });
        const der = derSignature(p1363.subarray(0, 32), p1363.subarray(32));
        expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'der' }, der)).toBe(true);
        expect(Buffer.from(derToJoseSignature(der))).toEqual(p1363);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips any R and S, including short ones and ones with the top bit set', () => {
    // Act / Assess
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (r, s) => {
          expect(Buffer.from(derToJoseSignature(derSignature(r, s)))).toEqual(Buffer.concat([r, s]));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('left-pads a short R and strips the sign byte of a high S', () => {
    // Prepare
    const r = Buffer.alloc(32);
    r[31] = 0x01;
    const s = Buffer.alloc(32, 0xff);

    // Act
    const raw = derToJoseSignature(derSignature(r, s));

    // Assess
    expect(derSignature(r, s).subarray(2, 5)).toEqual(Buffer.from([0x02, 0x01, 0x01]));
    expect(Buffer.from(raw)).toEqual(Buffer.concat([r, s]));
  });

  it.each([
    ['empty', ''],
    ['not a SEQUENCE', '3106020101020101'],
    ['length mismatch', '3007020101020101'],
    ['trailing bytes', '300602010102010100'],
    ['component not an INTEGER', '3006030101020101'],
    ['negative component', '3006020181020101'],
    ['component too long', `3025022101${'00'.repeat(32)}020101`],
    ['truncated', '30060201'],
  ])('rejects a malformed signature (%s)', (_case, hex) => {
    // Act / Assess
    expect(() => derToJoseSignature(Buffer.from(hex, 'hex'))).toThrow(InvalidDerSignatureError);
  });
});
