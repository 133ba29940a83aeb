import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../cli/command.ts';
import { formatReport, progressLine, verifyExitCode } from '../../../cli/commands/audit-report.ts';
import { formatSearch } from '../../../cli/commands/audit.ts';
import { COMMANDS } from '../../../cli/commands/index.ts';
import { main } from '../../../cli/main.ts';
import type { VerificationFailure, VerificationReport } from '../../../shared/audit/verifier-types.ts';

const stats = { origins: 2, checkpoints: 2, entries: 40, consistencyProofs: 1 };
const report = (failures: VerificationFailure[], warnings: VerificationFailure[] = []): VerificationReport => ({
  ok: failures.length === 0,
  failures,
  warnings,
  stats,
  newTrustedState: { 'gk/demo/p0': { size: 40, rootHash: 'x' } },
});

function io(): { io: CliIo; err: string[] } {
  const err: string[] = [];
  return {
    err,
    io: {
      out: () => undefined,
      err: (line) => err.push(line),
      env: {},
      cwd: '/nonexistent',
      fetch: () => Promise.reject(new Error('no network')),
    },
  };
}

describe('audit verify report and exit codes', () => {
  it('names the first failing entry and checkpoint of each log, and exits 1', () => {
    // Prepare
    const failed = report([
      {
        code: 'entries_truncated',
        origin: 'gk/demo/p3',
        index: 7,
        checkpointSize: 9,
        message: 'The log has 7 entries but a checkpoint covers 9',
      },
    ]);

    // Act
    const text = formatReport(failed, 'full');

    // Assess
    expect(text).toMatch(/^Audit log verification \(full\): FAILED/);
    expect(text).toContain('FAILED   gk/demo/p3\n        entries_truncated at entry 7, checkpoint of size 9');
    expect(text).toContain('entries 40');
    expect(verifyExitCode(failed)).toBe(1);
  });

  it('exits 0 when verified (listing warnings) and 3 when only the source failed', () => {
    // Prepare
    const ok = report([], [{ code: 'consistency_unchecked', origin: 'gk/demo/org', message: 'No proof source' }]);
    const down = report([
      { code: 'source_unavailable', origin: '*', message: 'The source could not list logs (AuditApiError)' },
    ]);

    // Act / Assess
    expect(formatReport(ok, 'checkpoints')).toMatch(
      /VERIFIED[\s\S]*warning {2}gk\/demo\/org\n {8}consistency_unchecked at the log/,
    );
    expect([verifyExitCode(ok), verifyExitCode(down)]).toEqual([0, 3]);
    expect(
      verifyExitCode({
        ok: false,
        failures: [...down.failures, { code: 'root_mismatch', origin: 'gk/demo/p0', checkpointSize: 3, message: '' }],
      }),
    ).toBe(1);
  });

  it('draws progress in place', () => {
    // Act / Assess
    expect(progressLine({ origin: 'gk/demo/p1', phase: 'entries', done: 1000 })).toBe(
      '\r\u001b[2K  verifying gk/demo/p1: 1000 entries',
    );
  });

  it('exits 2 on usage errors: no mode, no key, a malformed key, TOFU on an archive', async () => {
    // Prepare
    const cases = [
      ['audit', 'verify', '--vkey', 'x'],
      ['audit', 'verify', '--archive', '/tmp'],
      ['audit', 'verify', '--archive', '/tmp', '--vkey', 'not-a-vkey'],
      ['audit', 'verify', '--archive', '/tmp', '--trust-on-first-use'],
      ['audit', 'frobnicate'],
    ];
    const runs = cases.map(() => io());

    // Act
    const codes = [];
    for (const [i, argv] of cases.entries()) codes.push(await main(argv, runs[i]!.io, COMMANDS));

    // Assess
    expect(codes).toEqual([2, 2, 2, 2, 2]);
    expect(runs.map((run) => run.err[0]?.split('\n')[0])).toEqual([
      'give --url <api> or --archive <dir>',
      'pin the log keys with --vkey (or --trust-on-first-use in API mode)',
      'not a signed-note Ed25519 vkey: not-a-vkey',
      '--trust-on-first-use needs API mode (--url)',
      'expected: audit verify|search|checkpoints',
    ]);
  });
});

describe('audit search table', () => {
  it('prints when, what, outcome, who and where, and how to page on', () => {
    // Act
    const text = formatSearch({
      entries: [
        {
          entry: {
            time: '2026-11-22T07:00:00.000Z',
            type: 'disclosure.decision',
            decision: { outcome: 'DENY' },
            actor: { clientId: 'epr' },
          },
          receipt: { origin: 'gk/demo/p1', index: 4 },
        },
      ],
      nextCursor: 'abc',
    });

    // Assess
    expect(text.split('\n')[1]).toBe('2026-11-22T07:00:00.000Z  disclosure.decision  DENY     epr    gk/demo/p1#4');
    expect(text).toMatch(/more: --cursor abc$/);
  });
});
