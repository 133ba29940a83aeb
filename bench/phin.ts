/**
 * Issue 5: a month's PHIN submission end to end. Episodes go through the same submission code as
 * `gatekeeper phin submit` (shared/phin/submit.ts) in batches of 500 to POST /v1/disclosures/batch
 * on the local stack: signed, decided, pseudonymised in KMS, audited one by one. Reports wall time,
 * episodes per second, and KMS GenerateMac calls per distinct identifier (the batch de-duplicates
 * before calling KMS; 1.00 means no identifier was sent to KMS twice).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { submitEpisodes } from '../shared/phin/submit.ts';
import { byMode, type Suite } from './lib/context.ts';
import { fmt, nowMs } from './lib/stats.ts';

const EPISODES_PER_PATIENT = 4;
const BATCH_SIZE = 500;

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
    const kmsCalls = pseudonymiser.macCalls - callsBefore;
    const patients = Math.ceil(episodes / EPISODES_PER_PATIENT);
    // PHIN local id and AUDIT patient key per patient, PHIN episode key per episode.
    const distinct = 2 * patients + episodes;
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
          ],
        ],
        note: `${patients} patients × ${EPISODES_PER_PATIENT} episodes, SELF_PAY day cases with no PHIN_IDENTIFIERS consent (NHS number dropped, DOB → age band, postcode → sector, local id and episode pseudonymised); every episode decided and audited on its own.`,
      },
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
