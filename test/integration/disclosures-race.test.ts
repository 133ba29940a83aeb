/**
 * api.md §4.2 ordering: once a consent's withdrawal is logged, no later-logged decision may rely on
 * it. Disclosures relying on a consent race its withdrawal over HTTP; then the patient's log is read
 * back and checked with the verifier's log-promise check (audit.md §8 item 4, shared/audit/log-promises.ts)
 * and with a direct index comparison. Each race runs twice: on DynamoDB Local as it is, and with the
 * isolation model reading every records Query one item at a time, as real DynamoDB may (read-committed
 * per item, not isolated from the withdrawal's transaction).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogPromises } from '../../shared/audit/log-promises.ts';
import { parseEntryBytes } from '../../shared/audit/entry-schema.ts';
import type { GatekeeperClient } from '../../shared/client/index.ts';
import { decisionAnswerSchema, type DecisionAnswerBody } from '../../shared/schemas/responses.ts';
import { isolation } from '../support/isolation.ts';
import {
  addConsent,
  INSURER_CLAIM,
  logEntries,
  preparePatient,
  requestFor,
  withdrawConsent,
} from '../support/scenarios.ts';
import { demo, freshPatientId } from '../support/stack.ts';

const CLAIM = INSURER_CLAIM;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function disclose(client: GatekeeperClient, patientId: string, delayMs: number): Promise<DecisionAnswerBody> {
  await pause(delayMs);
  const response = await client.request('POST', '/v1/disclosures', requestFor(patientId, CLAIM));
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return decisionAnswerSchema.parse(response.body);
}

async function withdraw(
  client: GatekeeperClient,
  patientId: string,
  consentId: string,
  delayMs: number,
): Promise<number> {
  await pause(delayMs);
  const response = await withdrawConsent(client, patientId, consentId);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return (response.body as { receipt: { index: number } }).receipt.index;
}

/** Every violation of the ordering promise in one log, by the verifier's check and by index comparison. */
async function orderingViolations(
  origin: string,
  patientId: string,
): Promise<{ verifier: string[]; direct: string[]; decisions: number }> {
  const entries = await logEntries(origin);
  const promises = new LogPromises();
  const verifier: string[] = [];
  for (const { index, bytes } of entries) {
    // parseEntryBytes is the verifier's strict reading: every entry the services wrote must pass it.
    const failure = promises.check(parseEntryBytes(new TextEncoder().encode(bytes)), index);
    if (failure) verifier.push(`${failure.code}: ${failure.message}`);
  }
  const withdrawnAt = new Map<string, number>();
  const direct: string[] = [];
  let decisions = 0;
  for (const { index, entry } of entries) {
    const e = entry as {
      type: string;
      patient?: { ref: string };
      record?: { consentId: string };
      decision?: { outcome: string; basis?: { source: string; recordId?: string } };
    };
    if (e.patient?.ref !== patientId) continue;
    if (e.type === 'record.consent.withdrawn') withdrawnAt.set(e.record!.consentId, index);
    if (e.type !== 'disclosure.decision') continue;
    decisions += 1;
    const { outcome, basis } = e.decision!;
    if (outcome.startsWith('ALLOW') && basis?.source === 'PATIENT_CONSENT' && withdrawnAt.has(basis.recordId!)) {
      direct.push(
        `${outcome} at ${index} relies on ${basis.recordId} withdrawn at ${withdrawnAt.get(basis.recordId!)}`,
      );
    }
  }
  return { verifier, direct, decisions };
}

describe.each([
  { reads: 'DynamoDB Local Queries', itemByItem: false },
  { reads: 'read-committed Queries (isolation model)', itemByItem: true },
])('consent withdrawal racing disclosures (api.md §4.2), $reads', ({ itemByItem }) => {
  // Items up to 5 ms apart: against a store without the snapshot check, a withdrawal landed mid-read
  // and an ALLOW was logged after it in one of two runs; the deterministic cases are records-isolation.test.ts.
  beforeAll(() => isolation.itemByItem(itemByItem, 5));
  afterAll(() => isolation.reset());

  it('20 pairs {disclose relying on a fresh consent C, withdraw C}: nothing logged after the withdrawal relies on C', async () => {
    // Prepare
    const client = demo.clinical();
    const { patientId } = await preparePatient(client, freshPatientId('RACE'));
    const outcomes: Array<{ answer: DecisionAnswerBody; consentId: string; withdrawnAt: number }> = [];

    // Act: each pair fires both requests together, with jitter so either may win.
    for (let pair = 0; pair < 20; pair += 1) {
      const consentId = await addConsent(client, patientId, 'INSURER_CLAIM');
      const [answer, withdrawnAt] = await Promise.all([
        disclose(client, patientId, pair % 3),
        withdraw(client, patientId, consentId, (pair * 7) % 4),
      ]);
      outcomes.push({ answer, consentId, withdrawnAt });
    }
    const violations = await orderingViolations(outcomes[0]!.answer.receipt.origin, patientId);

    // Assess
    for (const { answer, consentId, withdrawnAt } of outcomes) {
      if (answer.decision.startsWith('ALLOW')) {
        expect(answer.basis?.recordId).toBe(consentId);
        expect(answer.receipt.index).toBeLessThan(withdrawnAt);
      } else {
        expect(answer.reasonCodes[0]).toBe('DENY_CONSENT_WITHDRAWN');
        expect(answer.receipt.index).toBeGreaterThan(withdrawnAt);
      }
    }
    expect(violations).toEqual({ verifier: [], direct: [], decisions: 20 });
  }, 120_000);

  it('one consent, 12 disclosures racing one withdrawal: every ALLOW is logged before the withdrawal, every later one is denied', async () => {
    // Prepare
    const client = demo.clinical();
    const { patientId } = await preparePatient(client, freshPatientId('RACE'));
    const consentId = await addConsent(client, patientId, 'INSURER_CLAIM');

    // Act
    const [withdrawnAt, ...answers] = await Promise.all([
      withdraw(client, patientId, consentId, 15),
      ...Array.from({ length: 12 }, (_, i) => disclose(client, patientId, i * 3)),
    ]);
    const violations = await orderingViolations(answers[0]!.receipt.origin, patientId);

    // Assess
    for (const answer of answers) {
      const before = answer.receipt.index < withdrawnAt;
      expect([answer.decision, answer.reasonCodes[0]]).toEqual(
        before ? ['ALLOW_WITH_REDACTION', 'ALLOW_EXPLICIT_CONSENT'] : ['DENY', 'DENY_CONSENT_WITHDRAWN'],
      );
    }
    expect(violations).toEqual({ verifier: [], direct: [], decisions: 12 });
  }, 120_000);
});
