/**
 * policy-uk.md §8 worked scenarios P01–P22 (pack 2026.1) as data, run both against decide() (unit,
 * test/unit/policy/scenarios.test.ts) and over HTTP against the local stack with the records set up
 * through the records API (test/integration/disclosures.test.ts), so the two cannot drift apart.
 */
import { expect } from 'vitest';
import type { ConsentScope, ObjectionScope, PatientRecordsSnapshot } from '../../../shared/records/model.ts';
import type { DisclosureRequest } from '../../../shared/schemas/disclosure.ts';
import { consent, fullPayload, objection, records, VITAL_INTERESTS_EMERGENCY } from './fixtures.ts';

/** A patient's records before the request, as the §8 scenarios state them. */
export interface PatientSetup {
  readonly consents?: ReadonlyArray<{
    readonly scope: ConsentScope;
    readonly status?: 'GIVEN' | 'DECLINED';
    readonly withdrawn?: boolean;
  }>;
  readonly objections?: readonly ObjectionScope[];
  readonly ndop?: 'OPTED_OUT' | 'NOT_OPTED_OUT';
}

/** What a scenario's check reads, alike in a decide() result and an HTTP answer. */
export interface ScenarioAnswer {
  readonly basis: unknown;
  readonly transformations: readonly unknown[];
  readonly payload?: Record<string, unknown> | undefined;
}

/** The ids the patient's records were given (fixed in the unit snapshot, fresh over HTTP). */
export interface ScenarioContext {
  readonly patientId: string;
  readonly consentIds: Readonly<Partial<Record<ConsentScope, string>>>;
}

export interface Scenario {
  readonly id: string;
  readonly setup?: PatientSetup;
  /** Over the §8 default request (fixtures.ts `request`). */
  readonly request: Partial<DisclosureRequest>;
  readonly decision: 'ALLOW' | 'ALLOW_WITH_REDACTION' | 'DENY' | 'REFER';
  readonly first: string;
  readonly includes?: readonly string[];
  /** Exactly the obligations (none when absent). */
  readonly obligations?: readonly string[];
  /** Exactly the `group.field` paths released. */
  readonly released?: readonly string[];
  readonly check?: (answer: ScenarioAnswer, context: ScenarioContext) => void;
}

/** A pseudonym as pseudonymisation.md writes it; the exact values are the unit test's vectors. */
export const PSEUDONYM = /^v1\.[A-Za-z0-9_-]{43}$/;

