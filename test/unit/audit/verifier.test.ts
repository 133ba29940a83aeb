import { describe, expect, it } from 'vitest';
import { canonicalBytes } from '../../../shared/canonical-json.ts';
import { MemoryTree } from '../../../shared/audit/memory-tree.ts';
import { verifyAuditLog } from '../../../shared/audit/verifier.ts';
import type { VerificationReport, VerifyOptions } from '../../../shared/audit/verifier-types.ts';
import { decisionEntry, ed25519Key, POLICY_DIGEST, auditReadEntry, consentEntry } from './helpers.ts';
import { checkpointOf, demoLogs, logOf, ORG, P3, patientValues, proofsOf, sourceOf, VKEYS } from './log-fixture.ts';
import type { Log } from './log-fixture.ts';

async function verify(logs: Map<string, Log>, options: Partial<VerifyOptions> = {}): Promise<VerificationReport> {
  return verifyAuditLog({ source: sourceOf(logs), vkeys: VKEYS, mode: 'full', pageSize: 3, ...options });
}

function mutate(logs: Map<string, Log>, origin: string, change: (log: Log) => void): Map<string, Log> {
  const log = logs.get(origin)!;
  const copy = { entries: [...log.entries], checkpoints: [...log.checkpoints] };
  change(copy);
  return new Map(logs).set(origin, copy);
}

const only = (report: VerificationReport) => {
  expect(report.ok).toBe(false);
  expect(report.failures).toHaveLength(1);
  return report.failures[0]!;
};

describe('verifyAuditLog on an untampered log', () => {
  it('full mode passes, counts everything and advances the trusted state', async () => {
    // Prepare
    const logs = await demoLogs();
    const progress: string[] = [];
    // Act
    const report = await verify(logs, {
      knownPolicyDigests: [POLICY_DIGEST],
      onProgress: (p) => progress.push(`${p.phase}:${p.done}`),
    });
    // Assess
    expect(report).toMatchObject({
      ok: true,
      failures: [],
      warnings: [],
      stats: { origins: 2, checkpoints: 4, entries: 13 },
    });
    expect(report.newTrustedState[P3]?.size).toBe(10);
    expect(report.newTrustedState[ORG]?.size).toBe(3);
    expect(progress).toContain('entries:10');
  });

  it('reads on past short pages: a source that serves fewer entries than asked has not ended', async () => {
    // Prepare: pages of at most 2 where the verifier asks for 1,000 (a 1 MB Query page, a 5 MiB answer).
    const real = sourceOf(await demoLogs());
    const source = {
      ...real,
      entries: (origin: string, start: number, limit: number) => real.entries(origin, start, Math.min(limit, 2)),
    };
    // Act
    const report = await verifyAuditLog({
      source,
      vkeys: VKEYS,
      mode: 'full',
      pageSize: 1000,
      knownPolicyDigests: [POLICY_DIGEST],
    });
    // Assess
    expect(report).toMatchObject({ ok: true, failures: [], stats: { entries: 13 } });
  });

  it('checkpoints mode proves consecutive checkpoints and the trusted state consistent', async () => {
    // Prepare
    const logs = await demoLogs();
    const tree = new MemoryTree();
    logs.get(P3)!.entries.forEach((entry) => tree.append(entry));
    const trusted = { [P3]: { size: 4, rootHash: Buffer.from(tree.root(4)).toString('base64') } };
    const grown = mutate(logs, P3, (log) => log.checkpoints.splice(0, 2));
    // Act
    const report = await verify(grown, { mode: 'checkpoints', proofs: proofsOf(logs), trusted });
    // Assess
    expect(report.ok).toBe(true);
    expect(report.stats.consistencyProofs).toBe(1);
  });

  it('checkpoints mode without proofs warns that consistency was not checked', async () => {
    // Act
    const report = await verify(await demoLogs(), { mode: 'checkpoints' });

    // Assess
    expect(report.ok).toBe(true);
    expect(report.warnings.map((w) => [w.code, w.origin])).toEqual([['consistency_unchecked', P3]]);
  });
});

