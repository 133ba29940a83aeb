/**
 * policy-se.md §2 and §9 ordering (issue 14 item 3): a temporary lift (SE_SAMTYCKE_HAVNING) of an
 * inner block EXPIRES while SJF disclosures that rely on it are in flight, several at once, sent
 * continuously across the expiry instant. A decision logged before `expiresAt` lifts the block;
 * one logged at or after it does not (the block's unit is withheld again); every request has
 * exactly one decision entry; and the log holds to the verifier's promises, which catch the same
 * release forged to a time once the lift expired.
 */
import { describe, expect, it } from 'vitest';
import type { AuditEntry, DecisionEntry } from '../../shared/audit/entry.ts';
import { LogPromises } from '../../shared/audit/log-promises.ts';
import type { GatekeeperClient } from '../../shared/client/index.ts';
import { decisionAnswerSchema, type DecisionAnswerBody } from '../../shared/schemas/responses.ts';
import { logEntries } from '../support/scenarios.ts';
import { demoSe, prepareSePatient } from '../support/se-http.ts';
import { HUD2, SE_SCENARIOS, seRequest } from '../support/se-scenarios.ts';
import { freshId, freshPatientId } from '../support/stack.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** S04: SJF with an inner block on HUD2; S05 is S04 plus the lift this test gives a short life. */
const S04 = SE_SCENARIOS.find((scenario) => scenario.id === 'S04')!;
/** How long the lift is in force after it is recorded: short for wall time, long enough for a first answer. */
const LIFT_MS = 3_000;
const WAVE_EVERY_MS = 400;
const PER_WAVE = 3;

