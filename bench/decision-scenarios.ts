/**
 * The policy-uk.md §8 worked scenarios P01–P22 as engine inputs (the same requests and records as
 * test/unit/policy/scenarios.test.ts, built from its fixtures), with the outcome each must give so
 * the bench can refuse to time a mix that no longer decides what it claims to.
 */
import type { Decision, DecisionInput } from '../shared/policy/engine.ts';
import type { PatientRecordsSnapshot } from '../shared/records/model.ts';
import type { DisclosureRequest } from '../shared/schemas/disclosure.ts';
import {
  consent,
  fullPayload,
  INSURER_CLAIM,
  input,
  objection,
  records,
  request,
  VITAL_INTERESTS_EMERGENCY,
} from '../test/unit/policy/fixtures.ts';

export interface EngineScenario {
  readonly id: string;
  readonly input: DecisionInput;
  readonly decision: Decision['decision'];
  readonly first: string;
}

const nhsFunded = { id: 'EP-2026-0042', type: 'APC_DAYCASE', funding: 'NHS_FUNDED', referralSourceOds: 'RX1' } as const;
const P01 = request(INSURER_CLAIM);
const P06 = request();
const phin = request({ recipientId: 'phin', purpose: 'STATUTORY_REPORTING' });
const withClaimConsent = () => records({ consents: [consent('INSURER_CLAIM')] });
const gpObjection = () => records({ objections: [objection('GP')] });
const payloadWithNhs = (nhsNumber: string): DisclosureRequest['payload'] => ({
  ...fullPayload(),
  patient: { ...fullPayload().patient, nhsNumber },
});

type Row = [
  id: string,
  request: DisclosureRequest,
  records: PatientRecordsSnapshot | undefined,
  decision: Decision['decision'],
  first: string,
];

const ROWS: Row[] = [
  ['P01', P01, withClaimConsent(), 'ALLOW_WITH_REDACTION', 'ALLOW_EXPLICIT_CONSENT'],
  [
    'P02',
    { ...P01, episode: { ...INSURER_CLAIM.episode, funding: 'SELF_PAY' } },
    withClaimConsent(),
    'DENY',
    'DENY_RECIPIENT_NOT_FUNDING_PARTY',
  ],
  [
    'P03',
    P01,
    records({
      consents: [consent('INSURER_CLAIM', { withdrawn: { at: '2026-11-25T09:00:00Z', recordedBy: 'staff-1' } })],
    }),
    'DENY',
    'DENY_CONSENT_WITHDRAWN',
  ],
  ['P04', P01, undefined, 'DENY', 'DENY_CONSENT_MISSING'],
  ['P05', { ...P01, subPurpose: 'AMRA_REPORT' }, withClaimConsent(), 'REFER', 'REFER_AMRA_REPORT'],
  ['P06', P06, undefined, 'ALLOW_WITH_REDACTION', 'ALLOW_DIRECT_CARE_IMPLIED_CONSENT'],
  ['P07', P06, gpObjection(), 'DENY', 'DENY_PATIENT_OBJECTION'],
  [
    'P08',
    {
      ...P06,
      override: {
        code: 'SAFEGUARDING',
        approverRole: 'CALDICOTT_GUARDIAN',
        approvedBy: 'cg-1',
        justification: 'Child protection concern',
      },
    },
    gpObjection(),
    'ALLOW_WITH_REDACTION',
    'ALLOW_PUBLIC_INTEREST_OVERRIDE',
  ],
  [
    'P09',
    {
      ...P06,
      override: {
        code: 'PUBLIC_INTEREST',
        approverRole: 'RESPONSIBLE_CLINICIAN',
        approvedBy: 'dr-1',
        justification: 'Serious crime',
      },
    },
    gpObjection(),
    'DENY',
    'DENY_OVERRIDE_NOT_APPROVED',
  ],
  ['P10', { ...P06, recipientId: 'gp-hillside' }, undefined, 'DENY', 'DENY_NOT_REGISTERED_GP'],
  ['P11', { ...P06, payload: payloadWithNhs('9434765918') }, undefined, 'DENY', 'ID_NHS_CHECKSUM'],
  [
    'P12',
    request({ recipientId: 'nhs-north-trust', episode: nhsFunded }),
    undefined,
    'ALLOW_WITH_REDACTION',
    'ALLOW_DIRECT_CARE_IMPLIED_CONSENT',
  ],
  [
    'P13',
    request({ recipientId: 'nhs-north-trust', purpose: 'COMMISSIONING', episode: nhsFunded }),
    records({ ndop: { status: 'OPTED_OUT', checkedAt: '2026-11-30T09:00:00Z' } }),
    'DENY',
    'DENY_NDOP_OPT_OUT',
  ],
  [
    'P14',
    request({
      recipientId: 'nhse-collections',
      purpose: 'STATUTORY_REPORTING',
      instrument: { ref: 'HSCA2012-s259:DPN-7' },
    }),
    records({ objections: [objection('ALL_NON_MANDATORY')] }),
    'ALLOW_WITH_REDACTION',
    'ALLOW_LEGAL_OBLIGATION',
  ],
  [
    'P15',
    request({
      recipientId: 'reg-gmc',
      purpose: 'REGULATORY_INVESTIGATION',
      instrument: { ref: 'MA1983-s35A:GMC-1', scope: { episodeIds: ['EP-2026-0042'] } },
    }),
    undefined,
    'ALLOW_WITH_REDACTION',
    'ALLOW_LEGAL_OBLIGATION',
  ],
  [
    'P16',
    request({ recipientId: 'reg-gmc', purpose: 'REGULATORY_INVESTIGATION' }),
    undefined,
    'REFER',
    'REFER_REGULATOR_NON_STATUTORY',
  ],
  ['P17', phin, records({ consents: [consent('PHIN_IDENTIFIERS')] }), 'ALLOW_WITH_REDACTION', 'ALLOW_LEGAL_OBLIGATION'],
  [
    'P18',
    phin,
    records({ consents: [consent('PHIN_IDENTIFIERS', { status: 'DECLINED' })] }),
    'ALLOW_WITH_REDACTION',
    'ALLOW_LEGAL_OBLIGATION',
  ],
  [
    'P19',
    { ...phin, episode: { ...phin.episode, funding: 'NHS_FUNDED' } },
    records({ consents: [consent('PHIN_IDENTIFIERS')] }),
    'DENY',
    'DENY_OUT_OF_SCOPE_PHIN_NHS_FUNDED',
  ],
  ['P20', request({ ...VITAL_INTERESTS_EMERGENCY }), undefined, 'ALLOW_WITH_REDACTION', 'ALLOW_VITAL_INTERESTS'],
  ['P21', { ...P01, purpose: 'DIRECT_CARE' }, withClaimConsent(), 'DENY', 'DENY_POLICY_UNKNOWN_FLOW'],
  ['P22', { ...P06, payload: payloadWithNhs('9990000026') }, undefined, 'DENY', 'DENY_IDENTITY_MISMATCH'],
];

export const ENGINE_SCENARIOS: readonly EngineScenario[] = ROWS.map(([id, req, snapshot, decision, first]) => ({
  id,
  input: input({ request: req, ...(snapshot ? { records: snapshot } : {}) }),
  decision,
  first,
}));
