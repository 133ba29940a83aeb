/**
 * policy-se.md §1 over HTTP (demo-se): SJF asked of a recipient that is not a caregiver is refused
 * with DENY_SE_NOT_SJF_PARTICIPANT, explained in Swedish, or in English on Accept-Language, and
 * audited as a decision that matched no flow; the same request off the channel is decided as usual.
 */
import { describe, expect, it } from 'vitest';
import { decisionAnswerSchema } from '../../shared/schemas/responses.ts';
import { decisionEntries } from '../support/scenarios.ts';
import { demoSe, prepareSePatient } from '../support/se-http.ts';
import { SE_SCENARIOS, seRequest } from '../support/se-scenarios.ts';
import { freshId, freshPatientId } from '../support/stack.ts';

const S19 = SE_SCENARIOS.find((scenario) => scenario.id === 'S19')!;

describe('the SJF channel is only for caregivers, over HTTP', () => {
  it('refuses SJF to a quality register, explains it in both languages and logs it without a flow', async () => {
    // Prepare
    const client = demoSe.clinical();
    const patientId = freshPatientId('PN');
    await prepareSePatient(client, patientId, S19.records);
    const request = { ...seRequest(S19, patientId, freshId('req')), subPurpose: 'SJF' };
    const offChannel = seRequest(S19, patientId, freshId('req'));

    // Act
    const swedish = await client.request('POST', '/v1/disclosures', request);
    const english = await client.request('POST', '/v1/disclosures', request, { 'Accept-Language': 'en' });
    const usual = await client.request('POST', '/v1/disclosures', offChannel);

    // Assess
    const answer = decisionAnswerSchema.parse(swedish.body);
    expect([answer.decision, answer.reasonCodes]).toEqual(['DENY', ['DENY_SE_NOT_SJF_PARTICIPANT']]);
    expect(answer.explanations).toEqual(['Mottagaren se-kvr-hud deltar inte i sammanhållen journalföring.']);
    expect(decisionAnswerSchema.parse(english.body)).toMatchObject({
      receipt: answer.receipt,
      explanations: ['The recipient se-kvr-hud does not take part in shared records (sammanhållen journalföring).'],
    });
    expect(decisionAnswerSchema.parse(usual.body).reasonCodes[0]).toBe('ALLOW_SE_KVALITETSREGISTER');
    const [logged] = await decisionEntries(answer.receipt.origin, patientId, request.requestId);
    expect(logged?.entry.decision).toMatchObject({ outcome: 'DENY', reasonCodes: ['DENY_SE_NOT_SJF_PARTICIPANT'] });
    expect(logged?.entry.decision).not.toHaveProperty('flow');
  });

  it('refuses to record an SE_SJF consent naming a recipient that is not a caregiver (422 with its code)', async () => {
    // Prepare
    const client = demoSe.clinical();
    const patientId = freshPatientId('PN');
    await prepareSePatient(client, patientId, { patient: 'PN-1' });
    const consent = (recipientId: string) => ({
      consentId: freshId('cons'),
      scope: 'SE_SJF',
      recipientId,
      status: 'GIVEN',
      form: 'ELECTRONIC',
      evidenceRef: 'e-tjanst-1',
      capturedBy: 'staff-1',
      at: new Date().toISOString(),
    });
    const path = `/v1/patients/${patientId}/consents`;

    // Act
    const toRegister = await client.request<Problem>('POST', path, consent('se-kvr-hud'));
    const toCaregiver = await client.request('POST', path, consent('se-vc-norr'));

    // Assess
    expect([toRegister.status, toRegister.body.errors?.map((e) => [e.path, e.code])]).toEqual([
      422,
      [['recipientId', 'SE_SJF_RECIPIENT_NOT_VARDGIVARE']],
    ]);
    expect(toCaregiver.status, JSON.stringify(toCaregiver.body)).toBe(200);
  });
});

type Problem = { errors?: Array<{ path: string; code: string }> };
