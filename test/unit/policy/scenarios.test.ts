/** policy-uk.md §8: every worked scenario P01–P22 against decide(). */
import { describe, expect, it } from 'vitest';
import { decide, type Decision } from '../../../shared/policy/engine.ts';
import type { DisclosureRequest } from '../../../shared/schemas/disclosure.ts';
import type { PatientRecordsSnapshot } from '../../../shared/records/model.ts';
import {
  SENSITIVE_VALUES,
  consent,
  fullPayload,
  input,
  objection,
  records,
  releasedPaths,
  request,
  testPseudonym,
} from './fixtures.ts';

const EPISODE_CORE = [
  'episode.admissionDate',
  'episode.admissionMethod',
  'episode.classification',
  'episode.consultantGmc',
  'episode.dischargeDate',
  'episode.dischargeMethod',
  'episode.siteOdsCode',
];
const RELEASED = {
  insurer: [
    'patient.name',
    'patient.dateOfBirth',
    'patient.sex',
    'patient.insuranceMembershipNumber',
    ...EPISODE_CORE,
    'episode.preAuthorisationRef',
    'episode.policyNumber',
    'clinical.diagnoses',
    'clinical.procedures',
    'clinical.clinicalNecessity',
    'financial.invoiceLines',
    'financial.totalAmount',
    'financial.currency',
  ],
  directCare: [
    'patient.nhsNumber',
    'patient.localId',
    'patient.name',
    'patient.dateOfBirth',
    'patient.sex',
    'patient.postcode',
    'patient.address',
    'patient.phone',
    'patient.email',
    ...EPISODE_CORE,
    'clinical.diagnoses',
    'clinical.procedures',
    'clinical.medicationsOnDischarge',
    'clinical.allergies',
    'clinical.results',
    'clinical.followUpPlan',
    'clinical.adverseEvents',
    'clinical.proms',
    'narrative.letter',
  ],
  nhsStatutory: [
    'patient.nhsNumber',
    'patient.localId',
    'patient.name',
    'patient.dateOfBirth',
    'patient.sex',
    'patient.postcode',
    ...EPISODE_CORE,
    'clinical.diagnoses',
    'clinical.procedures',
    'clinical.adverseEvents',
    'clinical.proms',
  ],
  regulator: [
    'patient.nhsNumber',
    'patient.localId',
    'patient.name',
    'patient.dateOfBirth',
    'patient.sex',
    ...EPISODE_CORE,
    'clinical.diagnoses',
    'clinical.procedures',
    'clinical.medicationsOnDischarge',
    'clinical.allergies',
    'clinical.results',
    'clinical.followUpPlan',
    'clinical.adverseEvents',
    'clinical.proms',
    'narrative.letter',
    'narrative.notes',
  ],
  phinClear: [
    'patient.nhsNumber',
    'patient.localId',
    'patient.dateOfBirth',
    'patient.sex',
    'patient.postcode',
    ...EPISODE_CORE,
    'episode.episodeKey',
    'episode.funding',
    'clinical.diagnoses',
    'clinical.procedures',
    'clinical.adverseEvents',
    'clinical.proms',
  ],
  phinProtected: [
    'patient.localId',
    'patient.ageBand',
    'patient.sex',
    'patient.postcode',
    ...EPISODE_CORE,
    'episode.episodeKey',
    'episode.funding',
    'clinical.diagnoses',
    'clinical.procedures',
    'clinical.adverseEvents',
    'clinical.proms',
  ],
  emergency: [
    'patient.nhsNumber',
    'patient.localId',
    'patient.name',
    'patient.dateOfBirth',
    'patient.sex',
    ...EPISODE_CORE,
    'clinical.diagnoses',
    'clinical.procedures',
    'clinical.medicationsOnDischarge',
    'clinical.allergies',
    'clinical.results',
    'clinical.followUpPlan',
  ],
};

interface Scenario {
  readonly id: string;
  readonly request: DisclosureRequest;
  readonly records?: PatientRecordsSnapshot;
  readonly decision: Decision['decision'];
  readonly first: string;
  readonly includes?: readonly string[];
  readonly obligations?: readonly string[];
  readonly released?: readonly string[];
  readonly check?: (decision: Decision) => void;
}

