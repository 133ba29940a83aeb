/**
 * `gatekeeper phin submit` against the real stack: interrupted after batch 1 (the next batch's
 * request never leaves, or its answer is lost after the server logged it), then resumed: every
 * episode is decided and logged exactly once, and the released dataset and summary are complete.
 * `gatekeeper phin resolve` finds the episode behind a released episodeKey.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../cli/command.ts';
import { COMMANDS } from '../../cli/commands/index.ts';
import { main } from '../../cli/main.ts';
import { phinRequest } from '../unit/phin/fixtures.ts';
import { decisionEntries, preparePatient } from '../support/scenarios.ts';
import { demo, freshId, freshPatientId, stack } from '../support/stack.ts';

interface Run {
  code: number;
  out: string[];
  err: string[];
}

async function cli(args: string[], cwd: string, fetch: typeof globalThis.fetch = globalThis.fetch): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: { GATEKEEPER_URL: stack().url },
    cwd,
    fetch,
  };
  const code = await main(
    ['phin', ...args, '--key', join(stack().keysDir, 'demo-clinical.private.jwk.json')],
    io,
    COMMANDS,
  );
  return { code, out, err };
}

/** Lets `allowed` batch calls through; then either fails before sending or after the server answered. */
function interruptingFetch(allowed: number, when: 'before' | 'after'): typeof globalThis.fetch {
  let calls = 0;
  return async (input, init) => {
    calls += 1;
    if (calls <= allowed) return globalThis.fetch(input, init);
    if (when === 'after') await globalThis.fetch(input, init);
    throw new TypeError('fetch failed (simulated interruption)');
  };
}

async function monthFile(
  dir: string,
  episodes: number,
): Promise<{ path: string; lines: ReturnType<typeof phinRequest>[] }> {
  const client = demo.clinical();
  const { patientId } = await preparePatient(client, freshPatientId(), {
    consents: [{ scope: 'PHIN_IDENTIFIERS', status: 'DECLINED' }],
  });
  const lines = Array.from({ length: episodes }, () => {
    const { requestId: _omitted, ...line } = phinRequest(patientId, freshId('EP'));
    return line as ReturnType<typeof phinRequest>;
  });
  const path = join(dir, 'month.ndjson');
  writeFileSync(path, lines.map((line) => JSON.stringify(line)).join('\n'));
  return { path, lines };
}

describe('gatekeeper phin submit', () => {
  it.each(['before', 'after'] as const)(
    'resumes after an interruption %s the server answered batch 2, without duplicates',
    async (when) => {
      // Prepare
      const dir = mkdtempSync(join(tmpdir(), 'phin-cli-'));
      const { lines } = await monthFile(dir, 7);
      const args = [
        'submit',
        '--input',
        'month.ndjson',
        '--period',
        '2026-11',
        '--batch-size',
        '3',
        '--out',
        'released.ndjson',
        '--summary',
        'summary.json',
      ];

      // Act
      const interrupted = await cli(args, dir, interruptingFetch(1, when));
      const state = JSON.parse(readFileSync(join(dir, '.local/phin/month.state.json'), 'utf8')) as {
        completed: number[];
      };
      const resumed = await cli(args, dir);

      // Assess
      expect(interrupted.code).toBe(3);
      expect(interrupted.err.join('\n')).toContain('batch 2 was not answered');
      expect(state.completed).toEqual([0]);
      expect(resumed.code, resumed.err.join('\n')).toBe(0);
      const released = readFileSync(join(dir, 'released.ndjson'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { episode: { episodeKey: string } });
      expect(released).toHaveLength(7);
      expect(new Set(released.map((p) => p.episode.episodeKey)).size).toBe(7);
      expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'))).toMatchObject({
        episodes: 7,
        redacted: 7,
        denied: 0,
        invalid: 0,
        failed: 0,
      });
      const origin = (
        await demo.clinical().request<{ receipt: { origin: string } }>('POST', '/v1/disclosures', {
          ...lines[0]!,
          requestId: `phin-2026-11-${lines[0]!.episode.id}`,
        })
      ).body.receipt.origin;
      for (const line of lines)
        expect(await decisionEntries(origin, line.patientId, `phin-2026-11-${line.episode.id}`)).toHaveLength(1);
    },
  );

  it('reads the documented CSV mapping and counts denials by reason', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'phin-csv-'));
    const { patientId } = await preparePatient(demo.clinical(), freshPatientId());
    const header =
      'patientId,episodeId,episodeType,funding,nhsNumber,dateOfBirth,sex,postcode,admissionDate,dischargeDate,diagnoses,procedures';
    const rows = [
      `${patientId},${freshId('EP')},APC_DAYCASE,SELF_PAY,9990000018,1964-08-23,F,SW1A 1AA,2026-03-01,2026-03-03,M16.1;I10X,W37.1@2026-03-01`,
      `${patientId},${freshId('EP')},APC_INPATIENT,NHS_FUNDED,9990000018,1964-08-23,F,SW1A 1AA,2026-03-05,2026-03-07,M16.1,`,
    ];
    writeFileSync(join(dir, 'nov.csv'), [header, ...rows].join('\r\n'));

    // Act
    const run = await cli(['submit', '--input', 'nov.csv', '--summary', 'summary.json'], dir);

    // Assess
    expect(run.code, run.err.join('\n')).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'))).toMatchObject({
      episodes: 2,
      redacted: 1,
      denied: 1,
      reasons: { DENY_OUT_OF_SCOPE_PHIN_NHS_FUNDED: 1 },
    });
    const [released] = readFileSync(join(dir, 'nov.released.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, Record<string, unknown>>);
    expect(released!['patient']).toMatchObject({ ageBand: '60-64', postcode: 'SW1A 1' });
    expect(released!['clinical']).toEqual({
      diagnoses: [{ code: 'M16.1' }, { code: 'I10X' }],
      procedures: [{ code: 'W37.1', date: '2026-03-01' }],
    });
  });
});

describe('gatekeeper phin resolve', () => {
  it('prints the episode id behind an episodeKey; a date range is refused as unsupported', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'phin-resolve-'));
    const { patientId } = await preparePatient(demo.clinical(), freshPatientId());
    const episodeId = freshId('EP');
    const answer = await demo
      .clinical()
      .request<{ payload: { episode: { episodeKey: string } } }>(
        'POST',
        '/v1/disclosures',
        phinRequest(patientId, episodeId),
      );
    const episodeKey = answer.body.payload.episode.episodeKey;
    writeFileSync(join(dir, 'ids.txt'), [freshId('EP'), episodeId, freshId('EP')].join('\n'));

    // Act
    const run = await cli(['resolve', '--episode-key', episodeKey, '--episodes', 'ids.txt'], dir);
    const range = await cli(
      ['resolve', '--episode-key', episodeKey, '--from', '2026-11-01', '--to', '2026-11-30'],
      dir,
    );

    // Assess
    expect([run.code, run.out]).toEqual([0, [`${episodeKey}\t${episodeId}`]]);
    expect(range.code).toBe(2);
  });
});
