/**
 * policy-uk.md §8 end to end: every worked scenario P01–P22 over HTTP against the real stack, with
 * the patient's records set up through the records API, then the idempotency promise of api.md
 * §4.1 (same requestId twice → same answer, same receipt, ONE audit entry; other body → 409).
 */
import { describe, expect, it } from 'vitest';
import { canonicalDigest } from '../../shared/canonical-json.ts';
import type { DisclosureRequest } from '../../shared/schemas/disclosure.ts';
import { decisionAnswerSchema, type DecisionAnswerBody } from '../../shared/schemas/responses.ts';
import { fullPayload } from '../unit/policy/fixtures.ts';
import {
  decisionEntries,
  preparePatient,
  requestFor,
  type PatientSetup,
  type PreparedPatient,
} from '../support/scenarios.ts';
import { demo, freshPatientId } from '../support/stack.ts';

const EPISODE_CORE = [
  'episode.admissionDate',
  'episode.admissionMethod',
  'episode.classification',
  'episode.consultantGmc',
  'episode.dischargeDate',
  'episode.dischargeMethod',
  'episode.siteOdsCode',
];
const CLINICAL_CODED = ['clinical.diagnoses', 'clinical.procedures'];
const RELEASED = {
  insurer: [
    'patient.name',
    'patient.dateOfBirth',
    'patient.sex',
    'patient.insuranceMembershipNumber',
    ...EPISODE_CORE,
    'episode.preAuthorisationRef',
    'episode.policyNumber',
    ...CLINICAL_CODED,
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
    ...CLINICAL_CODED,
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
    ...CLINICAL_CODED,
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
    ...CLINICAL_CODED,
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
    ...CLINICAL_CODED,
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
    ...CLINICAL_CODED,
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
    ...CLINICAL_CODED,
    'clinical.medicationsOnDischarge',
    'clinical.allergies',
    'clinical.results',
    'clinical.followUpPlan',
  ],
};

type Overrides = Partial<DisclosureRequest>;
interface Scenario {
  readonly id: string;
  readonly setup?: PatientSetup;
  readonly request: Overrides;
  readonly decision: DecisionAnswerBody['decision'];
  readonly first: string;
  readonly includes?: readonly string[];
  readonly obligations?: readonly string[];
  readonly released?: readonly string[];
  readonly check?: (answer: DecisionAnswerBody, patient: PreparedPatient) => void;
}

const insured = {
  id: 'EP-2026-0042',
  type: 'APC_DAYCASE',
  funding: 'INSURED',
  payerId: 'ins-acme-health',
  referralSourceOds: null,
} as const;
const nhsFunded = { id: 'EP-2026-0042', type: 'APC_DAYCASE', funding: 'NHS_FUNDED', referralSourceOds: 'RX1' } as const;
const P01: Overrides = { recipientId: 'ins-acme-health', purpose: 'PAYMENT', subPurpose: 'CLAIM', episode: insured };
const claimConsent: PatientSetup = { consents: [{ scope: 'INSURER_CLAIM' }] };
const gpObjection: PatientSetup = { objections: ['GP'] };
const PHIN: Overrides = { recipientId: 'phin', purpose: 'STATUTORY_REPORTING' };
const withNhs = (nhsNumber: string): Overrides => ({
  payload: { ...fullPayload(), patient: { ...fullPayload().patient, nhsNumber } },
});
const pseudonym = /^v1\.[A-Za-z0-9_-]{43}$/;

