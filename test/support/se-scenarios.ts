/**
 * policy-se.md §8 as data: the baseline payload and the worked scenarios S01–S24, each as the
 * records to set up (relative to the decision time) and the request to make, with what the answer
 * must show. The unit test builds a records snapshot from a scenario; the HTTP test records the
 * same things through the API against org `demo-se`.
 */
import type { ConsentForm, ConsentScope, ObjectionScope } from '../../shared/records/model.ts';
import type { DisclosurePayload, DisclosureRequest } from '../../shared/schemas/disclosure.ts';

export const SE_ORG = 'demo-se';
export const HUD1 = 'SE5599000014-HUD1';
export const HUD2 = 'SE5599000014-HUD2';
export const PN1_PERSONNUMMER = '640823-3234';
export const PN1_STORED = '196408233234';
export const PN2_SAMORDNINGSNUMMER = '701063-2391';
export const PN2_STORED = '197010632391';

export function sePayload(): DisclosurePayload {
  return {
    patient: {
      personnummer: PN1_PERSONNUMMER,
      localId: 'PN-1',
      name: { given: 'Eva', family: 'Testsson' },
      dateOfBirth: '1964-08-23',
      sex: 'F',
      address: ['Provgatan 1', '111 11 Stockholm'],
      phone: '070-000 00 00',
      email: 'eva@example.invalid',
      insuranceMembershipNumber: 'TRYGG-778899',
    },
    episode: {
      admissionDate: '2026-03-02',
      dischargeDate: '2026-03-02',
      careUnitId: HUD1,
      clinicianHsaId: 'SE5599000014-L042',
      claimNumber: 'SK-2026-5521',
      policyNumber: 'P-9',
      preAuthorisationRef: 'BF-31',
    },
    clinical: {
      diagnoses: [
        { code: 'L40.0', description: 'Psoriasis vulgaris' },
        { code: 'A63.0', description: 'Anogenitala kondylom', careUnitId: HUD2 },
      ],
      procedures: [{ code: 'DQ019', date: '2026-03-02', description: 'Exempelåtgärd' }],
      contactReason: 'Utslag på armarna',
      medicationsOnDischarge: ['Betametason kräm'],
      allergies: ['Penicillin'],
      results: ['Biopsi utan malignitet'],
      followUpPlan: 'Återbesök om 8 veckor',
      adverseEvents: [],
      proms: [{ instrument: 'DLQI', preScore: 14, postScore: 4, preDate: '2026-03-02', postDate: '2026-05-04' }],
      clinicalNecessity: 'Utbredd psoriasis trots lokalbehandling',
    },
    financial: {
      invoiceLines: [{ code: 'BESOK', description: 'Läkarbesök', amount: 145000, currency: 'SEK' }],
      totalAmount: 145000,
      currency: 'SEK',
    },
    absence: {
      firstDay: '2026-03-02',
      lastDay: '2026-03-04',
      partTimePercent: 100,
      reportedAt: '2026-03-02T07:12:00Z',
    },
    narrative: { notes: 'Intern anteckning', letter: 'Remissvar till vårdcentralen.' },
  };
}

/** Values no explanation may name (identifiers, names, payload values). */
export const SE_SENSITIVE_VALUES = [
  '640823',
  '196408233234',
  '701063',
  'Testsson',
  'Provgatan',
  'TRYGG-778899',
  'SK-2026-5521',
  'Psoriasis',
  'kondylom',
  'Utslag',
  'anteckning',
  'Remissvar',
];

export interface SeConsentSetup {
  readonly scope: ConsentScope;
  readonly form?: ConsentForm;
  readonly recipientId?: string;
  readonly careUnitId?: string;
  /** Days until it expires (lift consents). */
  readonly expiresInDays?: number;
  /** Withdrawn an hour before the decision. */
  readonly withdrawn?: boolean;
}

export interface SeRecordsSetup {
  readonly patient: 'PN-1' | 'PN-2';
  readonly consents?: readonly SeConsentSetup[];
  readonly objections?: readonly ObjectionScope[];
  readonly blocks?: ReadonlyArray<{ readonly kind: 'INRE' | 'YTTRE'; readonly careUnitId?: string }>;
  readonly careRelationWith?: string;
  /** Hours since the spärr check (CHECKED); null: none on record. Default 1. */
  readonly sparrCheckAgeHours?: number | null;
}