describe('verifyAuditLog detects tampering', () => {
  it('one byte of an entry changed (still valid JSON): root_mismatch at the covering checkpoint', async () => {
    // Prepare: jti-5 → jti-6 in entry 5
    const logs = mutate(await demoLogs(), P3, (log) => {
      const bytes = log.entries[5]!.slice();
      bytes[new TextDecoder().decode(bytes).indexOf('jti-5') + 4] = '6'.charCodeAt(0);
      log.entries[5] = bytes;
    });
    // Act / Assess
    expect(only(await verify(logs))).toMatchObject({ code: 'root_mismatch', origin: P3, checkpointSize: 8 });
  });

  it('one byte of an entry changed (breaks JSON): entry_malformed naming the entry', async () => {
    // Prepare
    const logs = mutate(await demoLogs(), P3, (log) => {
      log.entries[6] = Uint8Array.from([...log.entries[6]!.slice(0, -1), 0x20]);
    });

    // Act
    const report = await verify(logs);

    // Assess
    expect(only(report)).toMatchObject({ code: 'entry_malformed', index: 6 });
  });

  it('an entry deleted: root_mismatch', async () => {
    // Prepare
    const logs = mutate(await demoLogs(), P3, (log) => log.entries.splice(5, 1));

    // Act
    const report = await verify(logs);

    // Assess
    expect(only(report)).toMatchObject({ code: 'root_mismatch', checkpointSize: 8 });
  });

  it('two entries swapped: root_mismatch', async () => {
    // Prepare
    const logs = mutate(await demoLogs(), P3, (log) => {
      [log.entries[1], log.entries[2]] = [log.entries[2]!, log.entries[1]!];
    });

    // Act
    const report = await verify(logs);

    // Assess
    expect(only(report)).toMatchObject({ code: 'root_mismatch', checkpointSize: 4 });
  });

  it('the log truncated: entries_truncated naming the checkpoint', async () => {
    // Prepare
    const logs = mutate(await demoLogs(), P3, (log) => log.entries.splice(9));

    // Act
    const report = await verify(logs);

    // Assess
    expect(only(report)).toMatchObject({ code: 'entries_truncated', checkpointSize: 10, index: 9 });
  });

  it('a forged entry appended: entries_uncheckpointed (or a warning when the tail is allowed)', async () => {
    // Prepare
    const logs = mutate(await demoLogs(), P3, (log) => log.entries.push(canonicalBytes(decisionEntry(P3, 99))));
    // Act
    const strict = await verify(logs);
    const lenient = await verify(logs, { allowUncheckpointedTail: true });
    // Assess
    expect(only(strict)).toMatchObject({ code: 'entries_uncheckpointed', index: 10 });
    expect(lenient.ok).toBe(true);
    expect(lenient.warnings[0]).toMatchObject({ code: 'entries_uncheckpointed', index: 10 });
  });

  it('a forged entry with a checkpoint re-signed by another key: checkpoint_unsigned', async () => {
    // Prepare
    const logs = mutate(await demoLogs(), P3, (log) => log.entries.push(canonicalBytes(decisionEntry(P3, 99))));
    const forged = await checkpointOf(P3, logs.get(P3)!.entries, 11, ed25519Key());
    logs.get(P3)!.checkpoints.push(forged);

    // Act
    const report = await verify(logs);

    // Assess
    expect(only(report)).toMatchObject({ code: 'checkpoint_unsigned', checkpointSize: 11 });
  });

  it('two inconsistent checkpoints signed by the log key: root_mismatch (full) and checkpoint_inconsistent (proofs)', async () => {
    // Prepare: a forked history at size 8, signed with the right key
    const logs = await demoLogs();
    const fork = patientValues();
    fork[5] = decisionEntry(P3, 55);
    const forked = await logOf(P3, fork, [8]);
    const presented = mutate(logs, P3, (log) => {
      log.checkpoints = [log.checkpoints[0]!, forked.checkpoints[0]!, log.checkpoints[2]!];
    });
    // Act
    const full = await verify(presented);
    const light = await verify(presented, { mode: 'checkpoints', proofs: proofsOf(logs) });
    // Assess
    expect(only(full)).toMatchObject({ code: 'root_mismatch', checkpointSize: 8 });
    expect(only(light)).toMatchObject({ code: 'checkpoint_inconsistent', checkpointSize: 8 });
  });

  it('two signed checkpoints of one size with different roots: checkpoint_conflict', async () => {
    // Prepare
    const fork = patientValues();
    fork[5] = decisionEntry(P3, 55);
    const forked = await logOf(P3, fork, [8]);
    const logs = mutate(await demoLogs(), P3, (log) => log.checkpoints.push(forked.checkpoints[0]!));

    // Act
    const report = await verify(logs, { mode: 'checkpoints' });

    // Assess
    expect(only(report)).toMatchObject({
      code: 'checkpoint_conflict',
      checkpointSize: 8,
    });
  });

  it('entries not in JCS form, of another log, or with a repeated id are named by index', async () => {
    // Prepare
    const logs = await demoLogs();
    const spaced = mutate(logs, ORG, (log) => {
      log.entries[1] = new TextEncoder().encode(` ${new TextDecoder().decode(log.entries[1])}`);
    });
    const foreign = mutate(logs, ORG, (log) => {
      log.entries[2] = canonicalBytes(auditReadEntry(P3, 102));
    });
    const repeated = mutate(logs, ORG, (log) => {
      log.entries[2] = log.entries[1]!;
    });
    // Act / Assess
    expect(only(await verify(spaced))).toMatchObject({ code: 'entry_not_canonical', origin: ORG, index: 1 });
    expect(only(await verify(foreign))).toMatchObject({ code: 'entry_wrong_origin', origin: ORG, index: 2 });
    expect(only(await verify(repeated))).toMatchObject({ code: 'entry_duplicate_id', origin: ORG, index: 2 });
  });
});