const insured = {
  id: 'EP-2026-0042',
  type: 'APC_DAYCASE',
  funding: 'INSURED',
  payerId: 'ins-acme-health',
  referralSourceOds: null,
} as const;
const P01 = request({ recipientId: 'ins-acme-health', purpose: 'PAYMENT', subPurpose: 'CLAIM', episode: insured });
const withClaimConsent = records({ consents: [consent('INSURER_CLAIM')] });
const P06 = request();
const gpObjection = records({ objections: [objection('GP')] });
const phin = request({ recipientId: 'phin', purpose: 'STATUTORY_REPORTING' });
const payloadWithNhs = (nhsNumber: string): DisclosureRequest['payload'] => ({
  ...fullPayload(),
  patient: { ...fullPayload().patient, nhsNumber },
});

const SCENARIOS: Scenario[] = [
  {
    id: 'P01',
    request: P01,
    records: withClaimConsent,
    decision: 'ALLOW_WITH_REDACTION',
    first: 'ALLOW_EXPLICIT_CONSENT',
    includes: ['REDACT_MINIMISATION', 'REDACT_FREE_TEXT'],
    obligations: [],
    released: RELEASED.insurer,
    check: (d) => {
      expect(d.basis).toEqual({
        source: 'PATIENT_CONSENT',
        recordId: 'cons-insurer_claim',
        art6: 'b',
        art9: 'a',
        dpaSch1Para: null,
        commonLaw: 'EXPLICIT_CONSENT',
      });
      expect(d.transformations).toContainEqual({
        path: 'narrative.notes',
        action: 'DROPPED',
        reason: 'REDACT_FREE_TEXT',
      });
      expect(d.transformations).toContainEqual({
        path: 'patient.nhsNumber',
        action: 'DROPPED',
        reason: 'REDACT_MINIMISATION',
      });
      expect(d.payload?.financial).toEqual(fullPayload().financial);
    },
  },
  {
    id: 'P02',
    request: { ...P01, episode: { ...insured, funding: 'SELF_PAY' } },
    records: withClaimConsent,
    decision: 'DENY',
    first: 'DENY_RECIPIENT_NOT_FUNDING_PARTY',
  },
  {
    id: 'P03',
    request: P01,
    decision: 'DENY',
    first: 'DENY_CONSENT_WITHDRAWN',
    obligations: ['NOTIFY_BILLING_SELF_PAY'],
    records: records({
      consents: [consent('INSURER_CLAIM', { withdrawn: { at: '2026-11-25T09:00:00Z', recordedBy: 'staff-1' } })],
    }),
  },
  { id: 'P04', request: P01, decision: 'DENY', first: 'DENY_CONSENT_MISSING' },
  {
    id: 'P05',
    request: { ...P01, subPurpose: 'AMRA_REPORT' },
    records: withClaimConsent,
    decision: 'REFER',
    first: 'REFER_AMRA_REPORT',
  },
  {
    id: 'P06',
    request: P06,
    decision: 'ALLOW_WITH_REDACTION',
    first: 'ALLOW_DIRECT_CARE_IMPLIED_CONSENT',
    obligations: [],
    released: RELEASED.directCare,
    check: (d) =>
      expect(d.basis).toMatchObject({
        source: 'ROPA',
        art6: 'b',
        art9: 'h',
        dpaSch1Para: '2',
        commonLaw: 'IMPLIED_CONSENT',
      }),
  },
  { id: 'P07', request: P06, records: gpObjection, decision: 'DENY', first: 'DENY_PATIENT_OBJECTION' },
  {
    id: 'P08',
    records: gpObjection,
    decision: 'ALLOW_WITH_REDACTION',
    first: 'ALLOW_PUBLIC_INTEREST_OVERRIDE',
    request: {
      ...P06,
      override: {
        code: 'SAFEGUARDING',
        approverRole: 'CALDICOTT_GUARDIAN',
        approvedBy: 'cg-1',
        justification: 'Child protection concern',
      },
    },
    obligations: ['INFORM_PATIENT_IF_PRACTICABLE', 'RETROSPECTIVE_CG_REVIEW'],
    released: RELEASED.directCare,
  },
  {
    id: 'P09',
    records: gpObjection,
    decision: 'DENY',
    first: 'DENY_OVERRIDE_NOT_APPROVED',
    request: {
      ...P06,
      override: {
        code: 'PUBLIC_INTEREST',
        approverRole: 'RESPONSIBLE_CLINICIAN',
        approvedBy: 'dr-1',
        justification: 'Serious crime',
      },
    },
  },
  { id: 'P10', request: { ...P06, recipientId: 'gp-hillside' }, decision: 'DENY', first: 'DENY_NOT_REGISTERED_GP' },
  { id: 'P11', request: { ...P06, payload: payloadWithNhs('9434765918') }, decision: 'DENY', first: 'ID_NHS_CHECKSUM' },
  {
    id: 'P12',
    decision: 'ALLOW_WITH_REDACTION',
    first: 'ALLOW_DIRECT_CARE_IMPLIED_CONSENT',
    released: RELEASED.directCare,
    request: request({
      recipientId: 'nhs-north-trust',
      episode: { id: 'EP-2026-0042', type: 'APC_DAYCASE', funding: 'NHS_FUNDED', referralSourceOds: 'RX1' },
    }),
    check: (d) => expect(d.basis).toMatchObject({ source: 'ROPA', art6: 'e' }),
  },
  {
    id: 'P13',
    decision: 'DENY',
    first: 'DENY_NDOP_OPT_OUT',
    records: records({ ndop: { status: 'OPTED_OUT', checkedAt: '2026-11-30T09:00:00Z' } }),
    request: request({
      recipientId: 'nhs-north-trust',
      purpose: 'COMMISSIONING',
      episode: { id: 'EP-2026-0042', type: 'APC_DAYCASE', funding: 'NHS_FUNDED', referralSourceOds: 'RX1' },
    }),
  },
  {
    id: 'P14',
    decision: 'ALLOW_WITH_REDACTION',
    first: 'ALLOW_LEGAL_OBLIGATION',
    includes: ['OBJECTION_NOT_APPLICABLE_MANDATORY'],
    request: request({
      recipientId: 'nhse-collections',
      purpose: 'STATUTORY_REPORTING',
      instrument: { ref: 'HSCA2012-s259:DPN-7' },
    }),
    records: records({ objections: [objection('ALL_NON_MANDATORY')] }),
    released: RELEASED.nhsStatutory,
    check: (d) => {
      expect(d.mandatory).toBe(true);
      expect(d.basis).toMatchObject({ source: 'INSTRUMENT', recordId: 'HSCA2012-s259:DPN-7', art6: 'c', art9: 'h' });
      expect(d.payload?.clinical).toMatchObject({
        diagnoses: [{ code: 'M16.1' }],
        procedures: [{ code: 'W37.1', date: '2026-03-01' }],
      });
      expect(d.transformations).toContainEqual({
        path: 'clinical.diagnoses[0].description',
        action: 'DROPPED',
        reason: 'REDACT_FREE_TEXT',
      });
    },
  },
  {
    id: 'P15',
    decision: 'ALLOW_WITH_REDACTION',
    first: 'ALLOW_LEGAL_OBLIGATION',
    obligations: ['INFORM_PATIENT_IF_PRACTICABLE'],
    request: request({
      recipientId: 'reg-gmc',
      purpose: 'REGULATORY_INVESTIGATION',
      instrument: { ref: 'MA1983-s35A:GMC-1', scope: { episodeIds: ['EP-2026-0042'] } },
    }),
    released: RELEASED.regulator,
    check: (d) => expect(d.basis).toMatchObject({ source: 'INSTRUMENT', art6: 'c', art9: 'g', dpaSch1Para: '6' }),
  },
  {
    id: 'P16',
    request: request({ recipientId: 'reg-gmc', purpose: 'REGULATORY_INVESTIGATION' }),
    decision: 'REFER',
    first: 'REFER_REGULATOR_NON_STATUTORY',
  },
  {
    id: 'P17',
    request: phin,
    records: records({ consents: [consent('PHIN_IDENTIFIERS')] }),
    decision: 'ALLOW_WITH_REDACTION',
    first: 'ALLOW_LEGAL_OBLIGATION',
    includes: ['PSEUDONYMISED'],
    released: RELEASED.phinClear,
    check: (d) => {
      expect(d.payload?.patient).toMatchObject({
        nhsNumber: '9990000018',
        dateOfBirth: '1964-08-23',
        postcode: 'SW1A 1AA',
      });
      expect(d.payload?.patient).toMatchObject({ localId: 'v1.P8B1e31A-qw8Rf-BGRqsbgvzTlEXsop8qSDTmalaLyU' });
      expect(d.payload?.episode).toMatchObject({
        episodeKey: 'v1.4gtUcL5aYuWCMdTXmJD-7d1-dfyHqPaMgDoy8kMIHKc',
        funding: 'SELF_PAY',
      });
      expect(d.transformations).toContainEqual({
        path: 'patient.localId',
        action: 'PSEUDONYMISED',
        reason: 'PSEUDONYMISED',
      });
      expect(d.transformations).toContainEqual({
        path: 'episode.episodeKey',
        action: 'PSEUDONYMISED',
        reason: 'PSEUDONYMISED',
      });
      expect(d.basis).toMatchObject({ source: 'INSTRUMENT', art6: 'c', art9: 'i', dpaSch1Para: '3' });
    },
  },
  {
    id: 'P18',
    request: phin,
    records: records({ consents: [consent('PHIN_IDENTIFIERS', { status: 'DECLINED' })] }),
    decision: 'ALLOW_WITH_REDACTION',
    first: 'ALLOW_LEGAL_OBLIGATION',
    includes: ['REDACT_PHIN_IDENTIFIERS_NO_CONSENT', 'GENERALISED'],
    released: RELEASED.phinProtected,
    check: (d) => {
      expect(d.payload?.patient).toMatchObject({ ageBand: '60-64', postcode: 'SW1A 1' });
      expect(d.transformations).toContainEqual({
        path: 'patient.nhsNumber',
        action: 'DROPPED',
        reason: 'REDACT_PHIN_IDENTIFIERS_NO_CONSENT',
      });
      expect(d.transformations).toContainEqual({
        path: 'patient.dateOfBirth',
        action: 'GENERALISED',
        reason: 'REDACT_PHIN_IDENTIFIERS_NO_CONSENT',
      });
    },
  },
  {
    id: 'P19',
    request: { ...phin, episode: { ...phin.episode, funding: 'NHS_FUNDED' } },
    records: records({ consents: [consent('PHIN_IDENTIFIERS')] }),
    decision: 'DENY',
    first: 'DENY_OUT_OF_SCOPE_PHIN_NHS_FUNDED',
  },
  {
    id: 'P20',
    decision: 'ALLOW_WITH_REDACTION',
    first: 'ALLOW_VITAL_INTERESTS',
    obligations: ['RETROSPECTIVE_CG_REVIEW'],
    released: RELEASED.emergency,
    request: request({
      recipientId: 'emergency-dept',
      purpose: 'VITAL_INTERESTS',
      patientContext: { capacity: 'UNCONSCIOUS' },
      override: {
        code: 'VITAL_INTERESTS',
        approverRole: 'RESPONSIBLE_CLINICIAN',
        approvedBy: 'dr-2',
        justification: 'Collapsed in ED',
      },
    }),
  },
  {
    id: 'P21',
    request: { ...P01, purpose: 'DIRECT_CARE' },
    records: withClaimConsent,
    decision: 'DENY',
    first: 'DENY_POLICY_UNKNOWN_FLOW',
    check: (d) => expect([d.flow, d.basis]).toEqual([null, null]),
  },
  {
    id: 'P22',
    request: { ...P06, payload: payloadWithNhs('9990000026') },
    decision: 'DENY',
    first: 'DENY_IDENTITY_MISMATCH',
  },
];

