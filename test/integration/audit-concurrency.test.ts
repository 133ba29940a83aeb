/**
 * Many concurrent appends from concurrent clients keep every log gap-free and every receipt
 * provable; and the CLI verifies the live log end to end with the exit codes it documents.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../cli/command.ts';
import { COMMANDS } from '../../cli/commands/index.ts';
import { main } from '../../cli/main.ts';
import { vkey } from '../../shared/audit/note.ts';
import { verifyReceipt } from '../../shared/audit/receipt.ts';
import { logEntries, preparePatient, requestFor } from '../support/scenarios.ts';
import { freshPatientId, stack } from '../support/stack.ts';
import { CLAIM, expectOk, freshOrg, publishedVkeys, verifyOverApi } from './audit-fixture.ts';

interface Receipt {
  origin: string;
  index: number;
  leafHash: string;
  entryId: string;
}

describe('concurrent appends (audit.md §7)', () => {
  it('200 decisions and record writes over 8 patient logs from 4 concurrent workers: gap-free logs, every receipt provable', async () => {
    // Prepare
    const org = await freshOrg(8);
    const patients = await Promise.all(
      Array.from({ length: 16 }, async () => (await preparePatient(org.clinical, freshPatientId())).patientId),
    );
    const clients = [org.clinical, org.clinical, org.clinical, org.clinical];
    const receipts: Receipt[] = [];

    // Act
    await Promise.all(
      clients.map(async (client, worker) => {
        for (let i = worker; i < 200; i += clients.length) {
          const patientId = patients[i % patients.length]!;
          const body =
            i % 5 === 0
              ? await expectOk<{ receipt: Receipt }>(
                  client.request('PUT', `/v1/patients/${patientId}/ndop`, {
                    status: 'NOT_OPTED_OUT',
                    checkedAt: new Date().toISOString(),
                  }),
                )
              : await expectOk<{ receipt: Receipt }>(
                  client.request('POST', '/v1/disclosures', requestFor(patientId, CLAIM)),
                );
          receipts.push(body.receipt);
        }
      }),
    );

    // Assess
    const origins = [...new Set(receipts.map((receipt) => receipt.origin))];
    const logs = await Promise.all(
      origins.map(async (origin) => (await logEntries(origin)).map((entry) => entry.index)),
    );
    expect(receipts).toHaveLength(200);
    expect(new Set(receipts.map((r) => `${r.origin}#${r.index}`)).size).toBe(200);
    expect(origins.length).toBeGreaterThan(4);
    expect(logs.every((indexes) => indexes.every((index, position) => index === position))).toBe(true);
    const vkeys = await publishedVkeys(org.auditor);
    const report = await verifyOverApi(org.auditor, vkeys);
    expect(report.failures).toEqual([]);
    const sizes = Object.fromEntries(
      Object.entries(report.newTrustedState).map(([origin, head]) => [origin, head.size]),
    );
    for (const receipt of receipts.filter((_, i) => i % 10 === 0)) {
      const proof = await expectOk<{ tlogProof: string }>(
        org.auditor.request('POST', '/v1/audit/proofs/inclusion', {
          origin: receipt.origin,
          index: receipt.index,
          treeSize: sizes[receipt.origin],
        }),
      );
      expect(verifyReceipt({ receipt, vkeys, evidence: { tlogProof: proof.tlogProof } }).failures).toEqual([]);
    }
  }, 120_000);
});

describe('gatekeeper audit verify against the live API', () => {
  function io(): { io: CliIo; out: string[]; err: string[] } {
    const out: string[] = [];
    const err: string[] = [];
    return {
      out,
      err,
      io: {
        out: (line) => out.push(line),
        err: (line) => err.push(line),
        env: {},
        cwd: process.cwd(),
        fetch: globalThis.fetch,
      },
    };
  }
  const connection = () => [
    '--url',
    stack().url,
    '--client',
    'demo-auditor',
    '--key',
    join(stack().keysDir, 'demo-auditor.private.jwk.json'),
  ];

  it('verifies in full mode with trust on first use (saying so), keeps the state, then verifies against it with pinned keys', async () => {
    // Prepare
    const state = join(await mkdtemp(join(tmpdir(), 'gk-state-')), 'state.json');
    const first = io();

    // Act
    const code = await main(
      ['audit', 'verify', ...connection(), '--trust-on-first-use', '--full', '--state', state],
      first.io,
      COMMANDS,
    );

    // Assess
    expect(code, [...first.out, ...first.err].join('\n')).toBe(0);
    expect(first.err.join('\n')).toMatch(/WARNING: trusting \d+ vkey/);
    expect(first.out.join('\n')).toMatch(/VERIFIED/);
    const trusted = JSON.parse(await readFile(state, 'utf8')) as Record<string, { size: number }>;
    expect(trusted['gatekeeper.local/demo/org']?.size).toBeGreaterThan(0);

    // Prepare
    const pins = first.err
      .join('\n')
      .match(/--vkey \S+/g)!
      .flatMap((pin) => pin.split(' '));
    const second = io();

    // Act / Assess
    expect(await main(['audit', 'verify', ...connection(), ...pins, '--state', state], second.io, COMMANDS)).toBe(0);
  });

  it('exits 1 with a wrong pinned key, 2 without a usable one, 3 when the API is unreachable', async () => {
    // Prepare
    const wrong = io();
    const foreign = 'gatekeeper.local/demo/org+00000000+AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    const validForeign = vkey('gatekeeper.local/demo/org', new Uint8Array(32).fill(3));

    // Act / Assess
    expect(await main(['audit', 'verify', ...connection(), '--vkey', validForeign], wrong.io, COMMANDS)).toBe(1);
    expect(wrong.err.join('\n')).toMatch(/checkpoint_unsigned/);
    expect(await main(['audit', 'verify', ...connection()], io().io, COMMANDS)).toBe(2);
    expect(await main(['audit', 'verify', ...connection(), '--vkey', foreign], io().io, COMMANDS)).toBe(2);
    const down = ['--url', 'http://127.0.0.1:9', ...connection().slice(2)];
    expect(await main(['audit', 'verify', ...down, '--vkey', validForeign], io().io, COMMANDS)).toBe(3);
  });
});
