/**
 * policy-uk.md §9.8 (pack 2026.2) over HTTP: consent terms and capacity-confirmed refusals are
 * recorded as sent (and refused where the scope does not take them), an order's field list is held
 * to the catalogue, and a recipient's registry and section 251 attributes are kept and logged.
 */
import { describe, expect, it } from 'vitest';
import { request } from '../unit/policy/fixtures.ts';
import { logEntries } from '../support/scenarios.ts';
import { preparePatient2026 } from '../support/scenarios-2026-2.ts';
import { demo, freshId, freshPatientId } from '../support/stack.ts';

type Problem = { code: string; errors?: Array<{ path: string }> };

describe('pack 2026.2 records, request and recipient additions over HTTP', () => {
  it('records a date-scoped, see-first consent with its terms, and refuses one that names no recipient', async () => {
    // Prepare
    const client = demo.clinical();
    const patientId = freshPatientId();
    await preparePatient2026(client, patientId);
    const terms = { recordsFrom: '2026-03-01', recordsTo: '2026-03-31', seeBeforeRelease: true };
    const body = {
      status: 'GIVEN',
      form: 'WRITTEN',
      evidenceRef: 'scan-1',
      capturedBy: 'staff-1',
      at: new Date().toISOString(),
    };

    // Act
    const recorded = await client.request('POST', `/v1/patients/${patientId}/consents`, {
      ...body,
      consentId: 'cons-ml',
      scope: 'MEDICO_LEGAL',
      recipientId: 'expert-medlegal',
      ...terms,
    });
    const unnamed = await client.request<Problem>('POST', `/v1/patients/${patientId}/consents`, {
      ...body,
      consentId: 'cons-sa',
      scope: 'SOLICITOR_AUTHORITY',
    });
    const records = await client.request<{ consents: Array<Record<string, unknown>> }>(
      'GET',
      `/v1/patients/${patientId}/records`,
    );

    // Assess
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(200);
    expect(records.body.consents).toEqual([expect.objectContaining({ consentId: 'cons-ml', ...terms })]);
    expect([unnamed.status, unnamed.body.code, unnamed.body.errors?.map((e) => e.path)]).toEqual([
      422,
      'validation_failed',
      ['recipientId'],
    ]);
  });

  it('records who confirmed capacity on an emergency refusal, and refuses it on any other scope', async () => {
    // Prepare
    const client = demo.clinical();
    const patientId = freshPatientId();
    await preparePatient2026(client, patientId);
    const objection = (scope: string) => ({
      objectionId: freshId('obj'),
      scope,
      at: new Date().toISOString(),
      recordedBy: 'staff-2',
      capacityConfirmedBy: 'dr-4',
    });

    // Act
    const emergency = await client.request('POST', `/v1/patients/${patientId}/objections`, objection('EMERGENCY_CARE'));
    const police = await client.request<Problem>('POST', `/v1/patients/${patientId}/objections`, objection('POLICE'));

    // Assess
    expect(emergency.status, JSON.stringify(emergency.body)).toBe(200);
    expect(emergency.body).toMatchObject({ objection: { capacityConfirmedBy: 'dr-4' } });
    expect([police.status, police.body.errors?.map((e) => e.path)]).toEqual([422, ['capacityConfirmedBy']]);
  });

  it('refuses an order field outside the catalogue with 422 naming its index, before any decision', async () => {
    // Prepare
    const body = request({
      requestId: freshId('req'),
      patientId: freshPatientId(),
      recipientId: 'court-civil',
      purpose: 'LEGAL_PROCEEDINGS',
      instrument: { ref: 'COURT-ORDER:CC-1', scope: { episodeIds: ['EP-2026-0042'], fields: ['patient.name', 'x.y'] } },
    });

    // Act
    const response = await demo.clinical().request<Problem>('POST', '/v1/disclosures', body);

    // Assess
    expect([response.status, response.body.errors?.map((e) => e.path)]).toEqual([422, ['instrument.scope.fields.1']]);
  });

  it('keeps a recipient’s registry, s251Ref and ndopExempt, and logs them with the change', async () => {
    // Prepare
    const recipientId = freshId('r');
    const admin = demo.admin();

    // Act
    const put = await admin.request<{ receipt: { origin: string } }>('PUT', `/v1/recipients/${recipientId}`, {
      name: 'National audit',
      category: 'NATIONAL_AUDIT_S251',
      s251Ref: 'CAG-DEMO-7',
      ndopExempt: true,
    });
    const listed = await admin.request<{ recipients: Array<Record<string, unknown>> }>('GET', '/v1/recipients');

    // Assess
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const attributes = { recipientId, category: 'NATIONAL_AUDIT_S251', s251Ref: 'CAG-DEMO-7', ndopExempt: true };
    expect(listed.body.recipients).toContainEqual(expect.objectContaining(attributes));
    const logged = (await logEntries(put.body.receipt.origin)).filter(
      ({ entry }) => entry.type === 'admin.recipient.changed',
    );
    expect(
      logged.map(({ entry }) => (entry as unknown as { change: { recipient: unknown } }).change.recipient),
    ).toContainEqual(attributes);
  });
});