describe('verifyAuditLog checks trusted state', () => {
  it('a trusted size beyond every checkpoint: trusted_state_rollback', async () => {
    // Act
    const report = await verify(await demoLogs(), {
      trusted: { [P3]: { size: 12, rootHash: Buffer.alloc(32).toString('base64') } },
    });

    // Assess
    expect(only(report)).toMatchObject({ code: 'trusted_state_rollback', origin: P3 });
  });

  it('a trusted root the log does not reproduce: trusted_state_inconsistent in both modes', async () => {
    // Prepare
    const logs = await demoLogs();
    const trusted = { [P3]: { size: 6, rootHash: Buffer.alloc(32, 1).toString('base64') } };
    // Act
    const full = await verify(logs, { trusted });
    const light = await verify(logs, { trusted, mode: 'checkpoints', proofs: proofsOf(logs) });
    // Assess
    expect(only(full)).toMatchObject({ code: 'trusted_state_inconsistent', checkpointSize: 6 });
    expect(only(light)).toMatchObject({ code: 'trusted_state_inconsistent' });
    expect(full.newTrustedState[P3]).toEqual(trusted[P3]);
  });

  it('a trusted log that disappeared: origin_missing', async () => {
    // Prepare
    const logs = await demoLogs();
    const first = await verify(logs);
    logs.delete(ORG);

    // Act
    const report = await verify(logs, { trusted: first.newTrustedState });

    // Assess
    expect(only(report)).toMatchObject({
      code: 'origin_missing',
      origin: ORG,
    });
  });

  it('a failing source: source_unavailable for that log only', async () => {
    // Prepare
    const real = sourceOf(await demoLogs());
    const source = {
      ...real,
      entries: (origin: string, start: number, limit: number) =>
        origin === ORG ? Promise.reject(new Error('secret detail')) : real.entries(origin, start, limit),
    };
    // Act
    const report = await verifyAuditLog({ source, vkeys: VKEYS, mode: 'full' });
    // Assess
    expect(only(report)).toMatchObject({ code: 'source_unavailable', origin: ORG });
    expect(report.failures[0]!.message).not.toContain('secret');
    expect(report.newTrustedState[P3]?.size).toBe(10);
    expect(report.newTrustedState[ORG]).toBeUndefined();
  });
});

describe('verifyAuditLog checks the log promises', () => {
  it('a decision after the consent was withdrawn: consent_order_violation naming it, without contents', async () => {
    // Prepare: the operator logged (and signed) an ALLOW relying on c1 after its withdrawal
    const values = patientValues();
    values[5] = decisionEntry(P3, 5, 'c1');
    const logs = new Map([[P3, await logOf(P3, values, [10])]]);
    // Act
    const failure = only(await verify(logs));
    // Assess
    expect(failure).toMatchObject({ code: 'consent_order_violation', index: 5 });
    expect(failure.message).not.toMatch(/c1|MRN/);
  });

  it("a decision before its consent was given, or on another patient's consent: consent_order_violation", async () => {
    // Prepare
    const early = [decisionEntry(P3, 0, 'c9'), consentEntry(P3, 1, 'given', 'c9')];
    const other = [consentEntry(P3, 0, 'given', 'c9', 'MRN-2'), decisionEntry(P3, 1, 'c9')];
    // Act / Assess
    expect(only(await verify(new Map([[P3, await logOf(P3, early, [2])]])))).toMatchObject({
      code: 'consent_order_violation',
      index: 0,
    });
    expect(only(await verify(new Map([[P3, await logOf(P3, other, [2])]])))).toMatchObject({
      code: 'consent_order_violation',
      index: 1,
    });
  });

  it("two patients of one log may use the same consent id: each decision is held to its own patient's consent", async () => {
    // Prepare: MRN-2 gives c9 first; MRN-1 gives its own c9, decides on it, MRN-2 withdraws its c9.
    const values = [
      consentEntry(P3, 0, 'given', 'c9', 'MRN-2'),
      consentEntry(P3, 1, 'given', 'c9', 'MRN-1'),
      decisionEntry(P3, 2, 'c9', POLICY_DIGEST, 'MRN-1'),
      consentEntry(P3, 3, 'withdrawn', 'c9', 'MRN-2'),
      decisionEntry(P3, 4, 'c9', POLICY_DIGEST, 'MRN-1'),
      decisionEntry(P3, 5, 'c9', POLICY_DIGEST, 'MRN-2'),
    ];
    // Act
    const failure = only(await verify(new Map([[P3, await logOf(P3, values, [6])]])));
    // Assess: only MRN-2's decision after its own withdrawal breaks the promise
    expect(failure).toMatchObject({ code: 'consent_order_violation', index: 5 });
  });

  it('an ALLOW under an unknown policy digest: policy_unknown', async () => {
    // Prepare
    const logs = await demoLogs();

    // Act
    const report = await verify(logs, { knownPolicyDigests: ['sha-256=:other:'] });

    // Assess
    expect(report.failures[0]).toMatchObject({ code: 'policy_unknown', origin: P3, index: 1 });
  });
});