const SCENARIOS: Scenario[] = [
  {
    id: 'P01',
    request: P01,
    setup: claimConsent,
    decision: 'ALLOW_WITH_REDACTION',
    first: 'ALLOW_EXPLICIT_CONSENT',
    includes: ['REDACT_MINIMISATION', 'REDACT_FREE_TEXT'],
    obligations: [],
    released: RELEASED.insurer,
    check: (answer, patient) => {
      expect(answer.basis).toEqual({
        source: 'PATIENT_CONSENT',
        recordId: patient.consentIds.INSURER_CLAIM,
        art6: 'b',
        art9: 'a',
        dpaSch1Para: null,
        commonLaw: 'EXPLICIT_CONSENT',
      });
      expect(answer.transformations).toContainEqual({
        path: 'narrative.notes',
        action: 'DROPPED',
        reason: 'REDACT_FREE_TEXT',
      });
      expect(answer.payload?.financial).toEqual(fullPayload().financial);
    },
  },
  {
    id: 'P02',
    request: { ...P01, episode: { ...insured, funding: 'SELF_PAY' } },
    setup: claimConsent,
    decision: 'DENY',
    first: 'DENY_RECIPIENT_NOT_FUNDING_PARTY',
  },
  {
    id: 'P03',
    request: P01,
    setup: { consents: [{ scope: 'INSURER_CLAIM', withdrawn: true }] },
    decision: 'DENY',
    first: 'DENY_CONSENT_WITHDRAWN',
    obligations: ['NOTIFY_BILLING_SELF_PAY'],
  },
  { id: 'P04', request: P01, decision: 'DENY', first: 'DENY_CONSENT_MISSING' },
  {
    id: 'P05',
    request: { ...P01, subPurpose: 'AMRA_REPORT' },
    setup: claimConsent,
    decision: 'REFER',
    first: 'REFER_AMRA_REPORT',
  },
  {
    id: 'P06',
    request: {},
    decision: 'ALLOW_WITH_REDACTION',
    first: 'ALLOW_DIRECT_CARE_IMPLIED_CONSENT',
    obligations: [],
    released: RELEASED.directCare,
  },
  { id: 'P07', request: {}, setup: gpObjection, decision: 'DENY', first: 'DENY_PATIENT_OBJECTION' },
  {
    id: 'P08',
    setup: gpObjection,
    decision: 'ALLOW_WITH_REDACTION',
    first: 'ALLOW_PUBLIC_INTEREST_OVERRIDE',
    obligations: ['INFORM_PATIENT_IF_PRACTICABLE', 'RETROSPECTIVE_CG_REVIEW'],
    released: RELEASED.directCare,
    request: {
      override: {
        code: 'SAFEGUARDING',
        approverRole: 'CALDICOTT_GUARDIAN',
        approvedBy: 'cg-1',
        justification: 'Child protection concern',
      },
    },
  },
  {
    id: 'P09',
    setup: gpObjection,
    decision: 'DENY',
    first: 'DENY_OVERRIDE_NOT_APPROVED',
    request: {
      override: {
        code: 'PUBLIC_INTEREST',
        approverRole: 'RESPONSIBLE_CLINICIAN',
        approvedBy: 'dr-1',
        justification: 'Serious crime',
      },
    },
  },
  { id: 'P10', request: { recipientId: 'gp-hillside' }, decision: 'DENY', first: 'DENY_NOT_REGISTERED_GP' },
  { id: 'P11', request: withNhs('9434765918'), decision: 'DENY', first: 'ID_NHS_CHECKSUM' },
  {
    id: 'P12',
    request: { recipientId: 'nhs-north-trust', episode: nhsFunded },
    decision: 'ALLOW_WITH_REDACTION',
    first: 'ALLOW_DIRECT_CARE_IMPLIED_CONSENT',
    released: RELEASED.directCare,
  },
  {
    id: 'P13',
    request: { recipientId: 'nhs-north-trust', purpose: 'COMMISSIONING', episode: nhsFunded },
    setup: { ndop: 'OPTED_OUT' },
    decision: 'DENY',
    first: 'DENY_NDOP_OPT_OUT',
  },
  {
    id: 'P14',
    request: {
      recipientId: 'nhse-collections',
      purpose: 'STATUTORY_REPORTING',
      instrument: { ref: 'HSCA2012-s259:DPN-7' },
    },
    setup: { objections: ['ALL_NON_MANDATORY'] },
    decision: 'ALLOW_WITH_REDACTION',
    first: 'ALLOW_LEGAL_OBLIGATION',
    includes: ['OBJECTION_NOT_APPLICABLE_MANDATORY'],
    released: RELEASED.nhsStatutory,
  },
  {
    id: 'P15',
    request: {
      recipientId: 'reg-gmc',
      purpose: 'REGULATORY_INVESTIGATION',
      instrument: { ref: 'MA1983-s35A:GMC-1', scope: { episodeIds: ['EP-2026-0042'] } },
    },
    decision: 'ALLOW_WITH_REDACTION',
    first: 'ALLOW_LEGAL_OBLIGATION',
    obligations: ['INFORM_PATIENT_IF_PRACTICABLE'],
    released: RELEASED.regulator,
  },
  {
    id: 'P16',
    request: { recipientId: 'reg-gmc', purpose: 'REGULATORY_INVESTIGATION' },
    decision: 'REFER',
    first: 'REFER_REGULATOR_NON_STATUTORY',
  },
  {
    id: 'P17',
    request: PHIN,
    setup: { consents: [{ scope: 'PHIN_IDENTIFIERS' }] },
    decision: 'ALLOW_WITH_REDACTION',
    first: 'ALLOW_LEGAL_OBLIGATION',
    includes: ['PSEUDONYMISED'],
    released: RELEASED.phinClear,
    check: (answer, patient) => {
      expect(answer.payload?.patient).toMatchObject({
        nhsNumber: '9990000018',
        dateOfBirth: '1964-08-23',
        postcode: 'SW1A 1AA',
        localId: expect.stringMatching(pseudonym) as unknown,
      });
      expect(answer.payload?.episode).toMatchObject({
        episodeKey: expect.stringMatching(pseudonym) as unknown,
        funding: 'SELF_PAY',
      });
      expect(JSON.stringify(answer.payload)).not.toContain(patient.patientId);
    },
  },
  {
    id: 'P18',
    request: PHIN,
    setup: { consents: [{ scope: 'PHIN_IDENTIFIERS', status: 'DECLINED' }] },
    decision: 'ALLOW_WITH_REDACTION',
    first: 'ALLOW_LEGAL_OBLIGATION',
    includes: ['REDACT_PHIN_IDENTIFIERS_NO_CONSENT'],
    released: RELEASED.phinProtected,
    check: (answer) => expect(answer.payload?.patient).toMatchObject({ ageBand: '60-64', postcode: 'SW1A 1' }),
  },
  {
    id: 'P19',
    request: { ...PHIN, episode: { ...insured, payerId: null, funding: 'NHS_FUNDED' } },
    setup: { consents: [{ scope: 'PHIN_IDENTIFIERS' }] },
    decision: 'DENY',
    first: 'DENY_OUT_OF_SCOPE_PHIN_NHS_FUNDED',
  },
  {
    id: 'P20',
    decision: 'ALLOW_WITH_REDACTION',
    first: 'ALLOW_VITAL_INTERESTS',
    obligations: ['RETROSPECTIVE_CG_REVIEW'],
    released: RELEASED.emergency,
    request: {
      recipientId: 'emergency-dept',
      purpose: 'VITAL_INTERESTS',
      patientContext: { capacity: 'UNCONSCIOUS' },
      override: {
        code: 'VITAL_INTERESTS',
        approverRole: 'RESPONSIBLE_CLINICIAN',
        approvedBy: 'dr-2',
        justification: 'Collapsed in ED',
      },
    },
  },
  {
    id: 'P21',
    request: { ...P01, purpose: 'DIRECT_CARE' },
    setup: claimConsent,
    decision: 'DENY',
    first: 'DENY_POLICY_UNKNOWN_FLOW',
    check: (answer) => expect(answer.basis).toBeNull(),
  },
  { id: 'P22', request: withNhs('9990000026'), decision: 'DENY', first: 'DENY_IDENTITY_MISMATCH' },
];

