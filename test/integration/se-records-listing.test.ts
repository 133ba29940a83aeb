/**
 * GET …/records for a Swedish patient over HTTP against the local stack (policy-se.md §9): what
 * the spärr and relation gates read is what records staff see, in the UK listing's shape, and
 * nothing of it reaches another org's client.
 */
import { describe, expect, it } from 'vitest';
import { patientRecordsWithSwedishSchema } from '../../shared/schemas/se-responses.ts';
import { demoSe, prepareSePatient } from '../support/se-http.ts';
import { HUD2, PN1_PERSONNUMMER, SE_SCENARIOS } from '../support/se-scenarios.ts';
import { clientFor, freshId, freshPatientId } from '../support/stack.ts';

const S04 = SE_SCENARIOS.find((scenario) => scenario.id === 'S04')!;

describe('Swedish records listing over HTTP', () => {
  it('adds blocks with lifts, the spärr check, care relations, employers with agreements and registerutdrag', async () => {
    // Prepare: S04's records (SJF setup, INRE on HUD2), an outer block lifted, one registerutdrag
    const client = demoSe.clinical();
    const patientId = freshPatientId('PN');
    await prepareSePatient(client, patientId, S04.records);
    const outer = { blockId: freshId('blk'), kind: 'YTTRE', at: new Date(Date.now() - 60_000).toISOString() };
    await client.request('POST', `/v1/patients/${patientId}/blocks`, {
      ...outer,
      source: 'LOCAL',
      recordedBy: 'staff-1',
    });
    await client.request('POST', `/v1/patients/${patientId}/blocks/${outer.blockId}/lift`, {
      at: new Date().toISOString(),
      recordedBy: 'staff-1',
      reason: 'REGISTRATION_ERROR',
    });
    const utdragId = freshId('utdrag');
    await client.request('POST', `/v1/patients/${patientId}/registerutdrag`, {
      utdragId,
      requestedAt: new Date().toISOString(),
      form: 'SIGNED_LETTER',
      recordedBy: 'staff-1',
    });

    // Act
    const response = await client.request('GET', `/v1/patients/${patientId}/records`);

    // Assess
    expect(response.status).toBe(200);
    const records = patientRecordsWithSwedishSchema.parse(response.body);
    expect(records.identifiers).toEqual([{ system: 'SE_PNR', masked: '********3234' }]);
    expect(records.blocks?.map((b) => ({ kind: b.kind, careUnitId: b.careUnitId, active: b.active }))).toEqual([
      { kind: 'INRE', careUnitId: HUD2, active: true },
      { kind: 'YTTRE', careUnitId: undefined, active: false },
    ]);
    expect(records.blocks?.[1]?.lifted).toMatchObject({ reason: 'REGISTRATION_ERROR' });
    expect(records.sparrCheck).toMatchObject({ status: 'CHECKED', source: 'NATIONELL_SPARRTJANST' });
    expect(records.careRelations).toMatchObject([{ recipientId: 'se-vc-norr' }]);
    expect(records.employers).toMatchObject([
      { recipientId: 'se-ag-demo', registered: true, employerAgreement: { ref: 'AVT-2026-01' } },
    ]);
    expect(records.registerutdrag).toMatchObject([{ utdragId, countThisYear: 1, free: true }]);
    expect(records.consents.map((consent) => consent.scope)).toEqual(['SE_SJF']);
  });

  it("answers another org's client 404 with nothing of the patient's records", async () => {
    // Prepare
    const client = demoSe.clinical();
    const patientId = freshPatientId('PN');
    await prepareSePatient(client, patientId, S04.records);

    // Act
    const foreign = await clientFor('demo-clinical').request('GET', `/v1/patients/${patientId}/records`);

    // Assess
    expect(foreign.status).toBe(404);
    expect(JSON.stringify(foreign.body)).not.toMatch(/se-vc-norr|se-ag-demo|HUD2|3234/);
  });

  it("refuses employers that are not the org's own SE_ARBETSGIVARE recipients with 422 RECIPIENT_UNKNOWN", async () => {
    // Prepare
    const patientId = freshPatientId('PN');
    const register = (employerRecipientIds: string[]) => ({
      identifiers: [{ system: 'SE_PERSONNUMMER', value: PN1_PERSONNUMMER }],
      employerRecipientIds,
    });

    // Act: Försäkringskassan is no employer; se-ag-demo is demo-se's employer, not demo's
    const notEmployer = await demoSe.clinical().request('PUT', `/v1/patients/${patientId}`, register(['se-fk']));
    const otherOrgs = await clientFor('demo-clinical').request(
      'PUT',
      `/v1/patients/${patientId}`,
      register(['se-ag-demo']),
    );

    // Assess
    for (const refused of [notEmployer, otherOrgs]) {
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ errors: [{ path: 'employerRecipientIds.0', code: 'RECIPIENT_UNKNOWN' }] });
    }
  });
});
