import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkpointBody, parseCheckpoint, signCheckpoint, verifyCheckpoint } from '../../../shared/audit/checkpoint.ts';
import { rootOfLeaves } from '../../../shared/audit/merkle.ts';
import { ed25519RawFromSpki, ed25519Verify, keyId, parseVkey, splitNote, vkey } from '../../../shared/audit/note.ts';
import { ed25519Key } from './helpers.ts';

const ORIGIN = 'gatekeeper.local/demo/p3';
const ROOT = rootOfLeaves([Uint8Array.of(1)]);
const key = ed25519Key();
const other = ed25519Key();

async function signed(origin = ORIGIN, size = 42, signer = key): Promise<string> {
  return signCheckpoint(checkpointBody(origin, size, ROOT), origin, signer.sign, signer.publicKey);
}

const code = (c: string): unknown => expect.objectContaining({ code: c });

describe('checkpoint body and keys', () => {
  it('formats three lines, each ending in a newline', () => {
    // Act / Assess
    expect(checkpointBody(ORIGIN, 42, ROOT)).toBe(`${ORIGIN}\n42\n${Buffer.from(ROOT).toString('base64')}\n`);
  });

  it('derives the key id as SHA-256(name ‖ 0x0A ‖ 0x01 ‖ key)[:4] and the vkey from it', () => {
    // Prepare
    const expected = createHash('sha256')
      .update(ORIGIN)
      .update(Uint8Array.of(0x0a, 0x01))
      .update(key.publicKey)
      .digest()
      .subarray(0, 4);
    // Act
    const text = vkey(ORIGIN, key.publicKey);
    // Assess
    expect(Buffer.from(keyId(ORIGIN, key.publicKey)).equals(expected)).toBe(true);
    expect(text).toBe(
      `${ORIGIN}+${expected.toString('hex')}+${Buffer.concat([Uint8Array.of(1), key.publicKey]).toString('base64')}`,
    );
    expect(parseVkey(text)).toEqual({ name: ORIGIN, keyId: new Uint8Array(expected), publicKey: key.publicKey });
  });

  it('rejects a vkey whose key id belongs to another key', () => {
    // Prepare
    const forged = vkey(ORIGIN, key.publicKey).replace(
      /\+[0-9a-f]{8}\+/,
      `+${Buffer.from(keyId(ORIGIN, other.publicKey)).toString('hex')}+`,
    );

    // Act / Assess
    expect(() => parseVkey(forged)).toThrow(code('vkey_malformed'));
  });

  it('verifies the Go sumdb/note reference note (interoperability)', () => {
    // Prepare: the published example of golang.org/x/mod/sumdb/note
    const peter = parseVkey('PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW');
    const note =
      "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n\n" +
      '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
    // Act
    const { text, signatures } = splitNote(note);
    // Assess
    expect(Buffer.from(signatures[0]!.keyId).equals(Buffer.from(peter.keyId))).toBe(true);
    expect(ed25519Verify(peter.publicKey, new TextEncoder().encode(text), signatures[0]!.signature)).toBe(true);
  });

  it('rejects SPKI that is not Ed25519', () => {
    // Act / Assess
    expect(() => ed25519RawFromSpki(new Uint8Array(44))).toThrow(code('vkey_malformed'));
  });
});

describe('signCheckpoint / verifyCheckpoint', () => {
  it('produces a C2SP note that verifies with the pinned vkey', async () => {
    // Act
    const note = await signed();
    const checkpoint = verifyCheckpoint(note, [vkey(ORIGIN, key.publicKey)], ORIGIN);
    // Assess
    expect(note).toMatch(
      new RegExp(`^${ORIGIN}\\n42\\n[A-Za-z0-9+/]{43}=\\n\\n\u2014 ${ORIGIN} [A-Za-z0-9+/]{91}=\\n$`),
    );
    expect(checkpoint).toMatchObject({ origin: ORIGIN, size: 42, rootHash: ROOT });
  });

  it('ignores a signature by an unknown key when a pinned one verifies', async () => {
    // Prepare: a second (e.g. witness) line by a key the auditor does not know
    const note = await signed();
    const stranger = (await signed(ORIGIN, 42, other)).split('\n\n')[1]!;
    // Act
    const checkpoint = verifyCheckpoint(`${note}${stranger}`, [vkey(ORIGIN, key.publicKey)]);
    // Assess
    expect(checkpoint.signatures).toHaveLength(2);
  });

  it('rejects a note signed only by an unknown key', async () => {
    // Prepare
    const note = await signed(ORIGIN, 42, other);

    // Act / Assess
    expect(() => verifyCheckpoint(note, [vkey(ORIGIN, key.publicKey)])).toThrow(code('checkpoint_unsigned'));
  });

  it('rejects a note whose pinned signature fails (body altered)', async () => {
    // Prepare
    const note = (await signed()).replace('\n42\n', '\n43\n');

    // Act / Assess
    expect(() => verifyCheckpoint(note, [vkey(ORIGIN, key.publicKey)])).toThrow(code('checkpoint_signature_invalid'));
  });

  it('rejects a checkpoint of another origin, even signed by the same key material', async () => {
    // Prepare
    const note = await signed('gatekeeper.local/demo/p4');
    // Act / Assess
    expect(() => verifyCheckpoint(note, [vkey(ORIGIN, key.publicKey)])).toThrow(code('checkpoint_unsigned'));
    expect(() => verifyCheckpoint(note, [vkey('gatekeeper.local/demo/p4', key.publicKey)], ORIGIN)).toThrow(
      code('checkpoint_origin_mismatch'),
    );
  });

  it('refuses to sign with a signer that does not match the public key', async () => {
    // Prepare
    const body = checkpointBody(ORIGIN, 1, ROOT);

    // Act / Assess
    await expect(signCheckpoint(body, ORIGIN, other.sign, key.publicKey)).rejects.toThrow(
      code('checkpoint_signature_invalid'),
    );
  });

  it.each([
    ['no signature block', `${ORIGIN}\n1\n${Buffer.from(ROOT).toString('base64')}\n`],
    ['leading zero size', `${ORIGIN}\n01\nAAAA\n\n\u2014 x AAAAAAA=\n`],
    ['short root', `${ORIGIN}\n1\nAAAA\n\n\u2014 x AAAAAAA=\n`],
    ['two lines', `${ORIGIN}\n1\n\n\u2014 x AAAAAAA=\n`],
    ['control character', `${ORIGIN}\r\n1\n${Buffer.from(ROOT).toString('base64')}\n\n\u2014 x AAAAAAA=\n`],
    ['hyphen instead of em dash', `${ORIGIN}\n1\n${Buffer.from(ROOT).toString('base64')}\n\n- x AAAAAAA=\n`],
  ])('rejects a malformed note: %s', (_name, note) => {
    // Act / Assess
    expect(() => parseCheckpoint(note)).toThrow(code('checkpoint_malformed'));
  });
});
