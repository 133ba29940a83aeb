import { createPublicKey, verify } from 'node:crypto';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCheckpoint, verifyCheckpoint } from '../../shared/audit/checkpoint.ts';
import { utf8 } from '../../shared/audit/encoding.ts';
import { rootOfLeaves } from '../../shared/audit/merkle.ts';
import { parseVkey, splitNote } from '../../shared/audit/note.ts';
import { consistencyProof } from '../../shared/audit/proofs.ts';
import { verifyConsistency } from '../../shared/audit/verify-proofs.ts';
import { auditKeys } from '../../shared/adapters/dynamodb/audit-keys.ts';
import { startCheckpointTimer, type CheckpointTimer } from '../../infra/local/checkpoint-timer.ts';
import { CheckpointRefusedError } from '../../shared/services/archive-checkpoint-report.ts';
import { origin, startAuditFixture, type AuditFixture } from './checkpointer-fixture.ts';

const A = origin('p0');
const B = origin('org');

let fx: AuditFixture;
let timer: CheckpointTimer;

beforeAll(async () => {
  fx = await startAuditFixture();
  // Never fires during the test: every run is runNow, so the assertions see exactly one run each.
  timer = startCheckpointTimer({ intervalMs: 3_600_000, service: fx.service });
});

afterAll(async () => {
  await timer?.stop();
  await fx?.close();
});

/** Ed25519 by node:crypto alone: the note body against the raw key in the vkey (no project code). */
function nodeVerifies(note: string, vkey: string): boolean {
  const key = parseVkey(vkey);
  const der = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), key.publicKey]);
  const [signature] = splitNote(note).signatures;
  return verify(
    null,
    Buffer.from(splitNote(note).text),
    createPublicKey({ key: der, format: 'der', type: 'spki' }),
    signature!.signature,
  );
}

async function latest(origin: string): Promise<{ size: number; note: string }> {
  const [checkpoint] = await fx.store.checkpoints(origin, 1);
  return checkpoint!;
}

async function rootOfStoredEntries(origin: string, size: number): Promise<Uint8Array> {
  const entries = await fx.store.entries(origin, 0, size);
  return rootOfLeaves(entries.map((e) => utf8(e.entry)));
}