async function giveShortLift(client: GatekeeperClient, patientId: string): Promise<{ id: string; expiresAt: string }> {
  const id = freshId('lift');
  const expiresAt = new Date(Date.now() + LIFT_MS).toISOString();
  const response = await client.request('POST', `/v1/patients/${patientId}/consents`, {
    consentId: id,
    scope: 'SE_SAMTYCKE_HAVNING',
    careUnitId: HUD2,
    status: 'GIVEN',
    form: 'WRITTEN',
    evidenceRef: 'blankett-2',
    capturedBy: 'staff-1',
    at: new Date(Date.now() - 60_000).toISOString(),
    expiresAt,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return { id, expiresAt };
}

async function disclose(client: GatekeeperClient, patientId: string, requestId: string): Promise<DecisionAnswerBody> {
  const response = await client.request('POST', '/v1/disclosures', seRequest(S04, patientId, requestId));
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return decisionAnswerSchema.parse(response.body);
}

/**
 * Waves of PER_WAVE disclosures every WAVE_EVERY_MS from now until a wave past `until`, so some are
 * in flight across it, then one more wave sent only then, so its answers are certainly decided after.
 */
async function disclosuresAcross(client: GatekeeperClient, patientId: string, until: number) {
  const sent: Array<Promise<{ requestId: string; answer: DecisionAnswerBody }>> = [];
  const wave = () => {
    for (let i = 0; i < PER_WAVE; i += 1) {
      const requestId = freshId('req');
      sent.push(disclose(client, patientId, requestId).then((answer) => ({ requestId, answer })));
    }
  };
  do {
    wave();
    await pause(WAVE_EVERY_MS);
  } while (Date.now() < until + WAVE_EVERY_MS);
  wave();
  return Promise.all(sent);
}

/** This patient's entries of the patient log, as the offline verifier reads them. */
async function patientEntries(origin: string, patientId: string): Promise<Array<{ index: number; entry: AuditEntry }>> {
  return (await logEntries(origin))
    .map(({ index, entry }) => ({ index, entry: entry as unknown as AuditEntry }))
    .filter(({ entry }) => 'patient' in entry && entry.patient.ref === patientId);
}

/** The log's own promises (audit.md §8.4) over these entries, as the offline verifier checks them. */
function promisesOver(entries: ReadonlyArray<{ index: number; entry: AuditEntry }>) {
  const promises = new LogPromises();
  return entries.map(({ index, entry }) => promises.check(entry, index)).filter((failure) => failure !== undefined);
}

describe('a temporary lift expiring while SJF disclosures are in flight (policy-se.md §2, §9)', () => {
  it('every release lifting the block is logged before expiresAt, every later one withholds HUD2; one entry each', async () => {
    // Prepare
    const client = demoSe.clinical();
    const patientId = freshPatientId('PN');
    await prepareSePatient(client, patientId, S04.records);
    const lift = await giveShortLift(client, patientId);
    const expiresAt = Date.parse(lift.expiresAt);

    // Act: continuously across the expiry; the last wave is sent well after it
    const answered = await disclosuresAcross(client, patientId, expiresAt);
    const entries = await patientEntries(answered[0]!.answer.receipt.origin, patientId);
    const decisions = entries.filter(
      (logged): logged is { index: number; entry: DecisionEntry } => logged.entry.type === 'disclosure.decision',
    );

    // Assess: none lost or duplicated, each answer's receipt names its own entry
    expect(decisions.map(({ entry }) => entry.request?.requestId).sort()).toEqual(
      answered.map(({ requestId }) => requestId).sort(),
    );
    const byIndex = new Map(decisions.map((logged) => [logged.index, logged.entry]));
    const judged = answered.map(({ requestId, answer }) => {
      const entry = byIndex.get(answer.receipt.index);
      expect(entry?.request?.requestId).toBe(requestId);
      return { answer, entry: entry!, before: Date.parse(entry!.time) < expiresAt };
    });
    // The first wave is answered long before expiry and the last sent after it: both sides are seen
    expect(judged[0]!.before).toBe(true);
    expect(judged.at(-1)!.before).toBe(false);
    for (const { answer, entry, before } of judged) {
      expect(answer.decision).toBe('ALLOW_WITH_REDACTION');
      expect(answer.reasonCodes[0]).toBe('ALLOW_EXPLICIT_CONSENT');
      expect(entry.decision.sparr?.lifted.map(({ by, recordId }) => [by, recordId])).toEqual(
        before ? [['SE_SAMTYCKE_HAVNING', lift.id]] : [],
      );
      expect(answer.reasonCodes.includes('SE_INRE_SPARR_LIFTED')).toBe(before);
      expect(answer.reasonCodes.includes('REDACT_SE_SPARRADE_UPPGIFTER')).toBe(!before);
      // diagnoses[1] originates in HUD2: released only while the lift is in force
      expect(JSON.stringify(answer.payload).includes('A63.0')).toBe(before);
    }
    expect(promisesOver(entries)).toEqual([]);
  }, 120_000);

  it('the same release forged to the lift’s expiry instant breaks the log promise: sparr_lift_violation', async () => {
    // Prepare
    const client = demoSe.clinical();
    const patientId = freshPatientId('PN');
    await prepareSePatient(client, patientId, S04.records);
    const lift = await giveShortLift(client, patientId);
    const answer = await disclose(client, patientId, freshId('req'));
    const entries = await patientEntries(answer.receipt.origin, patientId);

    // Act: the operator rewrites the release's time to the instant the lift expired
    const forged = entries.map((logged) =>
      logged.index === answer.receipt.index ? { ...logged, entry: { ...logged.entry, time: lift.expiresAt } } : logged,
    );

    // Assess
    expect(answer.reasonCodes).toContain('SE_INRE_SPARR_LIFTED');
    expect(promisesOver(entries)).toEqual([]);
    const failures = promisesOver(forged);
    expect(failures.map(({ code }) => code)).toEqual(['sparr_lift_violation']);
    expect(failures[0]?.message).toContain(`index ${answer.receipt.index}`);
    expect(failures[0]?.message).not.toContain(lift.id);
  }, 60_000);
});
