/**
 * Issue 15 over HTTP: the authorisation is signed while the audit transaction is in flight, for the
 * receipt the append queue planned. Under concurrency on one log, from two gatekeeper processes
 * (the stack's and a second set of handlers in this process, each with its own queue and cached
 * heads, so groups lose the head and are planned again), every ALLOW's authorisation must still
 * verify with jose against the published JWKS and bind exactly the receipt its answer carries,
 * and that receipt must name the entry the log holds at its index.
 */
import { createHash } from 'node:crypto';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { patientLogIndex } from '../../shared/audit/entry.ts';
import type { GatekeeperClient } from '../../shared/client/index.ts';
import { decisionAnswerSchema } from '../../shared/schemas/responses.ts';
import { startFreshGatekeeper } from '../support/fresh-gatekeeper.ts';
import { logEntries, preparePatient, requestFor } from '../support/scenarios.ts';
import { demo, freshPatientId, stack } from '../support/stack.ts';

const CONCURRENT = 32;
/** The demo org's patient logs (demo seed). */
const DEMO_PATIENT_LOGS = 8;

let second: Awaited<ReturnType<typeof startFreshGatekeeper>>;

beforeAll(async () => {
  vi.resetModules();
  second = await startFreshGatekeeper();
});
afterAll(() => second.close());

/** Fresh patients whose entries all go to one patient log. */
function patientsOnOneLog(count: number): string[] {
  const wanted = patientLogIndex('demo', freshPatientId(), DEMO_PATIENT_LOGS);
  const patients: string[] = [];
  while (patients.length < count) {
    const patientId = freshPatientId();
    if (patientLogIndex('demo', patientId, DEMO_PATIENT_LOGS) === wanted) patients.push(patientId);
  }
  return patients;
}

async function disclose(client: GatekeeperClient, patientId: string) {
  const response = await client.request('POST', '/v1/disclosures', requestFor(patientId));
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return decisionAnswerSchema.parse(response.body);
}

const leafHashOf = (bytes: string) =>
  createHash('sha256')
    .update(Buffer.concat([Buffer.from([0]), Buffer.from(bytes, 'utf8')]))
    .digest('base64');

describe('authorisations signed while the audit transaction is in flight', () => {
  it(`bind the committed receipt of each of ${CONCURRENT} concurrent ALLOWs on one log, from two processes`, async () => {
    // Prepare
    const clients = [demo.clinical(), second.client('demo-clinical')];
    const patients = patientsOnOneLog(CONCURRENT);
    await Promise.all(patients.map((patientId) => preparePatient(clients[0]!, patientId)));
    const jwks = createLocalJWKSet(
      (await (await fetch(`${stack().url}/.well-known/jwks.json`)).json()) as JSONWebKeySet,
    );

    // Act
    const answers = await Promise.all(patients.map((patientId, i) => disclose(clients[i % 2]!, patientId)));

    // Assess
    const origins = new Set(answers.map((answer) => answer.receipt.origin));
    expect(origins.size).toBe(1);
    const logged = new Map((await logEntries([...origins][0]!)).map((entry) => [entry.index, entry]));
    for (const answer of answers) {
      const { payload } = await jwtVerify(answer.authorisation!, jwks, {
        typ: 'gk-authz+jwt',
        algorithms: ['ES256'],
        audience: 'gp-riverside',
      });
      expect(payload['rcpt']).toEqual(answer.receipt);
      expect(payload.sub).toBe(answer.receipt.entryId);
      const entry = logged.get(answer.receipt.index)!;
      expect([entry.entry['id'], leafHashOf(entry.bytes)]).toEqual([answer.receipt.entryId, answer.receipt.leafHash]);
    }
    expect(new Set(answers.map((answer) => answer.receipt.index)).size).toBe(CONCURRENT);
  });
});
