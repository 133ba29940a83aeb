import { describe, expect, it } from 'vitest';
import { checkpointBody, signCheckpoint } from '../../../shared/audit/checkpoint.ts';
import { MemoryTree } from '../../../shared/audit/memory-tree.ts';
import { vkey } from '../../../shared/audit/note.ts';
import { inclusionProof } from '../../../shared/audit/proofs.ts';
import { formatTlogProof, parseTlogProof, verifyTlogProof } from '../../../shared/audit/tlog-proof.ts';
import { ed25519Key, ulidOf } from './helpers.ts';

const ORIGIN = 'gatekeeper.local/demo/p3';
const key = ed25519Key();
const VKEYS = [vkey(ORIGIN, key.publicKey)];
const code = (c: string): unknown => expect.objectContaining({ code: c });

async function fixture(index = 5, size = 11): Promise<{ tree: MemoryTree; text: string }> {
  const tree = new MemoryTree();
  for (let i = 0; i < size; i += 1) tree.append(Uint8Array.of(i));
  const checkpoint = await signCheckpoint(checkpointBody(ORIGIN, size, tree.root()), ORIGIN, key.sign, key.publicKey);
  const proof = await inclusionProof(index, size, tree);
  return { tree, text: formatTlogProof({ index, proof, checkpoint, entryId: ulidOf(index) }) };
}

describe('c2sp.org/tlog-proof@v1', () => {
  it('formats header, extra (entry id), index, proof lines, blank line, checkpoint', async () => {
    // Act
    const { text } = await fixture();
    const lines = text.split('\n');
    // Assess
    expect(lines[0]).toBe('c2sp.org/tlog-proof@v1');
    expect(lines[1]).toBe(`extra ${Buffer.from(ulidOf(5)).toString('base64')}`);
    expect(lines[2]).toBe('index 5');
    expect(lines.slice(3, 7).every((line) => Buffer.from(line, 'base64').length === 32)).toBe(true);
    expect(lines[7]).toBe('');
    expect(lines[8]).toBe(ORIGIN);
  });

  it('round-trips through parse and verifies against the pinned key', async () => {
    // Prepare
    const { tree, text } = await fixture();
    // Act
    const result = verifyTlogProof(text, tree.leafHash(5), VKEYS, ORIGIN);
    // Assess
    expect(result).toMatchObject({ index: 5, entryId: ulidOf(5), verified: { size: 11, origin: ORIGIN } });
    expect(formatTlogProof(parseTlogProof(text))).toBe(text);
  });

  it('works without extra and with an empty proof (a one-leaf tree)', async () => {
    // Prepare
    const { tree, text } = await fixture(0, 1);
    const bare = text.replace(/^extra .*\n/m, '');
    // Act
    const result = verifyTlogProof(bare, tree.leafHash(0), VKEYS);
    // Assess
    expect(result.entryId).toBeUndefined();
    expect(result.proof).toHaveLength(0);
  });

  it('rejects another leaf, another index, or an unknown signer', async () => {
    // Prepare
    const { tree, text } = await fixture();
    // Act / Assess
    expect(() => verifyTlogProof(text, tree.leafHash(6), VKEYS)).toThrow(code('inclusion_proof_invalid'));
    expect(() => verifyTlogProof(text.replace('index 5', 'index 4'), tree.leafHash(5), VKEYS)).toThrow(
      code('inclusion_proof_invalid'),
    );
    expect(() => verifyTlogProof(text, tree.leafHash(5), [vkey(ORIGIN, ed25519Key().publicKey)])).toThrow(
      code('checkpoint_unsigned'),
    );
  });

  it.each([
    ['bad header', (t: string) => t.replace('@v1', '@v2')],
    ['leading zero index', (t: string) => t.replace('index 5', 'index 05')],
    ['short hash line', (t: string) => t.replace(/^index 5\n[^\n]+/m, 'index 5\nAAAA')],
    ['no checkpoint', (t: string) => t.slice(0, t.indexOf('\n\n'))],
  ])('rejects malformed text: %s', async (_name, mutate) => {
    // Prepare
    const { text } = await fixture();

    // Act / Assess
    expect(() => parseTlogProof(mutate(text))).toThrow(code('tlog_proof_malformed'));
  });
});
