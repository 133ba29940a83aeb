import { describe, expect, it } from 'vitest';
import { canonicalBytes } from '../../../shared/canonical-json.ts';
import { MemoryTree } from '../../../shared/audit/memory-tree.ts';
import { inclusionProof } from '../../../shared/audit/proofs.ts';
import { verifyReceipt } from '../../../shared/audit/receipt.ts';
import type { Receipt } from '../../../shared/audit/receipt.ts';
import { formatTlogProof } from '../../../shared/audit/tlog-proof.ts';
import { decisionEntry, ed25519Key, ulidOf } from './helpers.ts';
import { checkpointOf, P3, VKEYS } from './log-fixture.ts';
import { vkey } from '../../../shared/audit/note.ts';

async function fixture(index = 3) {
  const entries = Array.from({ length: 7 }, (_, i) => canonicalBytes(decisionEntry(P3, i)));
  const tree = new MemoryTree();
  entries.forEach((entry) => tree.append(entry));
  const checkpoint = await checkpointOf(P3, entries, 7);
  const proof = await inclusionProof(index, 7, tree);
  const receipt: Receipt = {
    origin: P3,
    index,
    leafHash: Buffer.from(tree.leafHash(index)).toString('base64'),
    entryId: ulidOf(index),
  };
  return { entries, checkpoint, proof, receipt };
}

describe('verifyReceipt', () => {
  it('accepts a receipt with a JSON proof, with the entry bytes, and with a tlog-proof', async () => {
    // Prepare
    const { entries, checkpoint, proof, receipt } = await fixture();
    const tlogProof = formatTlogProof({ index: 3, proof, checkpoint, entryId: receipt.entryId });
    // Act
    const json = verifyReceipt({ receipt, vkeys: VKEYS, evidence: { proof, checkpoint }, entryBytes: entries[3]! });
    const text = verifyReceipt({ receipt, vkeys: VKEYS, evidence: { tlogProof } });
    // Assess
    expect(json).toMatchObject({ ok: true, failures: [], checkpoint: { size: 7 } });
    expect(text.ok).toBe(true);
  });

  it("rejects entry bytes that are not the receipt's entry", async () => {
    // Prepare
    const { entries, checkpoint, proof, receipt } = await fixture();

    // Act
    const report = verifyReceipt({ receipt, vkeys: VKEYS, evidence: { proof, checkpoint }, entryBytes: entries[4]! });

    // Assess
    expect(report.failures[0]).toMatchObject({ code: 'receipt_mismatch', origin: P3, index: 3 });
  });

  it('rejects a proof for another index, and a tlog-proof for another entry', async () => {
    // Prepare
    const { checkpoint, proof, receipt } = await fixture();
    const other = formatTlogProof({ index: 3, proof, checkpoint, entryId: ulidOf(4) });
    // Act
    const moved = verifyReceipt({ receipt: { ...receipt, index: 2 }, vkeys: VKEYS, evidence: { proof, checkpoint } });
    const renamed = verifyReceipt({ receipt, vkeys: VKEYS, evidence: { tlogProof: other } });
    // Assess
    expect(moved.failures[0]).toMatchObject({ code: 'inclusion_proof_invalid', checkpointSize: 7 });
    expect(renamed.failures[0]).toMatchObject({ code: 'receipt_mismatch' });
  });

  it('rejects a checkpoint not signed by a pinned key, and malformed tlog-proof text', async () => {
    // Prepare
    const { checkpoint, proof, receipt } = await fixture();
    const stranger = [vkey(P3, ed25519Key().publicKey)];

    // Act
    const unsigned = verifyReceipt({ receipt, vkeys: stranger, evidence: { proof, checkpoint } });
    const malformed = verifyReceipt({ receipt, vkeys: VKEYS, evidence: { tlogProof: 'nonsense' } });

    // Assess
    expect(unsigned.failures[0]).toMatchObject({ code: 'checkpoint_unsigned' });
    expect(malformed.failures[0]).toMatchObject({ code: 'tlog_proof_malformed' });
  });
});
