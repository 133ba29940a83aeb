/**
 * Issue 5: a month's PHIN submission end to end. Episodes go through the same submission code as
 * `gatekeeper phin submit` (shared/phin/submit.ts) in batches of 500 to POST /v1/disclosures/batch
 * on the local stack: signed, decided, pseudonymised in KMS, audited one by one. Reports wall time,
 * episodes per second, and KMS GenerateMac calls per distinct identifier (the batch de-duplicates
 * before calling KMS; 1.00 means no identifier was sent to KMS twice). Next to it, in the same run,
 * the floor issue 15 reads it against: as many raw conditional PutItem of an audit entry item into
 * a table of the same schema, at the concurrency the batch decides items with. And what one episode
 * costs in DynamoDB and KMS calls, counted, so the figure does not depend on machine load.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDocumentClient } from '../shared/adapters/dynamodb/client.ts';
import { submitEpisodes } from '../shared/phin/submit.ts';
import { BATCH_CONCURRENCY } from '../functions/disclosures/batch.ts';
import { putRawEntry } from './audit.ts';
import { phinCallFloor, storedAnswer, type CallFloor } from './phin-floor.ts';
import { DEMO_PATIENT_LOGS } from '../infra/local/seed.ts';
import { ENV } from '../shared/config/environment.ts';
import { byMode, type Suite, type SuiteContext } from './lib/context.ts';
import { countSdkCalls, type CallCounter } from './lib/sdk-calls.ts';
import { fmt, measureConcurrent, nowMs, perSecond } from './lib/stats.ts';
import type { Table } from './lib/table.ts';

const EPISODES_PER_PATIENT = 4;
const BATCH_SIZE = 500;
/** Episodes the raw call floors are measured over (at most the submission's). */
const CALL_FLOOR_EPISODES = 2_000;

export const phinSuite: Suite = {
  name: 'phin',
  summary: 'a PHIN submission end to end (batches of 500): time, episodes/s, KMS calls per distinct identifier',
  async run(context) {
    const episodes = byMode(context.mode, { full: 10_000, quick: 1_000, tiny: 40 });
    const run = `b${Date.now().toString(36)}`;
    const requests = Array.from({ length: episodes }, (_, i) => phinEpisode(run, i));
    await context.stack();
    const client = await context.client('demo-clinical');
    // The handlers run in this process (loaded by the stack, with its environment), so this is the
    // very pseudonymiser the disclosures function calls KMS through.
    const { pseudonymiser } = (await import('../functions/disclosures/handler.ts')).dependencies;
    const callsBefore = pseudonymiser.macCalls;
    context.progress(`phin: submitting ${episodes} episodes in batches of ${BATCH_SIZE}`);
    const counter = countSdkCalls();
    const started = nowMs();
    const results = await submitEpisodes({
      episodes: requests,
      inputDigest: run,
      batchSize: BATCH_SIZE,
      statePath: join(mkdtempSync(join(tmpdir(), 'gk-bench-phin-')), 'state.json'),
      send: async (batch) => {
        const response = await client.request('POST', '/v1/disclosures/batch', { requests: batch });
        return { status: response.status, body: response.body };
      },
      progress: (done, total) => context.progress(`phin: batch ${done}/${total}`),
    });
    const wallMs = nowMs() - started;
    counter.stop();
    const floor = await rawPutFloor(context, episodes);
    const kmsCalls = pseudonymiser.macCalls - callsBefore;
    const patients = Math.ceil(episodes / EPISODES_PER_PATIENT);
    // PHIN local id and AUDIT patient key per patient, PHIN episode key per episode.
    const distinct = 2 * patients + episodes;
    // A rate, so a sample of the submission's size suffices: at 10^4 raw transactions one transaction
    // per episode alone would take minutes of the shared machine.
    const floorEpisodes = Math.min(episodes, CALL_FLOOR_EPISODES);
    const calls = await phinCallFloor(context, {
      episodes: floorEpisodes,
      distinctIdentifiers: 2 * Math.ceil(floorEpisodes / EPISODES_PER_PATIENT) + floorEpisodes,
      concurrency: BATCH_CONCURRENCY,
      answer: await storedAnswer(context, String(requests[0]!['requestId'])),
    });
    const released = results.filter(
      (r) => r.status === 200 && (r.decision === 'ALLOW' || r.decision === 'ALLOW_WITH_REDACTION'),
    ).length;
    return [
      {
        title: 'phin · submission end to end',
        columns: [
          'episodes',
          'batches',
          'released',
          'wall s',
          'episodes/s',
          'KMS GenerateMac calls',
          'distinct identifiers',
          'calls per distinct identifier',
          'raw conditional PutItem/s',
          'episodes/s ÷ PutItem/s',
        ],
        rows: [
          [
            String(episodes),
            String(Math.ceil(episodes / BATCH_SIZE)),
            String(released),
            fmt(wallMs / 1000),
            fmt((episodes / wallMs) * 1000),
            String(kmsCalls),
            String(distinct),
            fmt(kmsCalls / distinct),
            fmt(floor),
            `${fmt(((episodes / wallMs) * 1000 * 100) / floor)}%`,
          ],
        ],
        note: `${patients} patients × ${EPISODES_PER_PATIENT} episodes, SELF_PAY day cases with no PHIN_IDENTIFIERS consent (NHS number dropped, DOB → age band, postcode → sector, local id and episode pseudonymised); every episode decided and audited on its own. The floor, in the same run after the submission: as many raw conditional PutItem of a decision entry item (about 1 KB, the audit table's schema with its search indexes) at the batch's concurrency (${BATCH_CONCURRENCY}) over as many logs as the org has (${DEMO_PATIENT_LOGS}), one round trip each.`,
      },
      floorsTable({ episodes, wallMs, putPerSecond: floor, calls }),
      callsTable(counter, episodes),
    ];
  },
};

