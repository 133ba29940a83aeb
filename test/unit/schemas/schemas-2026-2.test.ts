/**
 * The request, records and recipient additions of policy-uk.md §9.8 (pack 2026.2): what is
 * accepted, and what is a 422 naming the path (never the value).
 */
import { describe, expect, it } from 'vitest';
import { putRecipientSchema } from '../../../shared/schemas/admin.ts';
import { disclosureRequestSchema } from '../../../shared/schemas/disclosure.ts';
import { addConsentSchema, addObjectionSchema } from '../../../shared/schemas/records.ts';
import { payload2026, request } from '../policy/fixtures.ts';

const AT = '2026-11-20T09:00:00Z';
const consentBody = (terms: Record<string, unknown>) => ({
  consentId: 'cons-1',
  status: 'GIVEN',
  form: 'WRITTEN',
  evidenceRef: 'scan-1',
  capturedBy: 'staff-1',
  at: AT,
  ...terms,
});
const pathsOf = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[] }> } }) =>
  result.error?.issues.map((issue) => issue.path.join('.')) ?? [];

describe('pack 2026.2 request fields', () => {
  it('accepts the new purposes, onward referral, matter, order fields, risk to others and implants', () => {
    // Prepare
    const body = request({
      purpose: 'LEGAL_PROCEEDINGS',
      episode: { id: 'EP-1', type: 'APC_DAYCASE', funding: 'SELF_PAY', onwardReferralTo: 'ext-practitioner' },
      matter: { ref: 'CLM-1', episodeIds: ['EP-1'] },
      instrument: {
        ref: 'COURT-ORDER:CC-1',
        scope: { episodeIds: ['EP-1'], fields: ['narrative', 'clinical.diagnoses'] },
      },
      patientContext: { capacity: 'HAS', riskToOthers: true },
      payload: payload2026(),
    });

    // Act
    const result = disclosureRequestSchema.safeParse(body);

    // Assess
    expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
  });

  it('refuses an order field that is neither a group nor a catalogue field, a list item sub-field included', () => {
    // Prepare
    const body = request({
      instrument: {
        ref: 'COURT-ORDER:CC-1',
        scope: { episodeIds: ['EP-2026-0042'], fields: ['patient.name', 'clinical.procedures.description', 'secret'] },
      },
    });

    // Act
    const result = disclosureRequestSchema.safeParse(body);

    // Assess
    expect(pathsOf(result)).toEqual(['instrument.scope.fields.1', 'instrument.scope.fields.2']);
    expect(JSON.stringify(result.error?.issues)).not.toContain('secret');
  });

  it('refuses an implant with a member it does not know or a value over 128 characters', () => {
    // Prepare
    const payload = payload2026();
    const bad = {
      ...payload,
      clinical: { ...payload.clinical, implants: [{ code: 'X'.repeat(129) }, { code: 'A', patientName: 'Ada' }] },
    };

    // Act
    const result = disclosureRequestSchema.safeParse(request({ payload: bad }));

    // Assess
    expect(pathsOf(result)).toEqual(['payload.clinical.implants.0.code', 'payload.clinical.implants.1']);
  });
});

describe('pack 2026.2 consent and objection terms', () => {
  it('accepts a date-scoped, see-first consent naming its recipient', () => {
    // Act
    const result = addConsentSchema.safeParse(
      consentBody({
        scope: 'MEDICO_LEGAL',
        recipientId: 'expert-medlegal',
        recordsFrom: '2026-03-01',
        recordsTo: '2026-03-31',
        seeBeforeRelease: true,
      }),
    );

    // Assess
    expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
  });

  it.each([
    [{ scope: 'SOLICITOR_AUTHORITY' }, ['recipientId']],
    [
      { scope: 'LEGAL_DISCLOSURE', recipientId: 'r-1', recordsFrom: '2026-04-01', recordsTo: '2026-03-01' },
      ['recordsTo'],
    ],
    [{ scope: 'SOLICITOR_AUTHORITY', recipientId: 'r-1', seeBeforeRelease: true }, ['seeBeforeRelease']],
    [{ scope: 'INSURER_CLAIM', recordsFrom: '2026-01-01' }, ['recordsFrom']],
    [{ scope: 'REGISTRY_IDENTIFIERS', recordsTo: '2026-01-01' }, ['recordsTo']],
  ])('refuses %j at %j', (terms, paths) => {
    // Act
    const result = addConsentSchema.safeParse(consentBody(terms));

    // Assess
    expect(pathsOf(result)).toEqual(paths);
  });

  it('takes capacityConfirmedBy only on an emergency or vital-interests objection', () => {
    // Prepare
    const objection = (scope: string) => ({
      objectionId: 'obj-1',
      scope,
      at: AT,
      recordedBy: 'staff-2',
      capacityConfirmedBy: 'dr-4',
    });

    // Act
    const emergency = addObjectionSchema.safeParse(objection('EMERGENCY_CARE'));
    const vital = addObjectionSchema.safeParse(objection('VITAL_INTERESTS'));
    const police = addObjectionSchema.safeParse(objection('POLICE'));

    // Assess
    expect([emergency.success, vital.success]).toEqual([true, true]);
    expect(pathsOf(police)).toEqual(['capacityConfirmedBy']);
  });
});

describe('pack 2026.2 recipient attributes', () => {
  it('accepts registry, s251Ref and ndopExempt, and refuses a registry code that is free text', () => {
    // Act
    const valid = putRecipientSchema.safeParse({
      name: 'National audit',
      category: 'NATIONAL_AUDIT_S251',
      s251Ref: 'CAG-DEMO-2',
      ndopExempt: true,
    });
    const freeText = putRecipientSchema.safeParse({
      name: 'R',
      category: 'NATIONAL_REGISTRY',
      registry: 'the joint one',
    });

    // Assess
    expect(valid.success, JSON.stringify(valid.error?.issues)).toBe(true);
    expect(pathsOf(freeText)).toEqual(['registry']);
  });
});
