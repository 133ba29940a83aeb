/**
 * A TransactWriteItems that commits but answers an error (a timeout, a lost connection, an
 * InternalServerError after the write was applied) is indistinguishable, for the caller, from one
 * that failed. The isolation model applies the chosen transaction and loses its answer (and the
 * answers of the SDK's retries with the same ClientRequestToken). Nothing may be lost or doubled:
 * the audit log asks the store whether the transaction landed and answers with its receipt, and a
 * retry with the same id gets the same stored answer and receipt, with exactly one entry in the
 * log. (When even that question cannot be answered the caller gets 503 and the same retry applies:
 * test/unit/audit-log/ambiguous-commit.test.ts and the records service's unit tests.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { decisionAnswerSchema } from '../../shared/schemas/responses.ts';
import { isolation } from '../support/isolation.ts';
import { decisionEntries, INSURER_CLAIM, logEntries, preparePatient, requestFor } from '../support/scenarios.ts';
import { demo, freshId, freshPatientId } from '../support/stack.ts';

const CLAIM = INSURER_CLAIM;

afterEach(() => isolation.reset());

type Receipted = { receipt: { origin: string; index: number; entryId: string } };

describe('a transaction that committed but answered an error', () => {
  it.each(['internal-error', 'connection-lost'] as const)(
    'disclosure (%s): answered from the log, and the retry with the same requestId returns the logged decision and its receipt; one entry',
    async (how) => {
      // Prepare
      const client = demo.clinical();
      const { patientId } = await preparePatient(client, freshPatientId('CTE'), {
        consents: [{ scope: 'INSURER_CLAIM' }],
      });
      const request = requestFor(patientId, CLAIM);
      const failure = await isolation.failAfterCommit(request.requestId, how);

      // Act
      const first = await client.request('POST', '/v1/disclosures', request);
      const retry = await client.request('POST', '/v1/disclosures', request);

      // Assess
      expect(await failure.fired()).toBe(true);
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      expect(retry.status, JSON.stringify(retry.body)).toBe(200);
      const answer = decisionAnswerSchema.parse(retry.body);
      expect(decisionAnswerSchema.parse(first.body).receipt).toEqual(answer.receipt);
      expect(answer.decision).toBe('ALLOW_WITH_REDACTION');
      const logged = await decisionEntries(answer.receipt.origin, patientId, request.requestId);
      expect(logged.map(({ index, entry }) => [index, entry.decision.outcome])).toEqual([
        [answer.receipt.index, 'ALLOW_WITH_REDACTION'],
      ]);
    },
  );

  it('consent: answered from the log, and the retry with the same consentId returns the stored receipt; one entry', async () => {
    // Prepare
    const client = demo.clinical();
    const { patientId } = await preparePatient(client, freshPatientId('CTE'));
    const consentId = freshId('cons');
    const body = {
      consentId,
      scope: 'INSURER_CLAIM',
      status: 'GIVEN',
      form: 'WRITTEN',
      evidenceRef: 'scan-1',
      capturedBy: 'staff-1',
      at: new Date().toISOString(),
    };
    const failure = await isolation.failAfterCommit(consentId);

    // Act
    const first = await client.request<Receipted>('POST', `/v1/patients/${patientId}/consents`, body);
    const retry = await client.request<Receipted>('POST', `/v1/patients/${patientId}/consents`, body);

    // Assess
    expect(await failure.fired()).toBe(true);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(retry.status, JSON.stringify(retry.body)).toBe(200);
    expect(first.body.receipt).toEqual(retry.body.receipt);
    const entries = (await logEntries(retry.body.receipt.origin)).filter(
      ({ entry }) => (entry['record'] as { consentId?: string } | undefined)?.consentId === consentId,
    );
    expect(entries.map(({ index, entry }) => [index, entry.type])).toEqual([
      [retry.body.receipt.index, 'record.consent.given'],
    ]);
  });

  it('consent withdrawal: answered from the log, and the retry returns the stored withdrawal receipt; one withdrawal entry', async () => {
    // Prepare
    const client = demo.clinical();
    const { patientId, consentIds } = await preparePatient(client, freshPatientId('CTE'), {
      consents: [{ scope: 'INSURER_CLAIM' }],
    });
    const consentId = consentIds.INSURER_CLAIM!;
    const body = { at: new Date().toISOString(), recordedBy: 'staff-1' };
    const failure = await isolation.failAfterCommit(consentId);

    // Act
    const first = await client.request('POST', `/v1/patients/${patientId}/consents/${consentId}/withdraw`, body);
    const retry = await client.request<Receipted>(
      'POST',
      `/v1/patients/${patientId}/consents/${consentId}/withdraw`,
      body,
    );

    // Assess
    expect(await failure.fired()).toBe(true);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(retry.status, JSON.stringify(retry.body)).toBe(200);
    expect((first.body as Receipted).receipt).toEqual(retry.body.receipt);
    const withdrawals = (await logEntries(retry.body.receipt.origin)).filter(
      ({ entry }) =>
        entry.type === 'record.consent.withdrawn' && (entry['record'] as { consentId: string }).consentId === consentId,
    );
    expect(withdrawals.map(({ index }) => index)).toEqual([retry.body.receipt.index]);
  });

  it.each([
    {
      write: 'registration',
      path: '',
      body: () => ({ identifiers: [{ system: 'NHS_NUMBER', value: '9990000018' }], registeredGpOds: 'Y05678' }),
      type: 'record.patient.registered',
    },
    {
      write: 'NDOP result',
      path: '/ndop',
      body: () => ({ status: 'OPTED_OUT', checkedAt: new Date().toISOString() }),
      type: 'record.ndop.checked',
    },
  ])(
    '$write: answered from the log, and the identical retry returns the stored receipt; one entry',
    async ({ path, body, type }) => {
      // Prepare
      const client = demo.clinical();
      const { patientId } = await preparePatient(client, freshPatientId('CTE'));
      const sent = body();
      const failure = await isolation.failAfterCommit(patientId);

      // Act
      const first = await client.request('PUT', `/v1/patients/${patientId}${path}`, sent);
      const retry = await client.request<Receipted>('PUT', `/v1/patients/${patientId}${path}`, sent);

      // Assess
      expect(await failure.fired()).toBe(true);
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      expect(retry.status, JSON.stringify(retry.body)).toBe(200);
      expect((first.body as Receipted).receipt).toEqual(retry.body.receipt);
      const entries = (await logEntries(retry.body.receipt.origin)).filter(
        ({ entry }) => entry.type === type && (entry['patient'] as { ref: string }).ref === patientId,
      );
      expect(entries.map(({ index }) => index).slice(-1)).toEqual([retry.body.receipt.index]);
      expect(entries).toHaveLength(2); // the one preparePatient wrote, and the one of the write that failed
    },
  );
});
