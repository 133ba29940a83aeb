/**
 * Tampering THROUGH THE REAL STORE (DynamoDB Local, written as an insider with table access would)
 * is caught by the verifier with its specific code, naming the entry or checkpoint. Each test uses
 * an org of its own with one patient log, so the demo org and the other files never see it.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monotonicFactory } from 'ulid';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoDbAuditStore } from '../../shared/adapters/dynamodb/audit-store.ts';
import { FsArchiveReader } from '../../shared/adapters/fs/archive-reader.ts';
import { FsArchiveWriter } from '../../shared/adapters/fs/archive-writer.ts';
import { checkpointBody, signCheckpoint } from '../../shared/audit/checkpoint.ts';
import { ed25519RawFromSpki, parseVkey, signatureLine } from '../../shared/audit/note.ts';
import { verifyAuditLog } from '../../shared/audit/verifier.ts';
import type { TrustedState, VerificationReport } from '../../shared/audit/verifier-types.ts';
import { forgeAppend } from './forge-fixture.ts';
import { archiveAll } from '../../shared/services/archive-sweep.ts';
import { CheckpointService } from '../../shared/services/checkpoint-service.ts';
import { addConsent, preparePatient, requestFor } from '../support/scenarios.ts';
import { freshPatientId } from '../support/stack.ts';
import {
  CLAIM,
  documentClient,
  expectOk,
  freshOrg,
  keyService,
  publishedVkeys,
  raw,
  tables,
  verifyOverApi,
  type TestOrg,
} from './audit-fixture.ts';

const nextUlid = monotonicFactory();

interface Logged {
  readonly org: TestOrg;
  readonly p0: string;
  readonly patientId: string;
  readonly vkeys: string[];
  readonly trusted: TrustedState;
}

/** An org whose one patient log p0 holds 5 entries (register, NDOP, consent, two decisions), checkpointed and verified. */
async function loggedOrg(): Promise<Logged> {
  const org = await freshOrg(1);
  const { patientId } = await preparePatient(org.clinical, freshPatientId());
  await addConsent(org.clinical, patientId, 'INSURER_CLAIM');
  for (let i = 0; i < 2; i += 1)
    await expectOk(org.clinical.request('POST', '/v1/disclosures', requestFor(patientId, CLAIM)));
  const vkeys = await publishedVkeys(org.auditor);
  const clean = await verifyOverApi(org.auditor, vkeys);
  expect(clean.failures).toEqual([]);
  expect(clean.newTrustedState[org.origin('p0')]?.size).toBe(5);
  return { org, p0: org.origin('p0'), patientId, vkeys, trusted: clean.newTrustedState };
}

const store = () => new DynamoDbAuditStore(documentClient(), tables());

function only(report: VerificationReport) {
  expect(report.ok).toBe(false);
  expect(report.failures).toHaveLength(1);
  return report.failures[0]!;
}

async function swapItems(origin: string, a: number, b: number): Promise<void> {
  const [first, second] = [await raw.getEntry(origin, a), await raw.getEntry(origin, b)];
  await raw.put(tables().audit, { ...second, sk: a });
  await raw.put(tables().audit, { ...first, sk: b });
}

/** A checkpoint note for `origin` at `size` over a root that is not the log's, signed by the REAL key in KMS. */
async function inconsistentCheckpoint(origin: string, size: number): Promise<string> {
  const keys = keyService();
  const publicKey = ed25519RawFromSpki(await keys.publicKey('CHECKPOINT'));
  return signCheckpoint(
    checkpointBody(origin, size, new Uint8Array(32).fill(7)),
    origin,
    (message) => keys.sign('CHECKPOINT', message),
    publicKey,
  );
}

async function exportArchive(org: string): Promise<FsArchiveReader> {
  const dir = await mkdtemp(join(tmpdir(), 'gk-archive-'));
  const source = store();
  await archiveAll({
    writer: new FsArchiveWriter(dir),
    store: {
      listHeads: () => source.listHeads(org),
      entries: (origin, start, limit) => source.entries(origin, start, limit),
      nodeSource: (origin) => source.nodeSource(origin),
      checkpointCovering: (origin, size) => source.checkpointCovering(origin, size),
    },
  });
  return new FsArchiveReader(dir);
}

