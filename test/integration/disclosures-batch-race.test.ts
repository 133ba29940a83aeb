/**
 * Issue 15: a batch reads each patient's records once for all its items about that patient, and
 * each recipient once. Each item is still decided against its own recipient; and a
 * withdrawal landing while the batch runs must still stop every item logged after it (api.md §4.2):
 * items planned on the batch's snapshot lose their records check and are decided again on the new
 * records. The batch races the withdrawal over HTTP; the patient's log is then read back and
 * checked with the verifier's log-promise check and a direct index comparison.
 */
import { describe, expect, it } from 'vitest';
import { LogPromises } from '../../shared/audit/log-promises.ts';
import { parseEntryBytes } from '../../shared/audit/entry-schema.ts';
import {
  addConsent,
  decisionEntries,
  INSURER_CLAIM,
  logEntries,
  preparePatient,
  requestFor,
  withdrawConsent,
} from '../support/scenarios.ts';
import { demo, freshId, freshPatientId } from '../support/stack.ts';
import { phinRequest } from '../unit/phin/fixtures.ts';

const CLAIM = INSURER_CLAIM;

interface BatchItem {
  readonly status: number;
  readonly problem?: { readonly code: string };
  readonly decision?: string;
  readonly reasonCodes?: readonly string[];
  readonly receipt?: { origin: string; index: number };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a batch about one patient racing a consent withdrawal', () => {
  it('logs every ALLOW before the withdrawal and denies every item logged after it', async () => {
    // Prepare
    const client = demo.clinical();
    const { patientId } = await preparePatient(client, freshPatientId('BRACE'));
    const consentId = await addConsent(client, patientId, 'INSURER_CLAIM');
    const requests = Array.from({ length: 40 }, () => requestFor(patientId, CLAIM));

    // Act: the withdrawal is sent while the batch is being decided
    const [batch, withdrawal] = await Promise.all([
      client.request<{ results: BatchItem[] }>('POST', '/v1/disclosures/batch', { requests }),
      pause(40).then(() => withdrawConsent(client, patientId, consentId)),
    ]);
    const withdrawnAt = (withdrawal.body as { receipt: { index: number } }).receipt.index;
    const results = batch.body.results;
    const entries = await logEntries(results[0]!.receipt!.origin);

    // Assess: each answer agrees with where it was logged, and the log keeps the ordering promise
    expect([batch.status, withdrawal.status]).toEqual([200, 200]);
    for (const result of results) {
      expect(result.status).toBe(200);
      const before = result.receipt!.index < withdrawnAt;
      expect([result.decision, result.reasonCodes![0]]).toEqual(
        before ? ['ALLOW_WITH_REDACTION', 'ALLOW_EXPLICIT_CONSENT'] : ['DENY', 'DENY_CONSENT_WITHDRAWN'],
      );
    }
    const promises = new LogPromises();
    const broken = entries.flatMap(({ index, bytes }) => {
      const failure = promises.check(parseEntryBytes(new TextEncoder().encode(bytes)), index);
      return failure ? [`${failure.code}: ${failure.message}`] : [];
    });
    expect(broken).toEqual([]);
  }, 120_000);
});

describe('a batch naming several recipients, read once each', () => {
  it('decides every item against its own recipient, a known one or not', async () => {
    // Prepare
    const client = demo.clinical();
    const { patientId } = await preparePatient(client, freshPatientId('BRCP'));
    const phin = () => phinRequest(patientId, freshId('EP'));
    const gp = () => requestFor(patientId, { recipientId: 'gp-riverside', purpose: 'DIRECT_CARE' });
    const unknown = () => requestFor(patientId, { ...CLAIM, recipientId: 'nobody-known' });
    const requests = [phin(), gp(), unknown(), phin(), unknown(), gp()];

    // Act
    const batch = await client.request<{ results: BatchItem[] }>('POST', '/v1/disclosures/batch', { requests });

    // Assess
    expect(batch.status).toBe(200);
    const outcome = (recipientId: string) =>
      recipientId === 'nobody-known' ? ['DENY', 'DENY_UNKNOWN_RECIPIENT'] : ['ALLOW_WITH_REDACTION'];
    expect(batch.body.results.map((r) => [r.decision, ...(r.decision === 'DENY' ? [r.reasonCodes![0]] : [])])).toEqual(
      requests.map((r) => outcome(r.recipientId)),
    );
  });
});

describe('a batch whose stored answers are looked up in one read', () => {
  it('answers a requestId repeated in the batch once, and refuses it with another body', async () => {
    // Prepare
    const client = demo.clinical();
    const { patientId } = await preparePatient(client, freshPatientId('BDUP'));
    const first = phinRequest(patientId, freshId('EP'));
    const changed = { ...first, episode: { ...first.episode, id: freshId('EP') } };
    const other = phinRequest(patientId, freshId('EP'));

    // Act
    const once = await client.request<{ results: BatchItem[] }>('POST', '/v1/disclosures/batch', {
      requests: [first, first, other],
    });
    const retried = await client.request<{ results: BatchItem[] }>('POST', '/v1/disclosures/batch', {
      requests: [other, changed],
    });

    // Assess: one decision logged per requestId; the retry is answered from the stored answers
    expect(once.body.results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(once.body.results[1]!.receipt).toEqual(once.body.results[0]!.receipt);
    expect(retried.body.results[0]!.receipt).toEqual(once.body.results[2]!.receipt);
    expect([retried.body.results[1]!.status, retried.body.results[1]!.problem?.code]).toEqual([
      409,
      'idempotency_conflict',
    ]);
    const { origin } = once.body.results[0]!.receipt!;
    expect(await decisionEntries(origin, patientId, first.requestId)).toHaveLength(1);
    expect(await decisionEntries(origin, patientId, other.requestId)).toHaveLength(1);
  });
});