export interface SeExpectation {
  readonly decision: 'ALLOW' | 'ALLOW_WITH_REDACTION' | 'DENY' | 'REFER';
  readonly first: string;
  readonly includes?: readonly string[];
  readonly excludes?: readonly string[];
  readonly obligations?: readonly string[];
  /** Paths (with the request's indexes) that must be released, or dropped with the given reason. */
  readonly kept?: readonly string[];
  readonly dropped?: Readonly<Record<string, string | true>>;
  readonly secrecy?: string;
  /** Exactly these `group.field` paths released. */
  readonly releasedExactly?: readonly string[];
  readonly releasedValues?: Readonly<Record<string, unknown>>;
}

export interface SeScenario {
  readonly id: string;
  readonly records: SeRecordsSetup;
  readonly request: Omit<Partial<DisclosureRequest>, 'payload'> & { readonly recipientId: string };
  readonly payload?: (payload: DisclosurePayload) => DisclosurePayload;
  readonly expect: SeExpectation;
}

const SJF_CONSENT: SeConsentSetup = { scope: 'SE_SJF', form: 'ELECTRONIC', recipientId: 'se-vc-norr' };
const SJF_RECORDS: SeRecordsSetup = { patient: 'PN-1', consents: [SJF_CONSENT], careRelationWith: 'se-vc-norr' };
const SJF_REQUEST = { recipientId: 'se-vc-norr', purpose: 'DIRECT_CARE', subPurpose: 'SJF' } as const;
const NOD = {
  patientContext: { capacity: 'UNCONSCIOUS' },
  override: {
    code: 'SE_NODATKOMST',
    approverRole: 'RESPONSIBLE_CLINICIAN',
    approvedBy: 'lak-042',
    justification: 'Medvetslös patient',
  },
} as const;
const INRE_HUD2 = { kind: 'INRE', careUnitId: HUD2 } as const;
const YTTRE = { kind: 'YTTRE' } as const;
const INSURED = { id: 'EP-SE-1', type: 'OUTPATIENT', funding: 'INSURED', payerId: 'se-fb-trygg' } as const;
const INSURER_REQUEST = {
  recipientId: 'se-fb-trygg',
  purpose: 'PAYMENT',
  subPurpose: 'CLAIM',
  episode: INSURED,
} as const;
const INSURER_RECORDS: SeRecordsSetup = {
  patient: 'PN-1',
  consents: [{ scope: 'SE_FORSAKRING' }],
  blocks: [INRE_HUD2],
};
const CARE_KEPT = ['clinical.diagnoses[0]', 'clinical.diagnoses[1]', 'clinical.contactReason', 'narrative.letter'];
const CARE_DROPPED = {
  'patient.insuranceMembershipNumber': 'REDACT_MINIMISATION',
  'episode.claimNumber': 'REDACT_MINIMISATION',
  'clinical.clinicalNecessity': 'REDACT_FREE_TEXT',
  'financial.invoiceLines': 'REDACT_MINIMISATION',
  'absence.firstDay': 'REDACT_MINIMISATION',
  'narrative.notes': 'REDACT_FREE_TEXT',
} as const;
const QR = { recipientId: 'se-kvr-hud', purpose: 'CLINICAL_AUDIT' } as const;