describe('tampering with the stored log is detected (audit.md §8)', () => {
  afterEach(() => raw.restore());

  it('one changed byte of an entry: root_mismatch at the checkpoint covering it', async () => {
    // Prepare
    const { org, p0, vkeys } = await loggedOrg();
    const item = await raw.getEntry(p0, 2);
    const text = String(item['entry']);
    const at = text.indexOf('"time":"') + 30;
    await raw.put(tables().audit, {
      ...item,
      entry: `${text.slice(0, at)}${text[at] === '1' ? '2' : '1'}${text.slice(at + 1)}`,
    });

    // Act
    const failure = only(await verifyOverApi(org.auditor, vkeys));

    // Assess
    expect(failure).toMatchObject({ code: 'root_mismatch', origin: p0, checkpointSize: 5 });
    expect(failure.message).toMatch(/first 5 entries/);
  });

  it('a deleted entry: entries_truncated naming the missing index', async () => {
    // Prepare
    const { org, p0, vkeys } = await loggedOrg();
    await raw.delete(tables().audit, raw.entryKey(p0, 1));

    // Act / Assess
    expect(only(await verifyOverApi(org.auditor, vkeys))).toMatchObject({
      code: 'entries_truncated',
      origin: p0,
      index: 1,
      checkpointSize: 5,
    });
  });

  it('two swapped entries: root_mismatch, or the broken consent order first when a decision moves before its consent', async () => {
    // Prepare
    const [plain, reordered] = [await loggedOrg(), await loggedOrg()];
    await swapItems(plain.p0, 0, 1);
    await swapItems(reordered.p0, 1, 3);

    // Act
    const first = only(await verifyOverApi(plain.org.auditor, plain.vkeys));
    const second = only(await verifyOverApi(reordered.org.auditor, reordered.vkeys));

    // Assess
    expect(first).toMatchObject({ code: 'root_mismatch', origin: plain.p0, checkpointSize: 5 });
    expect(second).toMatchObject({ code: 'consent_order_violation', origin: reordered.p0, index: 1 });
  });

  it('a truncated tail: entries_truncated at the first missing index', async () => {
    // Prepare
    const { org, p0, vkeys } = await loggedOrg();
    for (const index of [3, 4]) await raw.delete(tables().audit, raw.entryKey(p0, index));

    // Act / Assess
    expect(only(await verifyOverApi(org.auditor, vkeys))).toMatchObject({
      code: 'entries_truncated',
      origin: p0,
      index: 3,
    });
  });

  it('a forged ALLOW appended with a correctly moved head gets signed, but breaks the log promise: consent_order_violation', async () => {
    // Prepare
    const { org, p0, vkeys } = await loggedOrg();
    const real = JSON.parse(String((await raw.getEntry(p0, 3))['entry'])) as { decision: { basis: object } };
    const forged = {
      ...real,
      id: nextUlid(),
      time: new Date().toISOString(),
      decision: { ...real.decision, basis: { ...real.decision.basis, recordId: 'cons-never-given' } },
    };
    const index = await forgeAppend(p0, forged);

    // Act
    const failure = only(await verifyOverApi(org.auditor, vkeys));

    // Assess
    expect(failure).toMatchObject({ code: 'consent_order_violation', origin: p0, index });
  });

  it('a checkpoint re-signed with another Ed25519 key under the log key id: checkpoint_signature_invalid', async () => {
    // Prepare
    const { org, p0, vkeys } = await loggedOrg();
    const [latest] = await store().checkpoints(p0, 1);
    const body = latest!.note.slice(0, latest!.note.indexOf('\n\n') + 1);
    const { privateKey } = generateKeyPairSync('ed25519');
    const realId = parseVkey(vkeys.find((v) => v.startsWith(`${p0}+`))!).keyId;
    const forged = `${body}\n${signatureLine(p0, realId, new Uint8Array(sign(null, Buffer.from(body), privateKey)))}`;
    await raw.put(tables().audit, { pk: `C#${p0}`, sk: latest!.size, note: forged });

    // Act / Assess
    expect(only(await verifyOverApi(org.auditor, vkeys))).toMatchObject({
      code: 'checkpoint_signature_invalid',
      origin: p0,
      checkpointSize: 5,
    });
  });

  it('two inconsistent checkpoints signed with the right key: caught against the trusted state, in the archive, and the signer refuses', async () => {
    // Prepare
    const { org, p0, vkeys, trusted, patientId } = await loggedOrg();
    await addConsent(org.clinical, patientId, 'INSURER_PREAUTH');
    await raw.put(tables().audit, { pk: `C#${p0}`, sk: 6, note: await inconsistentCheckpoint(p0, 6) });
    await addConsent(org.clinical, patientId, 'GP_SHARING');

    // Act
    const api = only(await verifyOverApi(org.auditor, vkeys, trusted, 'checkpoints'));
    const archive = await exportArchive(org.org);
    const offline = only(await verifyAuditLog({ source: archive, proofs: archive, vkeys, mode: 'checkpoints' }));
    const run = await new CheckpointService(store(), keyService()).run(org.org);

    // Assess
    expect(api).toMatchObject({ code: 'trusted_state_inconsistent', origin: p0, checkpointSize: 6 });
    expect(offline).toMatchObject({ code: 'checkpoint_inconsistent', origin: p0, checkpointSize: 6 });
    expect(run.refused).toEqual([p0]);
    expect(run.signed.map((signed) => signed.origin)).not.toContain(p0);
  });

  it('a clean org verifies from its archive export in full mode (the archive alone is enough)', async () => {
    // Prepare
    const { org, vkeys } = await loggedOrg();

    // Act
    const archive = await exportArchive(org.org);
    const report = await verifyAuditLog({
      source: archive,
      proofs: archive,
      vkeys,
      mode: 'full',
      allowUncheckpointedTail: true,
    });

    // Assess
    expect(report.failures).toEqual([]);
    expect(report.stats.entries).toBeGreaterThanOrEqual(5);
  });
});
