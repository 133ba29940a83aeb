/**
 * The verifier across a checkpoint key rotation (docs/key-rotation.md): a new log key is trusted
 * when pinned, or learned from a checkpoint that a trusted key signed too; the state file keeps
 * what was learned; anything else is refused.
 */
import { describe, expect, it } from 'vitest';
import { canonicalBytes } from '../../../shared/canonical-json.ts';
import { checkpointBody, signCheckpointWith } from '../../../shared/audit/checkpoint.ts';
import { MemoryTree } from '../../../shared/audit/memory-tree.ts';
import { vkey } from '../../../shared/audit/note.ts';
import { verifyAuditLog } from '../../../shared/audit/verifier.ts';
import type { TrustedState, VerificationReport, VerifyOptions } from '../../../shared/audit/verifier-types.ts';
import { auditReadEntry, ed25519Key, type TestKey } from './helpers.ts';
import { checkpointOf, ORG, P3, patientValues, proofsOf, sourceOf, type Log } from './log-fixture.ts';

const oldKey = ed25519Key();
const newKey = ed25519Key();
const OLD = vkey(P3, oldKey.publicKey);
const NEW = vkey(P3, newKey.publicKey);
const entries = patientValues().map((value) => canonicalBytes(value));

async function note(size: number, ...keys: TestKey[]): Promise<string> {
  const tree = new MemoryTree();
  entries.slice(0, size).forEach((entry) => tree.append(entry));
  return signCheckpointWith(
    checkpointBody(P3, size, tree.root()),
    P3,
    keys.map((key) => ({ sign: key.sign, publicKey32: key.publicKey })),
  );
}

/** p3 checkpointed at 4 (old key), 8 (as given) and 10 (new key only, after the transition). */
async function rotatedLog(at8: TestKey[], sizes = [4, 8, 10]): Promise<Map<string, Log>> {
  const signers: Record<number, TestKey[]> = { 4: [oldKey], 8: at8, 10: [newKey] };
  return new Map([
    [P3, { entries, checkpoints: await Promise.all(sizes.map((size) => note(size, ...signers[size]!))) }],
  ]);
}

function verify(logs: Map<string, Log>, options: Partial<VerifyOptions>): Promise<VerificationReport> {
  return verifyAuditLog({
    source: sourceOf(logs),
    proofs: proofsOf(logs),
    vkeys: [OLD],
    candidateVkeys: [NEW, OLD],
    mode: 'checkpoints',
    ...options,
  });
}

