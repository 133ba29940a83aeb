/**
 * The checkpointer through a checkpoint key rotation, over DynamoDB Local and the local KMS
 * endpoint: a second Ed25519 key is provisioned as the local stack does; until the old key's
 * retiredAt both keys sign, afterwards only the new one, and the listing names both for ever.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKmsClient, KmsKeyService } from '../../shared/adapters/kms/index.ts';
import { parseCheckpoint, verifyCheckpoint } from '../../shared/audit/checkpoint.ts';
import { consistencyProof } from '../../shared/audit/proofs.ts';
import { verifyAuditLog } from '../../shared/audit/verifier.ts';
import type { Clock } from '../../shared/ports/clock.ts';
import { CheckpointService } from '../../shared/services/checkpoint-service.ts';
import { provisionSigningKey } from '../../local-kms/provision.ts';
import { origin, startAuditFixture, type AuditFixture } from './checkpointer-fixture.ts';

const LOG = origin('p1');
const RETIRED_AT = Date.UTC(2027, 0, 1);

let fx: AuditFixture;
let rotatedKeys: KmsKeyService;
const kms = createKmsClient({ maxAttempts: 1 });

beforeAll(async () => {
  fx = await startAuditFixture();
  const next = await provisionSigningKey(kms, 'checkpoint', 'alias/gatekeeper/checkpoint-2');
  const env = fx.environment;
  rotatedKeys = new KmsKeyService({
    client: kms,
    macKeys: {
      PHIN: { keyId: env['GK_KEY_PSEUDONYM_PHIN']!, version: 1 },
      AUDIT: { keyId: env['GK_KEY_PSEUDONYM_AUDIT']!, version: 1 },
    },
    signingKeys: {
      CHECKPOINT: { active: next, retired: [{ keyId: env['GK_KEY_CHECKPOINT']!, retiredAt: RETIRED_AT }] },
      AUTHORISATION: env['GK_KEY_AUTHORISATION']!,
    },
  });
});

afterAll(async () => {
  kms.destroy();
  await fx?.close();
});

const at = (now: number): Clock => ({ now: () => now });
const newest = async () => (await fx.store.checkpoints(LOG, 1))[0]!.note;

describe('checkpointer through a key rotation', () => {
  it('signs with the old key alone, then with both until retiredAt, then with the new key alone; the listing names both keys', async () => {
    // Prepare
    const before = fx.service;
    const during = new CheckpointService(fx.store, rotatedKeys, at(RETIRED_AT - 1));
    const after = new CheckpointService(fx.store, rotatedKeys, at(RETIRED_AT));
    const oldVkey = await before.verifierKey(LOG);

    // Act
    await fx.append(LOG, 3);
    await before.run();
    const first = await newest();
    await fx.append(LOG, 2);
    await during.run();
    const crossSigned = await newest();
    await fx.append(LOG, 1);
    await after.run();
    const last = await newest();
    const listed = await after.verifierKeys(LOG);

    // Assess
    const newVkey = await after.verifierKey(LOG);
    expect(listed).toEqual([newVkey, oldVkey]);
    expect(await before.verifierKeys(LOG)).toEqual([oldVkey]);
    expect(
      [first, crossSigned, last].map((note) => [parseCheckpoint(note).size, parseCheckpoint(note).signatures.length]),
    ).toEqual([
      [3, 1],
      [5, 2],
      [6, 1],
    ]);
    for (const vkey of [oldVkey, newVkey]) expect(verifyCheckpoint(crossSigned, [vkey], LOG).size).toBe(5);
    expect(verifyCheckpoint(last, [newVkey], LOG).size).toBe(6);
    expect(() => verifyCheckpoint(last, [oldVkey], LOG)).toThrow(
      expect.objectContaining({ code: 'checkpoint_unsigned' }),
    );
  });

  it('an auditor pinning the old key verifies every stored checkpoint and learns the new key from the cross-signed one', async () => {
    // Prepare: the stored notes of the previous test, as an archive or the API would serve them
    const notes = (await fx.store.checkpoints(LOG, 100)).map((checkpoint) => checkpoint.note);
    const source = {
      listOrigins: () => Promise.resolve([LOG]),
      checkpoints: () => Promise.resolve(notes),
      entries: () => Promise.resolve([]),
    };
    const proofs = {
      consistencyProof: (o: string, m: number, n: number) => consistencyProof(m, n, fx.store.nodeSource(o)),
    };
    const service = new CheckpointService(fx.store, rotatedKeys, at(RETIRED_AT));
    const [newVkey, oldVkey] = await service.verifierKeys(LOG);

    // Act
    const report = await verifyAuditLog({
      source,
      proofs,
      vkeys: [oldVkey!],
      candidateVkeys: [newVkey!, oldVkey!],
      mode: 'checkpoints',
    });
    const withoutCrossSigned = await verifyAuditLog({
      source: {
        ...source,
        checkpoints: () => Promise.resolve(notes.filter((note) => parseCheckpoint(note).signatures.length === 1)),
      },
      proofs,
      vkeys: [oldVkey!],
      candidateVkeys: [newVkey!, oldVkey!],
      mode: 'checkpoints',
    });

    // Assess
    expect(notes).toHaveLength(3);
    expect(report.failures).toEqual([]);
    expect(report.stats.consistencyProofs).toBe(2);
    expect(report.newTrustedState[LOG]).toMatchObject({ size: 6, vkeys: [newVkey] });
    expect(withoutCrossSigned.failures).toEqual([
      expect.objectContaining({ code: 'checkpoint_key_untrusted', checkpointSize: 6 }),
    ]);
  });
});
