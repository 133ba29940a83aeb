/**
 * Erasing a Swedish patient over HTTP against the local stack (reviews.md §4, policy-se.md §2):
 * blocks, care relations, registerutdrag, the spärr check and employers leave the records, and the
 * next decision is DENY_PATIENT_ERASED.
 */
import { describe, expect, it } from 'vitest';
import { decisionAnswerSchema, patientRecordsSchema } from '../../shared/schemas/responses.ts';
import { demoSe, prepareSePatient } from '../support/se-http.ts';
import { SE_SCENARIOS, seRequest } from '../support/se-scenarios.ts';
import { freshId, freshPatientId } from '../support/stack.ts';

const S04 = SE_SCENARIOS.find((scenario) => scenario.id === 'S04')!;

describe('erasing a Swedish patient over HTTP', () => {
  it('leaves no Swedish record behind, and later decisions are DENY_PATIENT_ERASED', async () => {
    // Prepare: S04's records (block, care relation, spärr check, employer) and one registerutdrag
    const client = demoSe.clinical();
    const patientId = freshPatientId('PN');
    await prepareSePatient(client, patientId, S04.records);
    await client.request('POST', `/v1/patients/${patientId}/registerutdrag`, {
      utdragId: freshId('utdrag'),
      requestedAt: new Date().toISOString(),
      form: 'E_ID',
      recordedBy: 'staff-1',
    });

    // Act
    const erased = await client.request('POST', `/v1/patients/${patientId}/erase`, {
      requestId: freshId('req'),
      at: new Date().toISOString(),
      recordedBy: 'dpo-1',
      grounds: 'NO_LONGER_NECESSARY',
    });
    const records = await client.request('GET', `/v1/patients/${patientId}/records`);
    const decided = await client.request('POST', '/v1/disclosures', seRequest(S04, patientId, freshId('req')));

    // Assess
    expect(erased.status).toBe(200);
    // The UK shape, strictly: no Swedish member is left to show.
    expect(patientRecordsSchema.parse(records.body)).toMatchObject({ identifiers: [], consents: [] });
    expect(decisionAnswerSchema.parse(decided.body)).toMatchObject({
      decision: 'DENY',
      reasonCodes: ['DENY_PATIENT_ERASED'],
    });
  });
});