describe('verifier across a checkpoint key rotation', () => {
  it('learns the new key from a checkpoint signed by the old and the new key, and keeps it in the trusted state', async () => {
    // Act
    const report = await verify(await rotatedLog([newKey, oldKey]), {});
    // Assess
    expect(report.failures).toEqual([]);
    expect(report.newTrustedState[P3]).toMatchObject({ size: 10, vkeys: [NEW] });
  });

  it('refuses a new key that never signed together with a trusted key: checkpoint_key_untrusted, state unchanged', async () => {
    // Prepare
    const trusted: TrustedState = { [P3]: { size: 4, rootHash: (await stateAt(4))[P3]!.rootHash } };
    // Act
    const report = await verify(await rotatedLog([newKey]), { trusted });
    // Assess
    expect(report.ok).toBe(false);
    expect(report.failures).toEqual([
      expect.objectContaining({ code: 'checkpoint_key_untrusted', origin: P3, checkpointSize: 8 }),
    ]);
    expect(report.newTrustedState).toEqual(trusted);
  });

  it('a pinned key the operator never published is a wrong key, not a rotation: checkpoint_unsigned', async () => {
    // Act
    const report = await verify(await rotatedLog([newKey]), { vkeys: [vkey(P3, ed25519Key().publicKey)] });

    // Assess
    expect(report.failures).toEqual([expect.objectContaining({ code: 'checkpoint_unsigned', checkpointSize: 4 })]);
  });

  it('accepts the new key without a cross-signed checkpoint when the auditor pins it', async () => {
    // Act
    const report = await verify(await rotatedLog([newKey]), { vkeys: [OLD, NEW] });

    // Assess
    expect(report.failures).toEqual([]);
    expect(report.newTrustedState[P3]?.size).toBe(10);
    expect(report.newTrustedState[P3]).not.toHaveProperty('vkeys');
  });

  it('a later run that sees only the newest checkpoint (new key only) trusts it through the state file alone', async () => {
    // Prepare: the first run, during the transition, learned the new key
    const first = await verify(await rotatedLog([newKey, oldKey], [4, 8]), {});
    const later = await rotatedLog([], [10]);
    // Act
    const withState = await verify(later, { trusted: first.newTrustedState });
    const withoutState = await verify(later, {});
    // Assess
    expect(first.newTrustedState[P3]).toMatchObject({ size: 8, vkeys: [NEW] });
    expect(withState.failures).toEqual([]);
    expect(withState.newTrustedState[P3]).toMatchObject({ size: 10, vkeys: [NEW] });
    expect(withoutState.failures).toEqual([
      expect.objectContaining({ code: 'checkpoint_key_untrusted', checkpointSize: 10 }),
    ]);
  });

  it("an auditor who pinned only the new key accepts the old key's earlier checkpoints through the cross-signed one", async () => {
    // Act
    const report = await verify(await rotatedLog([newKey, oldKey]), { vkeys: [NEW] });

    // Assess
    expect(report.failures).toEqual([]);
    expect(report.newTrustedState[P3]).toMatchObject({ size: 10, vkeys: [OLD] });
  });

  it('learns nothing from a cross-signature that does not verify', async () => {
    // Prepare: the new key's signature line of checkpoint 8 is by a stranger under the new key's id
    const logs = await rotatedLog([newKey, oldKey]);
    const stranger = ed25519Key();
    const honest = await note(8, newKey, oldKey);
    const forged = (await note(8, stranger)).split('\n\n')[1]!.split(' ')[2]!;
    const newLine = honest.split('\n\n')[1]!.split('\n')[0]!;
    const idOfNew = Buffer.from(newLine.split(' ')[2]!, 'base64').subarray(0, 4);
    const forgedLine = `\u2014 ${P3} ${Buffer.concat([idOfNew, Buffer.from(forged, 'base64').subarray(4)]).toString('base64')}`;
    logs.get(P3)!.checkpoints[1] = honest.replace(newLine, forgedLine);
    // Act
    const report = await verify(logs, {});
    // Assess
    expect(report.failures).toEqual([
      expect.objectContaining({ code: 'checkpoint_key_untrusted', checkpointSize: 10 }),
    ]);
  });

  it("a state file whose learned keys are malformed or another log's is refused as trusted_state_inconsistent", async () => {
    // Prepare
    const state = await stateAt(4);
    const logs = await rotatedLog([newKey, oldKey]);

    // Act / Assess
    for (const vkeys of [['not a vkey'], [vkey('gatekeeper.local/demo/p4', newKey.publicKey)]]) {
      const report = await verify(logs, { trusted: { [P3]: { ...state[P3]!, vkeys } } });
      expect(report.failures).toEqual([expect.objectContaining({ code: 'trusted_state_inconsistent', origin: P3 })]);
    }
  });
});

describe('verifier across a rotation, over several logs', () => {
  it("a log that did not grow during the transition learns the new key from another log's cross-signed checkpoint", async () => {
    // Prepare: the org log has an old-key checkpoint before and a new-key one after, nothing cross-signed
    const orgEntries = [0, 1, 2, 3].map((n) => canonicalBytes(auditReadEntry(ORG, 200 + n)));
    const orgLog = {
      entries: orgEntries,
      checkpoints: [await checkpointOf(ORG, orgEntries, 3, oldKey), await checkpointOf(ORG, orgEntries, 4, newKey)],
    };
    const orgVkeys = [vkey(ORG, newKey.publicKey), vkey(ORG, oldKey.publicKey)];
    const options = { vkeys: [OLD, vkey(ORG, oldKey.publicKey)], candidateVkeys: [NEW, OLD, ...orgVkeys] };
    // Act
    const withCrossSigned = await verify(new Map([...(await rotatedLog([newKey, oldKey])), [ORG, orgLog]]), options);
    const withoutCrossSigned = await verify(new Map([...(await rotatedLog([oldKey], [4, 8])), [ORG, orgLog]]), options);
    // Assess
    expect(withCrossSigned.failures).toEqual([]);
    expect(withCrossSigned.newTrustedState[ORG]).toMatchObject({ size: 4, vkeys: [orgVkeys[0]] });
    expect(withoutCrossSigned.failures).toEqual([
      expect.objectContaining({ code: 'checkpoint_key_untrusted', origin: ORG, checkpointSize: 4 }),
    ]);
  });
});

async function stateAt(size: number): Promise<TrustedState> {
  const report = await verify(await rotatedLog([], [size]), {});
  return report.newTrustedState;
}
