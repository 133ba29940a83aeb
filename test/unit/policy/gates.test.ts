/** Gate details of policy-uk.md §2 beyond the worked scenarios. */
import { describe, expect, it } from 'vitest';
import { decide } from '../../../shared/policy/engine.ts';
import type { DisclosureRequest } from '../../../shared/schemas/disclosure.ts';
import type { Consent, PatientRecordsSnapshot } from '../../../shared/records/model.ts';
import { consent, fullPayload, input, objection, records, request, VITAL_INTERESTS_EMERGENCY } from './fixtures.ts';

const claim = request({
  recipientId: 'ins-acme-health',
  purpose: 'PAYMENT',
  subPurpose: 'CLAIM',
  episode: { id: 'EP-2026-0042', type: 'APC_DAYCASE', funding: 'INSURED', payerId: 'ins-acme-health' },
});
const phin = request({ recipientId: 'phin', purpose: 'STATUTORY_REPORTING' });
const emergency = request({ ...VITAL_INTERESTS_EMERGENCY });
const withdrawn = { at: '2026-11-21T09:00:00Z', recordedBy: 'staff-1' };

async function first(
  req: DisclosureRequest,
  recs: PatientRecordsSnapshot = records(),
): Promise<[string, string | undefined]> {
  const decision = await decide(input({ request: req, records: recs }));
  return [decision.decision, decision.reasonCodes[0]];
}

const CONSENT_CASES: [string, Consent[], string, string?][] = [
  ['an expired consent', [consent('INSURER_CLAIM', { expiresAt: '2026-11-30T00:00:00Z' })], 'DENY_CONSENT_MISSING'],
  [
    'a consent naming another recipient',
    [consent('INSURER_CLAIM', { recipientId: 'ins-other-mutual' })],
    'DENY_CONSENT_MISSING',
  ],
  ['a consent naming another episode', [consent('INSURER_CLAIM', { episodeId: 'EP-OTHER' })], 'DENY_CONSENT_MISSING'],
  ['a declined consent', [consent('INSURER_CLAIM', { status: 'DECLINED' })], 'DENY_CONSENT_DECLINED'],
  [
    'an older consent next to a later withdrawal',
    [
      consent('INSURER_CLAIM', { consentId: 'c-new', at: '2026-11-20T10:00:00Z' }),
      consent('INSURER_CLAIM', { consentId: 'c-old', at: '2026-11-01T10:00:00Z', withdrawn }),
    ],
    'DENY_CONSENT_WITHDRAWN',
  ],
  [
    'a fresh consent given after a withdrawal',
    [
      consent('INSURER_CLAIM', { consentId: 'c-new', at: '2026-11-25T10:00:00Z' }),
      consent('INSURER_CLAIM', { consentId: 'c-old', at: '2026-11-01T10:00:00Z', withdrawn }),
    ],
    'ALLOW_EXPLICIT_CONSENT',
  ],
  ['a claim consent for a pre-authorisation', [consent('INSURER_CLAIM')], 'DENY_CONSENT_MISSING', 'PRE_AUTH'],
  [
    'a pre-authorisation consent for a pre-authorisation',
    [consent('INSURER_PREAUTH')],
    'ALLOW_EXPLICIT_CONSENT',
    'PRE_AUTH',
  ],
];

describe('consent gate', () => {
  it.each(CONSENT_CASES)('with %s decides %s', async (_label, consents, expected, subPurpose = 'CLAIM') => {
    // Prepare / Act
    const [, code] = await first({ ...claim, subPurpose }, records({ consents: [...consents] }));

    // Assess
    expect(code).toBe(expected);
  });

  it('an insurer objection blocks even with consent: consent-based flows cannot be overridden', async () => {
    // Prepare
    const recs = records({ consents: [consent('INSURER_CLAIM')], objections: [objection('INSURER')] });
    const req = {
      ...claim,
      override: {
        code: 'PUBLIC_INTEREST' as const,
        approverRole: 'CALDICOTT_GUARDIAN' as const,
        approvedBy: 'cg',
        justification: 'x',
      },
    };

    // Act / Assess
    expect(await first(req, recs)).toEqual(['DENY', 'DENY_PATIENT_OBJECTION']);
  });
});