describe('checkpointer', () => {
  it('signs every log that grew, with notes that verify with the vkey and with plain Ed25519', async () => {
    // Prepare
    await Promise.all([fx.append(A, 5), fx.append(B, 3)]);
    // Act
    const run = await timer.runNow();
    // Assess
    expect(run.refused).toEqual([]);
    expect(run.signed.sort((x, y) => x.origin.localeCompare(y.origin))).toEqual(
      [
        { origin: B, size: 3 },
        { origin: A, size: 5 },
      ].sort((x, y) => x.origin.localeCompare(y.origin)),
    );
    for (const [log, size] of [
      [A, 5],
      [B, 3],
    ] as const) {
      const { note, size: stored } = await latest(log);
      expect(stored).toBe(size);
      const vkey = await fx.service.verifierKey(log);
      const checkpoint = verifyCheckpoint(note, [vkey], log);
      expect(checkpoint.size).toBe(size);
      expect(Buffer.from(checkpoint.rootHash)).toEqual(Buffer.from(await rootOfStoredEntries(log, size)));
      expect(nodeVerifies(note, vkey)).toBe(true);
      expect(nodeVerifies(note.replace(`\n${size}\n`, `\n${size + 1}\n`), vkey)).toBe(false);
    }
  });

  it('signs nothing when no log grew, and still names every org (the overdue-review count covers them)', async () => {
    // Act
    const run = await timer.runNow();
    // Assess
    expect(run).toEqual({ signed: [], orgs: ['demo'], unchanged: 2, refused: [] });
  });

  it('signs a grown log with a checkpoint provably consistent with the previous one', async () => {
    // Prepare
    const before = parseCheckpoint((await latest(A)).note);
    await Promise.all([fx.append(A, 2), fx.append(B, 2)]);
    // Act
    const run = await timer.runNow();
    // Assess
    expect(run.signed).toHaveLength(2);
    const after = parseCheckpoint((await latest(A)).note);
    expect([before.size, after.size]).toEqual([5, 7]);
    const proof = await consistencyProof(before.size, after.size, fx.store.nodeSource(A));
    expect(verifyConsistency(before.size, after.size, proof, before.rootHash, after.rootHash)).toBe(true);
    expect(verifyConsistency(before.size, after.size, proof, after.rootHash, before.rootHash)).toBe(false);
  });

  it('the handler signs through the runtime (DynamoDB Local, local KMS) and fails closed on a KMS fault', async () => {
    // Prepare
    const { handler } = await import('../../functions/checkpointer/handler.ts');
    const C = origin('p1');
    await fx.append(C, 2);
    // Act
    const run = await handler();
    // Assess
    expect(run.signed).toEqual([{ origin: C, size: 2 }]);

    // Prepare
    await fx.append(C, 1);
    await fetch(`${fx.kms.url}/_faults`, {
      method: 'POST',
      body: JSON.stringify({ operation: 'Sign', mode: 'error' }),
    });
    // Act / Assess
    try {
      await expect(handler()).rejects.toMatchObject({ code: 'dependency_unavailable' });
    } finally {
      await fetch(`${fx.kms.url}/_faults`, { method: 'DELETE' });
    }
    // Assess
    expect((await latest(C)).size).toBe(2);
    // Act / Assess
    // Recovered: the next run signs what the failed one could not.
    expect((await handler()).signed).toEqual([{ origin: C, size: 3 }]);
  });

  it('refuses a log whose stored tree no longer extends its checkpoint, and still signs the others', async () => {
    // Prepare
    // The last checkpoint of A has odd size 7, so any consistency proof from it starts with leaf 6,
    // which the proof reads from entry 6's leafHash: changing it must break the old-root recomputation.
    // (A leaf inside a sealed subtree would not be read, and a proof from a power of two reads no old leaf.)
    await Promise.all([fx.append(A, 2), fx.append(B, 1)]);
    const { Items } = await fx.db.doc.send(
      new QueryCommand({
        TableName: fx.db.tables.AuditLog,
        KeyConditionExpression: 'pk = :pk AND sk = :sk',
        ExpressionAttributeValues: { ':pk': auditKeys.entryPartition(A), ':sk': 6 },
      }),
    );
    const item = Items![0]!;
    const forged = new Uint8Array(item['leafHash'] as Uint8Array);
    forged[0]! ^= 0xff;
    await fx.db.doc.send(new PutCommand({ TableName: fx.db.tables.AuditLog, Item: { ...item, leafHash: forged } })); // test-only tamper

    // Act
    const run = await timer.runNow();
    // Assess
    expect(run.refused).toEqual([A]);
    expect(run.signed).toEqual([{ origin: B, size: 6 }]);
    expect((await latest(A)).size).toBe(7);
    // Act / Assess
    // The service refuses it on its own too, with the typed error.
    await expect(fx.service.checkpointLog((await fx.store.getHead(A))!)).rejects.toMatchObject({
      code: 'log_inconsistent',
      origin: A,
    });

    // Act / Assess
    // The handler turns a refusal into a failed invocation, so the alarm fires.
    const { handler } = await import('../../functions/checkpointer/handler.ts');
    await expect(handler()).rejects.toBeInstanceOf(CheckpointRefusedError);
  });

  it('records when it signed each checkpoint, by its clock, for the console to show its age', async () => {
    // Prepare
    const log = origin('p5');
    await fx.append(log, 2);
    const before = new Date().toISOString();
    // Act
    await timer.runNow();
    const after = new Date().toISOString();
    // Assess
    const [stored] = await fx.store.checkpoints(log, 1);
    expect(stored?.size).toBe(2);
    const signedAt = stored?.signedAt ?? 'not recorded';
    expect(signedAt >= before && signedAt <= after, `${before} ≤ ${signedAt} ≤ ${after}`).toBe(true);
  });

  it('the timer never overlaps runs and stops cleanly', async () => {
    // Prepare
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const slow = startCheckpointTimer({
      intervalMs: 5,
      service: {
        run: async () => {
          active += 1;
          maxActive = Math.max(maxActive, active);
          await new Promise((resolve) => setTimeout(resolve, 20));
          active -= 1;
          runs += 1;
          return { signed: [], orgs: [], unchanged: 0, refused: [] };
        },
      },
    });
    // Act
    await Promise.all([slow.runNow(), slow.runNow(), slow.runNow()]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    await slow.stop();
    const settled = runs;
    await new Promise((resolve) => setTimeout(resolve, 40));
    // Assess
    expect(maxActive).toBe(1);
    expect(settled).toBeGreaterThanOrEqual(4);
    expect(runs).toBe(settled);
    expect(active).toBe(0);
    // Act / Assess
    await expect(slow.runNow()).rejects.toThrow(/stopped/);
  });
});