const released = (payload: Record<string, unknown> | undefined) =>
  Object.entries(payload ?? {})
    .flatMap(([group, fields]) => Object.keys(fields as object).map((field) => `${group}.${field}`))
    .sort();

describe('policy-uk.md §8 worked scenarios over HTTP', () => {
  it.each(SCENARIOS)('$id → $decision $first, idempotent with one audit entry', async (scenario) => {
    // Prepare
    const client = demo.clinical();
    const patient = await preparePatient(client, freshPatientId(), scenario.setup);
    const body = requestFor(patient.patientId, scenario.request);

    // Act
    const first = await client.request('POST', '/v1/disclosures', body);
    const again = await client.request('POST', '/v1/disclosures', body);
    const conflict = await client.request('POST', '/v1/disclosures', {
      ...body,
      purpose: body.purpose === 'PAYMENT' ? 'DIRECT_CARE' : 'PAYMENT',
    });

    // Assess
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const answer = decisionAnswerSchema.parse(first.body);
    expect([answer.decision, answer.reasonCodes[0]]).toEqual([scenario.decision, scenario.first]);
    expect(answer.reasonCodes).toEqual(expect.arrayContaining([...(scenario.includes ?? [])]));
    if (scenario.obligations) expect(answer.obligations).toEqual(scenario.obligations);
    if (scenario.released) expect(released(answer.payload)).toEqual([...scenario.released].sort());
    if (answer.decision === 'DENY' || answer.decision === 'REFER') {
      expect([answer.payload, answer.payloadDigest, answer.authorisation]).toEqual([undefined, undefined, undefined]);
    } else {
      expect(answer.payloadDigest).toBe(canonicalDigest(answer.payload));
      expect(answer.authorisation).toEqual(expect.any(String));
    }
    scenario.check?.(answer, patient);
    const { authorisation: _a1, ...stable } = answer;
    const { authorisation: _a2, ...stableAgain } = decisionAnswerSchema.parse(again.body);
    expect(stableAgain).toEqual(stable);
    expect(await decisionEntries(answer.receipt.origin, patient.patientId, body.requestId)).toHaveLength(1);
    expect([conflict.status, (conflict.body as { code: string }).code]).toEqual([409, 'idempotency_conflict']);
  });
});