describe('objection gate', () => {
  const best = (capacity: 'HAS' | 'LACKS') =>
    request({
      patientContext: { capacity },
      override: { code: 'BEST_INTERESTS', approverRole: 'RESPONSIBLE_CLINICIAN', approvedBy: 'dr', justification: 'x' },
    });

  it.each([
    [
      'BEST_INTERESTS while the patient lacks capacity',
      best('LACKS'),
      ['ALLOW_WITH_REDACTION', 'ALLOW_BEST_INTERESTS'],
    ],
    ['BEST_INTERESTS while the patient has capacity', best('HAS'), ['DENY', 'DENY_OVERRIDE_NOT_APPROVED']],
    [
      'an override code with no objection rule',
      request({
        override: { code: 'VITAL_INTERESTS', approverRole: 'CALDICOTT_GUARDIAN', approvedBy: 'cg', justification: 'x' },
      }),
      ['DENY', 'DENY_PATIENT_OBJECTION'],
    ],
  ] as const)('%s', async (_label, req, expected) => {
    // Prepare / Act / Assess
    expect(await first(req, records({ objections: [objection('ALL_NON_MANDATORY')] }))).toEqual(expected);
  });

  it('ignores a withdrawn objection and one naming another recipient', async () => {
    // Prepare
    const recs = records({
      objections: [
        objection('GP', { withdrawn: { at: '2026-11-01T00:00:00Z', recordedBy: 's' } }),
        objection('DIRECT_CARE', { recipientId: 'gp-hillside' }),
      ],
    });

    // Act / Assess
    expect(await first(request(), recs)).toEqual(['ALLOW_WITH_REDACTION', 'ALLOW_DIRECT_CARE_IMPLIED_CONSENT']);
  });

  it('lets emergencies through a general objection but not a specific one', async () => {
    // Prepare / Act
    const general = await first(emergency, records({ objections: [objection('ALL_NON_MANDATORY')] }));
    const specific = await first(emergency, records({ objections: [objection('EMERGENCY_CARE')] }));

    // Assess
    expect(general).toEqual(['ALLOW_WITH_REDACTION', 'ALLOW_VITAL_INTERESTS']);
    expect(specific).toEqual(['DENY', 'DENY_PATIENT_OBJECTION']);
  });
});

describe('recipient, flow, mandatory and precondition gates', () => {
  it.each([
    ['an unknown recipient', { recipientId: 'nobody' }, 'DENY_UNKNOWN_RECIPIENT'],
    [
      'a statutory collection without instrument',
      { recipientId: 'nhse-collections', purpose: 'STATUTORY_REPORTING' },
      'DENY_NO_LEGAL_BASIS',
    ],
    [
      'an instrument that does not cover the episode',
      {
        recipientId: 'nhse-collections',
        purpose: 'STATUTORY_REPORTING',
        instrument: { ref: 'HSCA2012-s259:DPN-7', scope: { episodeIds: ['EP-OTHER'] } },
      },
      'DENY_OUT_OF_INSTRUMENT_SCOPE',
    ],
    [
      "another regulator's instrument",
      { recipientId: 'reg-gmc', purpose: 'REGULATORY_INVESTIGATION', instrument: { ref: 'HSCA2008-s63:CQC-1' } },
      'REFER_REGULATOR_NON_STATUTORY',
    ],
    [
      'a CQC request under its own power',
      { recipientId: 'reg-cqc', purpose: 'REGULATORY_INVESTIGATION', instrument: { ref: 'HSCA2008-s63:CQC-1' } },
      'ALLOW_LEGAL_OBLIGATION',
    ],
    [
      'an NHS body that did not refer',
      {
        recipientId: 'nhs-north-trust',
        episode: { id: 'EP-2026-0042', type: 'APC_DAYCASE', funding: 'NHS_FUNDED', referralSourceOds: 'RX9' },
      },
      'DENY_NOT_REFERRER',
    ],
    [
      'commissioning of a self-pay episode',
      {
        recipientId: 'nhs-north-trust',
        purpose: 'COMMISSIONING',
        episode: { id: 'EP-2026-0042', type: 'APC_DAYCASE', funding: 'SELF_PAY', referralSourceOds: 'RX1' },
      },
      'DENY_OUT_OF_SCOPE_FUNDING',
    ],
    [
      'an emergency for a patient who can consent',
      { ...emergency, patientContext: { capacity: 'HAS' } },
      'DENY_PATIENT_CAN_CONSENT',
    ],
    [
      'an emergency approved by the DPO',
      {
        ...emergency,
        override: { code: 'VITAL_INTERESTS', approverRole: 'DPO', approvedBy: 'dpo', justification: 'x' },
      },
      'DENY_OVERRIDE_NOT_APPROVED',
    ],
    [
      'a local id that is not this patient',
      { payload: { ...fullPayload(), patient: { localId: 'MRN-2' } } },
      'DENY_IDENTITY_MISMATCH',
    ],
    ['a jurisdiction-valid GP disclosure', {}, 'ALLOW_DIRECT_CARE_IMPLIED_CONSENT'],
  ] as const)('%s → %s', async (_label, overrides, expected) => {
    // Prepare
    const req = { ...request(), ...overrides } as DisclosureRequest;

    // Act
    const decision = await decide(input({ request: req }));

    // Assess
    expect(decision.reasonCodes[0]).toBe(expected);
  });

  it('an unknown recipient has no flow and no basis', async () => {
    // Prepare / Act
    const decision = await decide(input({ request: request({ recipientId: 'nobody' }) }));

    // Assess
    expect([decision.flow, decision.basis, decision.mandatory]).toEqual([null, null, false]);
  });
});