export const SE_SCENARIOS: readonly SeScenario[] = [
  {
    id: 'S01',
    records: SJF_RECORDS,
    request: SJF_REQUEST,
    expect: {
      decision: 'ALLOW_WITH_REDACTION',
      first: 'ALLOW_EXPLICIT_CONSENT',
      includes: ['REDACT_MINIMISATION', 'REDACT_FREE_TEXT'],
      kept: CARE_KEPT,
      dropped: CARE_DROPPED,
      secrecy: 'CONSENT',
    },
  },
  {
    id: 'S02',
    records: { ...SJF_RECORDS, blocks: [YTTRE] },
    request: SJF_REQUEST,
    expect: { decision: 'DENY', first: 'DENY_SE_YTTRE_SPARR' },
  },
  {
    id: 'S03',
    records: { ...SJF_RECORDS, blocks: [YTTRE] },
    request: { ...SJF_REQUEST, ...NOD },
    expect: { decision: 'DENY', first: 'DENY_SE_YTTRE_SPARR' },
  },
  {
    id: 'S04',
    records: { ...SJF_RECORDS, blocks: [INRE_HUD2] },
    request: SJF_REQUEST,
    expect: {
      decision: 'ALLOW_WITH_REDACTION',
      first: 'ALLOW_EXPLICIT_CONSENT',
      includes: ['REDACT_SE_SPARRADE_UPPGIFTER'],
      kept: ['clinical.diagnoses[0]'],
      dropped: { 'clinical.diagnoses[1]': 'REDACT_SE_SPARRADE_UPPGIFTER' },
    },
  },
  {
    id: 'S05',
    records: {
      ...SJF_RECORDS,
      consents: [SJF_CONSENT, { scope: 'SE_SAMTYCKE_HAVNING', careUnitId: HUD2, expiresInDays: 3 }],
      blocks: [INRE_HUD2],
    },
    request: SJF_REQUEST,
    expect: {
      decision: 'ALLOW_WITH_REDACTION',
      first: 'ALLOW_EXPLICIT_CONSENT',
      includes: ['SE_INRE_SPARR_LIFTED'],
      excludes: ['REDACT_SE_SPARRADE_UPPGIFTER'],
      kept: ['clinical.diagnoses[1]'],
    },
  },
  {
    id: 'S06',
    records: { patient: 'PN-1', careRelationWith: 'se-vc-norr', blocks: [INRE_HUD2] },
    request: { ...SJF_REQUEST, ...NOD },
    expect: {
      decision: 'ALLOW_WITH_REDACTION',
      first: 'ALLOW_SE_NODATKOMST',
      includes: ['SE_INRE_SPARR_LIFTED'],
      obligations: ['NOTIFY_PATIENT_AFTER', 'LOG_REVIEW'],
      kept: ['clinical.diagnoses[1]'],
      secrecy: 'EMERGENCY',
    },
  },
  {
    id: 'S07',
    records: { patient: 'PN-1', careRelationWith: 'se-vc-norr' },
    request: SJF_REQUEST,
    expect: { decision: 'DENY', first: 'DENY_CONSENT_MISSING' },
  },
  {
    id: 'S08',
    records: { ...SJF_RECORDS, sparrCheckAgeHours: 30 },
    request: SJF_REQUEST,
    expect: { decision: 'DENY', first: 'DENY_SE_SPARR_STATUS_UNKNOWN' },
  },
  {
    id: 'S09',
    records: { patient: 'PN-1', consents: [{ scope: 'SE_VARD_UTLAMNANDE', form: 'VERBAL' }], blocks: [YTTRE] },
    request: { recipientId: 'se-hudklinik-syd', purpose: 'DIRECT_CARE', subPurpose: 'REMISS' },
    expect: {
      decision: 'ALLOW_WITH_REDACTION',
      first: 'ALLOW_EXPLICIT_CONSENT',
      includes: ['SE_SPARR_NOT_APPLICABLE'],
      kept: CARE_KEPT,
      dropped: CARE_DROPPED,
    },
  },
  {
    id: 'S10',
    records: { patient: 'PN-1', blocks: [INRE_HUD2], sparrCheckAgeHours: null },
    request: {
      recipientId: 'se-akuten',
      purpose: 'VITAL_INTERESTS',
      patientContext: { capacity: 'UNCONSCIOUS' },
      override: { ...NOD.override, approverRole: 'VERKSAMHETSCHEF', approvedBy: 'vc-001' },
    },
    expect: {
      decision: 'ALLOW_WITH_REDACTION',
      first: 'ALLOW_VITAL_INTERESTS',
      includes: ['SE_INRE_SPARR_LIFTED'],
      obligations: ['NOTIFY_PATIENT_AFTER', 'LOG_REVIEW'],
      dropped: { 'patient.address': true, 'clinical.proms': true, 'narrative.letter': true, 'narrative.notes': true },
      secrecy: 'EMERGENCY',
    },
  },
  {
    id: 'S11',
    records: INSURER_RECORDS,
    request: INSURER_REQUEST,
    expect: {
      decision: 'ALLOW_WITH_REDACTION',
      first: 'ALLOW_EXPLICIT_CONSENT',
      includes: ['REDACT_SE_SPARRADE_UPPGIFTER', 'REDACT_MINIMISATION', 'REDACT_FREE_TEXT'],
      kept: [
        'patient.personnummer',
        'patient.insuranceMembershipNumber',
        'episode.claimNumber',
        'clinical.diagnoses[0]',
        'clinical.clinicalNecessity',
        'financial.invoiceLines',
      ],
      dropped: {
        'clinical.diagnoses[1]': 'REDACT_SE_SPARRADE_UPPGIFTER',
        'patient.address': true,
        'clinical.contactReason': true,
        'absence.firstDay': true,
        'narrative.notes': true,
      },
    },
  },
  {
    id: 'S12',
    records: { ...INSURER_RECORDS, consents: [] },
    request: INSURER_REQUEST,
    expect: { decision: 'DENY', first: 'DENY_CONSENT_MISSING' },
  },
  {
    id: 'S13',
    records: { ...INSURER_RECORDS, consents: [{ scope: 'SE_FORSAKRING', withdrawn: true }] },
    request: INSURER_REQUEST,
    expect: { decision: 'DENY', first: 'DENY_CONSENT_WITHDRAWN', obligations: ['NOTIFY_BILLING_SELF_PAY'] },
  },
  {
    id: 'S14',
    records: { patient: 'PN-1', objections: ['ALL_NON_MANDATORY'], blocks: [YTTRE] },
    request: {
      recipientId: 'se-fk',
      purpose: 'SOCIAL_INSURANCE',
      instrument: { ref: 'SE-SFB-110-31:FK-2026-4411', scope: { episodeIds: ['EP-SE-1'] } },
    },
    expect: {
      decision: 'ALLOW_WITH_REDACTION',
      first: 'ALLOW_LEGAL_OBLIGATION',
      includes: ['OBJECTION_NOT_APPLICABLE_MANDATORY', 'SE_SPARR_NOT_APPLICABLE'],
      kept: ['clinical.diagnoses[0]', 'clinical.results', 'clinical.followUpPlan', 'narrative.letter'],
      dropped: {
        'clinical.contactReason': true,
        'clinical.medicationsOnDischarge': true,
        'financial.invoiceLines': true,
        'narrative.notes': true,
      },
    },
  },
  {
    id: 'S15',
    records: { patient: 'PN-1' },
    request: { recipientId: 'se-ag-demo', purpose: 'ABSENCE_ADMINISTRATION' },
    expect: {
      decision: 'ALLOW_WITH_REDACTION',
      first: 'ALLOW_SE_EMPLOYER_AGREEMENT',
      includes: ['REDACT_MINIMISATION', 'REDACT_FREE_TEXT'],
      releasedExactly: [
        'absence.firstDay',
        'absence.lastDay',
        'absence.partTimePercent',
        'absence.reportedAt',
        'patient.name',
        'patient.personnummer',
      ],
    },
  },
  {
    id: 'S16',
    records: { patient: 'PN-1' },
    request: { recipientId: 'se-ag-utan-avtal', purpose: 'ABSENCE_ADMINISTRATION' },
    expect: { decision: 'DENY', first: 'DENY_SE_NO_EMPLOYER_AGREEMENT' },
  },
  {
    id: 'S17',
    records: { patient: 'PN-1', blocks: [YTTRE, INRE_HUD2] },
    request: {
      recipientId: 'se-ivo',
      purpose: 'REGULATORY_INVESTIGATION',
      instrument: { ref: 'SE-PSL-7-20:IVO-2026-0815', scope: { episodeIds: ['EP-SE-1'] } },
    },
    expect: {
      decision: 'ALLOW_WITH_REDACTION',
      first: 'ALLOW_LEGAL_OBLIGATION',
      includes: ['SE_SPARR_NOT_APPLICABLE'],
      kept: ['clinical.diagnoses[1]', 'clinical.contactReason', 'narrative.notes'],
      dropped: { 'patient.address': true, 'financial.invoiceLines': true, 'absence.firstDay': true },
    },
  },
  {
    id: 'S18',
    records: { patient: 'PN-1', objections: ['ALL_NON_MANDATORY'] },
    request: { recipientId: 'se-sos-par', purpose: 'STATUTORY_REPORTING' },
    expect: {
      decision: 'ALLOW_WITH_REDACTION',
      first: 'ALLOW_LEGAL_OBLIGATION',
      includes: ['OBJECTION_NOT_APPLICABLE_MANDATORY'],
      releasedValues: {
        'patient.personnummer': PN1_STORED,
        'clinical.diagnoses': [{ code: 'L40.0' }, { code: 'A63.0' }],
        'clinical.procedures': [{ code: 'DQ019', date: '2026-03-02' }],
      },
      dropped: { 'patient.name': true },
    },
  },
  {
    id: 'S19',
    records: { patient: 'PN-1' },
    request: QR,
    expect: {
      decision: 'ALLOW_WITH_REDACTION',
      first: 'ALLOW_SE_KVALITETSREGISTER',
      kept: ['clinical.proms'],
      releasedValues: { 'clinical.diagnoses': [{ code: 'L40.0' }, { code: 'A63.0' }] },
      dropped: { 'patient.name': true, 'clinical.contactReason': true, 'narrative.letter': true },
    },
  },
  {
    id: 'S20',
    records: { patient: 'PN-1', objections: ['SE_KVALITETSREGISTER'] },
    request: QR,
    expect: { decision: 'DENY', first: 'DENY_PATIENT_OBJECTION', obligations: ['SE_REQUEST_REGISTER_ERASURE'] },
  },
  {
    id: 'S21',
    records: { patient: 'PN-1' },
    request: { recipientId: 'se-polisen', purpose: 'CRIME' },
    expect: { decision: 'REFER', first: 'REFER_SE_POLIS_SEKRETESSPROVNING' },
  },
  {
    id: 'S22',
    records: SJF_RECORDS,
    request: SJF_REQUEST,
    payload: (payload) => ({ ...payload, patient: { ...payload.patient, personnummer: '640823-3233' } }),
    expect: { decision: 'DENY', first: 'ID_SE_CHECKSUM' },
  },
  {
    id: 'S23',
    records: { ...SJF_RECORDS, patient: 'PN-2' },
    request: SJF_REQUEST,
    payload: (payload) => {
      const { personnummer: _personnummer, ...patient } = payload.patient ?? {};
      return { ...payload, patient: { ...patient, localId: 'PN-2', samordningsnummer: PN2_SAMORDNINGSNUMMER } };
    },
    expect: {
      decision: 'ALLOW_WITH_REDACTION',
      first: 'ALLOW_EXPLICIT_CONSENT',
      releasedValues: { 'patient.samordningsnummer': PN2_STORED },
    },
  },
  {
    id: 'S24',
    records: { patient: 'PN-1' },
    request: {
      recipientId: 'ins-acme-health',
      purpose: 'PAYMENT',
      subPurpose: 'CLAIM',
      episode: { ...INSURED, payerId: 'ins-acme-health' },
    },
    expect: { decision: 'DENY', first: 'DENY_POLICY_UNKNOWN_FLOW' },
  },
];

/** The request a scenario makes, for a patient id of the caller's choosing. */
export function seRequest(scenario: SeScenario, patientId: string, requestId: string): DisclosureRequest {
  const payload = (scenario.payload ?? ((p) => p))(sePayload());
  return {
    requestId,
    patientId,
    purpose: 'DIRECT_CARE',
    subPurpose: null,
    jurisdiction: 'SE',
    episode: { id: 'EP-SE-1', type: 'OUTPATIENT', funding: 'SELF_PAY', payerId: null },
    instrument: null,
    patientContext: { capacity: 'HAS' },
    override: null,
    ...scenario.request,
    payload: { ...payload, patient: { ...payload.patient, localId: patientId } },
  };
}