const EPISODE_CORE = [
  'episode.admissionDate',
  'episode.admissionMethod',
  'episode.classification',
  'episode.consultantGmc',
  'episode.dischargeDate',
  'episode.dischargeMethod',
  'episode.siteOdsCode',
];
export const RELEASED_2026_1 = {
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

const insured = {
  id: 'EP-2026-0042',
  type: 'APC_DAYCASE',
  funding: 'INSURED',
  payerId: 'ins-acme-health',
  referralSourceOds: null,
} as const;
const nhsFunded = { id: 'EP-2026-0042', type: 'APC_DAYCASE', funding: 'NHS_FUNDED', referralSourceOds: 'RX1' } as const;
const P01: Partial<DisclosureRequest> = {
  recipientId: 'ins-acme-health',
  purpose: 'PAYMENT',
  subPurpose: 'CLAIM',
  episode: insured,
};
const claimConsent: PatientSetup = { consents: [{ scope: 'INSURER_CLAIM' }] };
const gpObjection: PatientSetup = { objections: ['GP'] };
const PHIN: Partial<DisclosureRequest> = { recipientId: 'phin', purpose: 'STATUTORY_REPORTING' };
const withNhs = (nhsNumber: string): Partial<DisclosureRequest> => ({
  payload: { ...fullPayload(), patient: { ...fullPayload().patient, nhsNumber } },
});

export const SCENARIOS_2026_1: readonly Scenario[] = [
  {
    id: 'P01',
    request: P01,
    setup: claimConsent,
    decision: 'ALLOW_WITH_REDACTION',
    first: 'ALLOW_EXPLICIT_CONSENT',
    includes: ['REDACT_MINIMISATION', 'REDACT_FREE_TEXT'],
    released: RELEASED_2026_1.insurer,
    check: (answer, { consentIds }) => {
      expect(answer.basis).toEqual({
        source: 'PATIENT_CONSENT',
        recordId: consentIds.INSURER_CLAIM,
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
      expect(answer.transformations).toContainEqual({
        path: 'patient.nhsNumber',
        action: 'DROPPED',
        reason: 'REDACT_MINIMISATION',
      });
      expect(answer.payload?.['financial']).toEqual(fullPayload().financial);
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
    released: RELEASED_2026_1.directCare,
    check: (answer) =>
      expect(answer.basis).toMatchObject({
        source: 'ROPA',
        art6: 'b',
        art9: 'h',
        dpaSch1Para: '2',
        commonLaw: 'IMPLIED_CONSENT',
      }),
  },
  { id: 'P07', request: {}, setup: gpObjection, decision: 'DENY', first: 'DENY_PATIENT_OBJECTION' },
  {
    id: 'P08',
    setup: gpObjection,
    decision: 'ALLOW_WITH_REDACTION',
    first: 'ALLOW_PUBLIC_INTEREST_OVERRIDE',
    obligations: ['INFORM_PATIENT_IF_PRACTICABLE', 'RETROSPECTIVE_CG_REVIEW'],
    released: RELEASED_2026_1.directCare,
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
    released: RELEASED_2026_1.directCare,
    check: (answer) => expect(answer.basis).toMatchObject({ source: 'ROPA', art6: 'e' }),
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
    released: RELEASED_2026_1.nhsStatutory,
    check: (answer) => {
      expect(answer.basis).toMatchObject({
        source: 'INSTRUMENT',
        recordId: 'HSCA2012-s259:DPN-7',
        art6: 'c',
        art9: 'h',
      });
      expect(answer.payload?.['clinical']).toMatchObject({
        diagnoses: [{ code: 'M16.1' }],
        procedures: [{ code: 'W37.1', date: '2026-03-01' }],
      });
      expect(answer.transformations).toContainEqual({
        path: 'clinical.diagnoses[0].description',
        action: 'DROPPED',
        reason: 'REDACT_FREE_TEXT',
      });
    },
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
    released: RELEASED_2026_1.regulator,
    check: (answer) =>
      expect(answer.basis).toMatchObject({ source: 'INSTRUMENT', art6: 'c', art9: 'g', dpaSch1Para: '6' }),
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
    released: RELEASED_2026_1.phinClear,
    check: (answer, { patientId }) => {
      // Pseudonymised: the local id the patient is known by is nowhere in what is released.
      expect(JSON.stringify(answer.payload)).not.toContain(patientId);
      expect(answer.payload?.['patient']).toMatchObject({
        nhsNumber: '9990000018',
        dateOfBirth: '1964-08-23',
        postcode: 'SW1A 1AA',
        localId: expect.stringMatching(PSEUDONYM) as unknown,
      });
      expect(answer.payload?.['episode']).toMatchObject({
        episodeKey: expect.stringMatching(PSEUDONYM) as unknown,
        funding: 'SELF_PAY',
      });
      for (const path of ['patient.localId', 'episode.episodeKey'])
        expect(answer.transformations).toContainEqual({ path, action: 'PSEUDONYMISED', reason: 'PSEUDONYMISED' });
      expect(answer.basis).toMatchObject({ source: 'INSTRUMENT', art6: 'c', art9: 'i', dpaSch1Para: '3' });
    },
  },
  {
    id: 'P18',
    request: PHIN,
    setup: { consents: [{ scope: 'PHIN_IDENTIFIERS', status: 'DECLINED' }] },
    decision: 'ALLOW_WITH_REDACTION',
    first: 'ALLOW_LEGAL_OBLIGATION',
    includes: ['REDACT_PHIN_IDENTIFIERS_NO_CONSENT', 'GENERALISED'],
    released: RELEASED_2026_1.phinProtected,
    check: (answer) => {
      expect(answer.payload?.['patient']).toMatchObject({ ageBand: '60-64', postcode: 'SW1A 1' });
      expect(answer.transformations).toContainEqual({
        path: 'patient.nhsNumber',
        action: 'DROPPED',
        reason: 'REDACT_PHIN_IDENTIFIERS_NO_CONSENT',
      });
      expect(answer.transformations).toContainEqual({
        path: 'patient.dateOfBirth',
        action: 'GENERALISED',
        reason: 'REDACT_PHIN_IDENTIFIERS_NO_CONSENT',
      });
    },
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
    released: RELEASED_2026_1.emergency,
    request: { ...VITAL_INTERESTS_EMERGENCY },
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

/** The unit snapshot of a setup: the fixtures' records, consent ids `cons-<scope>`. */
export function snapshotOf(setup: PatientSetup = {}): { records: PatientRecordsSnapshot; context: ScenarioContext } {
  const consents = (setup.consents ?? []).map(({ scope, status, withdrawn }) =>
    consent(scope, {
      ...(status ? { status } : {}),
      ...(withdrawn ? { withdrawn: { at: '2026-11-25T09:00:00Z', recordedBy: 'staff-1' } } : {}),
    }),
  );
  return {
    records: records({
      consents,
      objections: (setup.objections ?? []).map((scope) => objection(scope)),
      ...(setup.ndop ? { ndop: { status: setup.ndop, checkedAt: '2026-11-30T09:00:00Z' } } : {}),
    }),
    context: {
      patientId: String(fullPayload().patient?.localId),
      consentIds: Object.fromEntries(consents.map((c) => [c.scope, c.consentId])),
    },
  };
}