describe('minimisation details', () => {
  it('strips an invalid identifier from a PHIN submission and continues', async () => {
    // Prepare
    const req = {
      ...phin,
      payload: { ...fullPayload(), patient: { ...fullPayload().patient, nhsNumber: '9434765918' } },
    };

    // Act
    const decision = await decide(
      input({ request: req, records: records({ consents: [consent('PHIN_IDENTIFIERS')] }) }),
    );

    // Assess
    expect(decision.decision).toBe('ALLOW_WITH_REDACTION');
    expect(decision.reasonCodes).toEqual(expect.arrayContaining(['DQ_IDENTIFIER_STRIPPED', 'ID_NHS_CHECKSUM']));
    expect(decision.payload?.patient).not.toHaveProperty('nhsNumber');
    expect(decision.transformations).toContainEqual({
      path: 'patient.nhsNumber',
      action: 'DROPPED',
      reason: 'DQ_IDENTIFIER_STRIPPED',
    });
  });

  it('drops malformed codes with their ID_* reason and keeps the rest', async () => {
    // Prepare
    const payload = {
      ...fullPayload(),
      episode: { ...fullPayload().episode, consultantGmc: '123' },
      clinical: { diagnoses: [{ code: 'M1', description: 'bad' }, { code: 'm16.1' }] },
    };

    // Act
    const decision = await decide(input({ request: request({ payload }) }));

    // Assess
    expect(decision.reasonCodes[0]).toBe('ALLOW_DIRECT_CARE_IMPLIED_CONSENT');
    expect(decision.reasonCodes).toEqual(expect.arrayContaining(['ID_ICD10_FORMAT', 'ID_GMC_FORMAT']));
    expect(decision.payload?.clinical).toEqual({ diagnoses: [{ code: 'M16.1' }] });
    expect(decision.payload?.episode).not.toHaveProperty('consultantGmc');
    expect(decision.transformations).toContainEqual({
      path: 'clinical.diagnoses[0]',
      action: 'DROPPED',
      reason: 'ID_ICD10_FORMAT',
    });
  });

  it('drops fields and groups the pack does not know, with a row each', async () => {
    // Prepare
    const payload = { patient: { sex: 'F', favouriteColour: 'blue' }, extra: { a: 1 } } as DisclosureRequest['payload'];

    // Act
    const decision = await decide(input({ request: request({ payload }) }));

    // Assess
    expect(decision.decision).toBe('ALLOW_WITH_REDACTION');
    expect(decision.payload).toEqual({ patient: { sex: 'F' } });
    expect(decision.transformations).toEqual([
      { path: 'extra', action: 'DROPPED', reason: 'REDACT_MINIMISATION' },
      { path: 'patient.favouriteColour', action: 'DROPPED', reason: 'REDACT_MINIMISATION' },
    ]);
  });

  it('answers ALLOW when nothing present was changed', async () => {
    // Prepare
    const payload = {
      patient: { sex: 'F' as const, nhsNumber: '999 000 0018' },
      clinical: { diagnoses: [{ code: 'M16.1', description: 'hip' }] },
    };

    // Act
    const decision = await decide(input({ request: request({ payload }) }));

    // Assess
    expect(decision.decision).toBe('ALLOW');
    expect(decision.reasonCodes).toEqual(['ALLOW_DIRECT_CARE_IMPLIED_CONSENT']);
    expect(decision.payload).toEqual({
      patient: { sex: 'F', nhsNumber: '9990000018' },
      clinical: { diagnoses: [{ code: 'M16.1', description: 'hip' }] },
    });
  });

  it('notes an opt-out the flow is not subject to', async () => {
    // Prepare
    const req = request({
      recipientId: 'nhs-north-trust',
      episode: { id: 'EP-2026-0042', type: 'APC_DAYCASE', funding: 'NHS_FUNDED', referralSourceOds: 'RX1' },
    });

    // Act
    const decision = await decide(
      input({ request: req, records: records({ ndop: { status: 'OPTED_OUT', checkedAt: '2026-11-30T09:00:00Z' } }) }),
    );

    // Assess
    expect(decision.reasonCodes[0]).toBe('ALLOW_DIRECT_CARE_IMPLIED_CONSENT');
    expect(decision.reasonCodes).toContain('NDOP_NOT_APPLICABLE');
  });

  it('fails closed when the pseudonymiser fails', async () => {
    // Prepare
    const failing = { ...input({ request: phin }), pseudonymise: () => Promise.reject(new Error('kms down')) };

    // Act / Assess
    await expect(decide(failing)).rejects.toThrow('kms down');
  });
});