function phinEpisode(run: string, i: number): Record<string, unknown> {
  const patientId = `${run}-P${Math.floor(i / EPISODES_PER_PATIENT)}`;
  const episodeId = `${run}-EP${i}`;
  return {
    requestId: `phin-bench-${episodeId}`,
    patientId,
    recipientId: 'phin',
    purpose: 'STATUTORY_REPORTING',
    jurisdiction: 'UK-ENG',
    episode: { id: episodeId, type: 'APC_DAYCASE', funding: 'SELF_PAY' },
    patientContext: { capacity: 'HAS' },
    payload: {
      patient: {
        localId: patientId,
        nhsNumber: '9990000018',
        dateOfBirth: '1964-08-23',
        sex: 'F',
        postcode: 'SW1A 1AA',
        name: { given: 'Ann', family: 'Example' },
      },
      episode: {
        admissionDate: '2026-10-01',
        dischargeDate: '2026-10-02',
        siteOdsCode: 'NT401',
        consultantGmc: '1234567',
      },
      clinical: {
        diagnoses: [{ code: 'M16.1', description: 'Osteoarthritis of hip' }],
        procedures: [{ code: 'W37.1', date: '2026-10-01', description: 'Hip replacement' }],
      },
      narrative: { notes: 'free text never released to PHIN' },
    },
  };
}

/** Raw conditional PutItem per second, `total` of them at the batch's own concurrency. */
async function rawPutFloor(context: SuiteContext, total: number): Promise<number> {
  const tables = await context.benchTables('gk-bench');
  const run = `bench.local/phin-floor-${Date.now().toString(36)}`;
  context.progress(`phin: ${total} raw conditional PutItem, ${BATCH_CONCURRENCY} workers`);
  const doc = createDocumentClient();
  try {
    const result = await measureConcurrent({ total, concurrency: BATCH_CONCURRENCY, maxMs: 300_000 }, (index) =>
      // Spread over as many logs as the demo org's patients are (its entries land in as many
      // partitions): one partition of 10^4 items slows DynamoDB Local down by itself.
      putRawEntry(doc, tables[ENV.tableAudit]!, `${run}/p${index % DEMO_PATIENT_LOGS}`, index),
    );
    return perSecond(result.samples.length, result.wallMs);
  } finally {
    doc.destroy();
  }
}

/** The submission's rate next to each floor of the same run, and the share of it reached. */
function floorsTable(run: { episodes: number; wallMs: number; putPerSecond: number; calls: CallFloor }): Table {
  const rate = (run.episodes / run.wallMs) * 1000;
  const row = (what: string, perSecond: number) => [what, fmt(perSecond), `${fmt((rate * 100) / perSecond)}%`];
  const { calls } = run;
  return {
    title: 'phin · the submission next to its floors (same run)',
    columns: ['what', 'episodes/s', 'submission ÷ this'],
    rows: [
      [`submission end to end (${run.episodes} episodes)`, fmt(rate), '100%'],
      row('floor: one raw conditional PutItem per episode (the goal row)', run.putPerSecond),
      row('floor: the calls an episode cannot avoid, raw, one transaction each', calls.perSecond),
      row(`floor: the same, ${BATCH_CONCURRENCY} episodes (patients) per transaction`, calls.groupedPerSecond),
      [
        `· their parts: GenerateMac ${fmt(calls.macWallMs / 1000)} s; transactions ∥ Sign ${fmt(calls.episodeWallMs / 1000)} s alone, ${fmt(calls.groupedWallMs / 1000)} s grouped`,
        '–',
        '–',
      ],
    ],
    note: `Every floor at the batch's concurrency (${BATCH_CONCURRENCY}), in this run right after the submission; the raw call floors over at most ${CALL_FLOOR_EPISODES} episodes (a rate). "The calls an episode cannot avoid": one KMS GenerateMac per distinct identifier of those episodes (as the batch's warm-up makes them), then per episode one TransactWriteItems of the five items a release writes (log head under its size condition, a ~1 KB entry, one tree node, the patient's records META release mark, a stored answer the size of the submission's) started together with one KMS Sign of a 512-byte input on the local KMS, each worker on its own log; no decision, no HTTP. Then the same items with the batch's ${BATCH_CONCURRENCY} concurrent episodes (of as many patients) in one transaction per group on one log, their ${BATCH_CONCURRENCY} signatures alongside: the most grouping the batch's concurrency allows.`,
  };
}

function callsTable(counter: CallCounter, episodes: number): Table {
  const rows = [...counter.counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([what, count]) => [what, String(count), fmt(count / episodes)]);
  const total = [...counter.counts.values()].reduce((sum, count) => sum + count, 0);
  rows.push(['all calls', String(total), fmt(total / episodes)]);
  return {
    title: 'phin · DynamoDB and KMS calls during the submission',
    columns: ['call', 'count', 'per episode'],
    rows,
    note: 'Every call the handlers (and nothing else) made while the submission ran, by SDK command and table: the signed request checks per batch, the reads, audit transactions and signatures per episode. Counts do not depend on machine load.',
  };
}