describe('policy-uk.md §8 worked scenarios', () => {
  it.each(SCENARIOS)('$id → $decision $first', async (scenario) => {
    // Prepare
    const decisionInput = input({
      request: scenario.request,
      ...(scenario.records ? { records: scenario.records } : {}),
    });

    // Act
    const decision = await decide(decisionInput);

    // Assess
    expect(decision.decision).toBe(scenario.decision);
    expect(decision.reasonCodes[0]).toBe(scenario.first);
    expect(decision.reasonCodes).toEqual(expect.arrayContaining([...(scenario.includes ?? [])]));
    if (scenario.obligations) expect(decision.obligations).toEqual(scenario.obligations);
    if (scenario.released) expect(releasedPaths(decision.payload)).toEqual([...scenario.released].sort());
    if (scenario.decision === 'DENY' || scenario.decision === 'REFER') {
      expect(decision.payload).toBeUndefined();
      expect(decision.transformations).toEqual([]);
    }
    expect(decision.explanations).toHaveLength(decision.reasonCodes.length);
    for (const value of SENSITIVE_VALUES) expect(decision.explanations.join(' ')).not.toContain(value);
    scenario.check?.(decision);
  });

  it('P17 pseudonyms are the pseudonymisation.md vectors, so the test port is the real scheme', () => {
    // Prepare / Act
    const pseudonym = testPseudonym('demo', 'AUDIT', 'NHS_NUMBER', '9990000018');

    // Assess
    expect(pseudonym).toBe('v1._6XA6Pf4hJUSZtdHUI5En95R620zXOxBvQ1kPFTAFFg');
  });
});
