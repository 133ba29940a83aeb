/**
 * policy-uk.md §9.7 (pack 2026.2) worked scenarios as data, run both against decide() (unit) and over
 * HTTP against the local stack (integration), restriction records (§9.3) included. P46–P48 reuse
 * P01 and P06, and run in the restriction tests.
 */
import { expect } from 'vitest';
import type {
  Consent,
  ConsentScope,
  Objection,
  ObjectionScope,
  PatientRecordsSnapshot,
  Restriction,
  RestrictionGround,
} from '../../../shared/records/model.ts';
import type { DisclosureRequest } from '../../../shared/schemas/disclosure.ts';
import { consent, objection, payload2026, records } from './fixtures.ts';

export interface ConsentSetup {
  readonly scope: ConsentScope;
  readonly recipientId?: string;
  readonly status?: 'GIVEN' | 'DECLINED';
  readonly withdrawn?: boolean;
  readonly recordsFrom?: string;
  readonly recordsTo?: string;
  readonly seeBeforeRelease?: boolean;
}

export interface ObjectionSetup {
  readonly scope: ObjectionScope;
  readonly capacityConfirmedBy?: string;
}

/** A restriction of processing placed before the request (§9.7: `res-1` unless told otherwise). */
export interface RestrictionSetup {
  /** The scenario's name for it (`res-8`); over HTTP a fresh id starting with it. */
  readonly id: string;
  readonly ground?: RestrictionGround;
  /** OBJECTION_PENDING: the index of the setup objection it waits on. */
  readonly objection?: number;
  /** Names only another episode (`EP-OTHER`) instead of all the patient's data. */
  readonly otherEpisodeOnly?: boolean;
  /** Lifted before the request, the patient informed first. */
  readonly lifted?: boolean;
}

export interface Setup2026 {
  readonly consents?: readonly ConsentSetup[];
  readonly objections?: readonly ObjectionSetup[];
  readonly ndop?: 'OPTED_OUT' | 'NOT_OPTED_OUT';
  /** Placed after the objections, before the request. */
  readonly restrictions?: readonly RestrictionSetup[];
}

export interface Answer {
  readonly decision: string;
  readonly reasonCodes: readonly string[];
  readonly obligations: readonly string[];
  readonly basis: unknown;
  readonly payload?: Record<string, unknown> | undefined;
}

export interface Scenario2026 {
  readonly id: string;
  readonly setup?: Setup2026;
  /** The request for episode `episodeId` (`EP-<patientId>`), over the §9.7 defaults. */
  readonly request: (episodeId: string) => Partial<DisclosureRequest>;
  readonly decision: 'ALLOW' | 'ALLOW_WITH_REDACTION' | 'DENY' | 'REFER';
  readonly first: string;
  readonly includes?: readonly string[];
  readonly excludes?: readonly string[];
  /** Exactly the obligations (none when absent). */
  readonly obligations?: readonly string[];
  /** Exactly the `group.field` paths released. */
  readonly released?: readonly string[];
  readonly check?: (answer: Answer) => void;
}

const EPISODE_DATES = ['episode.admissionDate', 'episode.dischargeDate'];
const EPISODE_CORE = [
  ...EPISODE_DATES,
  'episode.admissionMethod',
  'episode.dischargeMethod',
  'episode.classification',
  'episode.siteOdsCode',
  'episode.consultantGmc',
];
const CODED = ['clinical.diagnoses', 'clinical.procedures'];
const CARE = ['clinical.medicationsOnDischarge', 'clinical.allergies', 'clinical.results', 'clinical.followUpPlan'];
const OUTCOMES = ['clinical.adverseEvents', 'clinical.proms'];
const CLINICAL = [...CODED, ...CARE, ...OUTCOMES, 'clinical.implants'];
const NARRATIVE = ['narrative.letter', 'narrative.notes'];
const DEMOGRAPHICS = ['patient.name', 'patient.dateOfBirth', 'patient.sex'];
const CONTACT = ['patient.address', 'patient.phone', 'patient.email'];
const FINANCIAL = ['financial.invoiceLines', 'financial.totalAmount', 'financial.currency'];

export const RELEASED_2026 = {
  directCare: [
    'patient.nhsNumber',
    'patient.localId',
    ...DEMOGRAPHICS,
    'patient.postcode',
    ...CONTACT,
    ...EPISODE_CORE,
    ...CLINICAL,
    'narrative.letter',
  ],
  externalAudit: ['patient.localId', ...DEMOGRAPHICS, ...EPISODE_CORE, ...CLINICAL, ...NARRATIVE],
  registryConsent: [
    'patient.nhsNumber',
    ...DEMOGRAPHICS,
    'patient.postcode',
    ...EPISODE_CORE,
    ...CODED,
    'clinical.implants',
  ],
  registryAnonymous: [
    'patient.ageBand',
    'patient.sex',
    'episode.siteOdsCode',
    'episode.consultantGmc',
    ...CODED,
    'clinical.implants',
  ],
  nationalAudit: [
    'patient.nhsNumber',
    'patient.dateOfBirth',
    'patient.sex',
    'patient.postcode',
    ...EPISODE_CORE,
    ...CODED,
    ...OUTCOMES,
    'clinical.implants',
  ],
  solicitorPatient: [
    'patient.nhsNumber',
    'patient.localId',
    ...DEMOGRAPHICS,
    'patient.postcode',
    ...CONTACT,
    ...EPISODE_CORE,
    ...CLINICAL,
    ...FINANCIAL,
    ...NARRATIVE,
  ],
  legal: ['patient.localId', ...DEMOGRAPHICS, ...EPISODE_CORE, ...CLINICAL, ...NARRATIVE],
  medicalExpert: [...DEMOGRAPHICS, ...EPISODE_CORE, ...CLINICAL, ...NARRATIVE],
  /** nhs-commissioning takes the nhs-statutory column (NOTES.md 1), which keeps implants (§9.4). */
  commissioning: [
    'patient.nhsNumber',
    'patient.localId',
    ...DEMOGRAPHICS,
    'patient.postcode',
    ...EPISODE_CORE,
    ...CODED,
    ...OUTCOMES,
    'clinical.implants',
  ],
  policeRta: ['patient.name', 'patient.address', 'patient.postcode'],
  policeVoluntary: [...DEMOGRAPHICS, 'patient.postcode', 'patient.address', ...EPISODE_DATES, 'episode.siteOdsCode'],
};

const selfPay = (id: string) =>
  ({ id, type: 'APC_DAYCASE', funding: 'SELF_PAY', payerId: null, referralSourceOds: null }) as const;
const nhsFunded = (id: string) => ({ ...selfPay(id), funding: 'NHS_FUNDED' }) as const;
const toPractitioner = (to: string) => (id: string) => ({
  recipientId: 'ext-practitioner',
  purpose: 'DIRECT_CARE' as const,
  episode: { ...selfPay(id), onwardReferralTo: to },
});
const NJR = () => ({ recipientId: 'njr', purpose: 'CLINICAL_AUDIT' as const });
const nationalAudit =
  (recipientId: string, jurisdiction: DisclosureRequest['jurisdiction'] = 'UK-ENG') =>
  (id: string) => ({ recipientId, purpose: 'CLINICAL_AUDIT' as const, jurisdiction, episode: nhsFunded(id) });
const legal = (recipientId: string) => ({ recipientId, purpose: 'LEGAL_PROCEEDINGS' as const });
const solicitorAuthority = (recordsFrom: string, recordsTo: string): Setup2026 => ({
  consents: [{ scope: 'SOLICITOR_AUTHORITY', recipientId: 'sol-patient', recordsFrom, recordsTo }],
});
const defence = (matterEpisode: (id: string) => string) => (id: string) => ({
  ...legal('sol-defence'),
  matter: { ref: 'CLM-1', episodeIds: [matterEpisode(id)] },
});
const POLICE = { recipientId: 'police-local', purpose: 'CRIME' as const };
const CG_PUBLIC_INTEREST = {
  code: 'PUBLIC_INTEREST',
  approverRole: 'CALDICOTT_GUARDIAN',
  approvedBy: 'cg-1',
  justification: 'Serious crime against a person',
} as const;
const medicoLegal = (seeBeforeRelease?: boolean): Setup2026 => ({
  consents: [
    { scope: 'MEDICO_LEGAL', recipientId: 'expert-medlegal', ...(seeBeforeRelease ? { seeBeforeRelease } : {}) },
  ],
});
const EXPERT = { recipientId: 'expert-medlegal', purpose: 'MEDICO_LEGAL_REPORT' as const };
const emergency = (riskToOthers?: boolean) => () => ({
  recipientId: 'emergency-dept',
  purpose: 'VITAL_INTERESTS' as const,
  patientContext: { capacity: 'UNCONSCIOUS' as const, ...(riskToOthers ? { riskToOthers } : {}) },
  override: {
    code: 'VITAL_INTERESTS' as const,
    approverRole: 'RESPONSIBLE_CLINICIAN' as const,
    approvedBy: 'dr-2',
    justification: 'Collapsed in ED',
  },
});
const capacitousRefusal: Setup2026 = { objections: [{ scope: 'EMERGENCY_CARE', capacityConfirmedBy: 'dr-4' }] };
/** §9.7 `res-1`: ACCURACY_CONTESTED, placed before the request, all episodes, not lifted. */
const RES_1: Setup2026 = { restrictions: [{ id: 'res-1' }] };
/** P23's (and so P24's) restrictions: `res-8` lifted before the request, `res-9` naming only `EP-OTHER`. */
const P23_RESTRICTIONS: Setup2026 = {
  restrictions: [
    { id: 'res-8', lifted: true },
    { id: 'res-9', otherEpisodeOnly: true },
  ],
};
/** P34's (and so P35's): objection `obj-1` ALL_NON_MANDATORY, and `res-2` OBJECTION_PENDING on it. */
const P34_OBJECTION_PENDING: Setup2026 = {
  objections: [{ scope: 'ALL_NON_MANDATORY' }],
  restrictions: [{ id: 'res-2', ground: 'OBJECTION_PENDING', objection: 0 }],
};
const noRestrictionCode = (answer: Answer) =>
  expect(answer.reasonCodes.filter((code) => code.startsWith('RESTRICTION_'))).toEqual([]);
const clinical = (answer: Answer) => answer.payload?.['clinical'] as Record<string, unknown> | undefined;
const patient = (answer: Answer) => answer.payload?.['patient'] as Record<string, unknown> | undefined;

export const SCENARIOS_2026: Scenario2026[] = [
  {
    id: 'P23',
    setup: P23_RESTRICTIONS,
    request: toPractitioner('ext-practitioner'),
    decision: 'ALLOW_WITH_REDACTION',
    first: 'ALLOW_DIRECT_CARE_IMPLIED_CONSENT',
    excludes: ['DENY_PROCESSING_RESTRICTED'],
    obligations: [],
    released: RELEASED_2026.directCare,
    check: noRestrictionCode,
  },
  {
    id: 'P24',
    setup: P23_RESTRICTIONS,
    request: toPractitioner('ext-other'),
    decision: 'DENY',
    first: 'DENY_NOT_REFERRAL_TARGET',
  },
  {
    id: 'P25',
    request: () => ({ recipientId: 'audit-ext', purpose: 'CLINICAL_AUDIT' }),
    decision: 'ALLOW_WITH_REDACTION',
    first: 'ALLOW_AUDIT_IMPLIED_CONSENT',
    includes: ['REDACT_MINIMISATION'],
    obligations: [],
    released: RELEASED_2026.externalAudit,
  },
  {
    id: 'P26',
    setup: { objections: [{ scope: 'CLINICAL_AUDIT' }] },
    request: () => ({ recipientId: 'audit-ext', purpose: 'CLINICAL_AUDIT' }),
    decision: 'DENY',
    first: 'DENY_PATIENT_OBJECTION',
  },
  {
    id: 'P27',
    setup: { consents: [{ scope: 'REGISTRY_IDENTIFIERS' }] },
    request: NJR,
    decision: 'ALLOW_WITH_REDACTION',
    first: 'ALLOW_EXPLICIT_CONSENT',
    released: RELEASED_2026.registryConsent,
    check: (answer) => {
      expect(clinical(answer)?.['procedures']).toEqual([{ code: 'W37.1', date: '2026-03-01' }]);
      expect(answer.basis).toMatchObject({ source: 'PATIENT_CONSENT', art9: 'a', commonLaw: 'EXPLICIT_CONSENT' });
    },
  },
  {
    id: 'P28',
    setup: { consents: [{ scope: 'REGISTRY_IDENTIFIERS', withdrawn: true }] },
    request: NJR,
    decision: 'ALLOW_WITH_REDACTION',
    first: 'ALLOW_ANONYMOUS_RECORD',
    includes: ['REDACT_REGISTRY_NO_CONSENT'],
    released: RELEASED_2026.registryAnonymous,
    check: (answer) => {
      expect(patient(answer)).toEqual({ ageBand: '60-64', sex: 'F' });
      expect(answer.basis).toMatchObject({ source: 'ROPA', art9: 'h', commonLaw: 'ANONYMISED' });
    },
  },
  {
    id: 'P28 (objection instead of no consent)',
    setup: { consents: [{ scope: 'REGISTRY_IDENTIFIERS' }], objections: [{ scope: 'NATIONAL_REGISTRY' }] },
    request: NJR,
    decision: 'ALLOW_WITH_REDACTION',
    first: 'ALLOW_ANONYMOUS_RECORD',
    includes: ['OBJECTION_ANONYMOUS_ONLY'],
    excludes: ['REDACT_REGISTRY_NO_CONSENT'],
    released: RELEASED_2026.registryAnonymous,
  },
  {
    id: 'P29',
    setup: { ndop: 'OPTED_OUT' },
    request: nationalAudit('nataudit'),
    decision: 'DENY',
    first: 'DENY_NDOP_OPT_OUT',
  },
  {
    id: 'P30',
    setup: { ndop: 'OPTED_OUT' },
    request: nationalAudit('nataudit-exempt'),
    decision: 'ALLOW_WITH_REDACTION',
    first: 'ALLOW_S251_SUPPORT',
    includes: ['NDOP_NOT_APPLICABLE'],
    released: RELEASED_2026.nationalAudit,
  },
  {
    id: 'P31',
    setup: { ndop: 'OPTED_OUT' },
    request: nationalAudit('nataudit', 'UK-SCO'),
    decision: 'DENY',
    first: 'DENY_NO_S251_SUPPORT',
  },
  {
    // §9 preamble: P01–P22 hold, bar §9.1.3's ALLOW code for nhs-commissioning (P13 without the opt-out).
    id: 'P13 not opted out (§9.1.3 commissioning code)',
    request: (id) => ({
      recipientId: 'nhs-north-trust',
      purpose: 'COMMISSIONING',
      episode: { ...nhsFunded(id), referralSourceOds: 'RX1' },
    }),
    decision: 'ALLOW_WITH_REDACTION',
    first: 'ALLOW_S251_SUPPORT',
    excludes: ['ALLOW_LEGAL_OBLIGATION'],
    obligations: [],
    released: RELEASED_2026.commissioning,
    check: (answer) => expect(answer.basis).toMatchObject({ source: 'ROPA', art6: 'e', art9: 'h', commonLaw: 'S251' }),
  },
  {
    id: 'P32',
    setup: solicitorAuthority('2026-03-01', '2026-03-31'),
    request: () => legal('sol-patient'),
    decision: 'ALLOW_WITH_REDACTION',
    first: 'ALLOW_EXPLICIT_CONSENT',
    includes: ['REDACT_OUT_OF_CONSENT_SCOPE'],
    obligations: ['REVIEW_FREE_TEXT_BEFORE_SEND'],
    released: RELEASED_2026.solicitorPatient,
    check: (answer) => {
      expect(clinical(answer)?.['proms']).toEqual([]);
      expect(clinical(answer)?.['adverseEvents']).toEqual([{ code: 'AE-WOUND', date: '2026-03-02' }]);
    },
  },
  {
    id: 'P33',
    setup: solicitorAuthority('2025-01-01', '2025-12-31'),
    request: () => legal('sol-patient'),
    decision: 'DENY',
    first: 'DENY_OUT_OF_CONSENT_SCOPE',
  },
  {
    id: 'P34',
    setup: P34_OBJECTION_PENDING,
    request: defence((id) => id),
    decision: 'ALLOW_WITH_REDACTION',
    first: 'ALLOW_LEGAL_CLAIMS',
    includes: ['RESTRICTION_EXCEPTION_LEGAL_CLAIMS', 'OBJECTION_NOT_APPLICABLE_LEGAL_CLAIMS'],
    obligations: [],
    released: RELEASED_2026.legal,
  },
  {
    id: 'P35',
    setup: P34_OBJECTION_PENDING,
    request: defence(() => 'EP-OTHER'),
    decision: 'DENY',
    first: 'DENY_NO_LEGAL_MATTER',
  },
  { id: 'P36', request: () => legal('sol-third-party'), decision: 'DENY', first: 'DENY_NO_LEGAL_BASIS' },
  {
    id: 'P36 (with the patient’s LEGAL_DISCLOSURE consent)',
    setup: { consents: [{ scope: 'LEGAL_DISCLOSURE', recipientId: 'sol-third-party' }] },
    request: () => legal('sol-third-party'),
    decision: 'ALLOW_WITH_REDACTION',
    first: 'ALLOW_EXPLICIT_CONSENT',
    obligations: ['REVIEW_FREE_TEXT_BEFORE_SEND'],
    released: RELEASED_2026.legal,
  },
  {
    id: 'P37',
    setup: { objections: [{ scope: 'ALL_NON_MANDATORY' }], ...RES_1 },
    request: (id) => ({
      ...legal('sol-third-party'),
      instrument: {
        ref: 'CPR1998-r31.17:HC-2026-000123',
        scope: {
          episodeIds: [id],
          fields: ['patient.name', 'patient.dateOfBirth', 'clinical.procedures', 'narrative.letter'],
        },
      },
    }),
    decision: 'ALLOW_WITH_REDACTION',
    first: 'ALLOW_COURT_ORDER',
    includes: [
      'OBJECTION_NOT_APPLICABLE_MANDATORY',
      'RESTRICTION_NOT_APPLICABLE_MANDATORY',
      'REDACT_OUT_OF_INSTRUMENT_SCOPE',
    ],
    obligations: ['INFORM_PATIENT_IF_PRACTICABLE', 'NOTE_ACCURACY_CONTESTED'],
    released: ['patient.name', 'patient.dateOfBirth', 'clinical.procedures', 'narrative.letter'],
  },
  {
    id: 'P38',
    request: (id) => ({
      ...legal('court-civil'),
      instrument: { ref: 'COURT-ORDER:CC-2026-77', scope: { episodeIds: [id] } },
    }),
    decision: 'DENY',
    first: 'DENY_INSTRUMENT_SCOPE_MISSING',
  },
  {
    id: 'P39',
    request: () => ({ ...POLICE, instrument: { ref: 'RTA1988-s172:NIP-2026-5' } }),
    decision: 'ALLOW_WITH_REDACTION',
    first: 'ALLOW_STATUTORY_DUTY',
    includes: ['REDACT_MINIMISATION'],
    obligations: [],
    released: RELEASED_2026.policeRta,
  },
  {
    id: 'P40',
    setup: RES_1,
    request: () => POLICE,
    decision: 'REFER',
    first: 'REFER_POLICE_VOLUNTARY',
    includes: ['RESTRICTION_ACTIVE'],
  },
  {
    id: 'P41',
    setup: RES_1,
    request: () => ({ ...POLICE, override: CG_PUBLIC_INTEREST }),
    decision: 'ALLOW_WITH_REDACTION',
    first: 'ALLOW_PUBLIC_INTEREST_OVERRIDE',
    includes: ['RESTRICTION_EXCEPTION_PUBLIC_INTEREST'],
    obligations: ['INFORM_PATIENT_IF_PRACTICABLE', 'RETROSPECTIVE_CG_REVIEW', 'NOTE_ACCURACY_CONTESTED'],
    released: RELEASED_2026.policeVoluntary,
  },
  {
    id: 'P42',
    setup: medicoLegal(),
    request: () => EXPERT,
    decision: 'ALLOW_WITH_REDACTION',
    first: 'ALLOW_EXPLICIT_CONSENT',
    obligations: ['REVIEW_FREE_TEXT_BEFORE_SEND'],
    released: RELEASED_2026.medicalExpert,
  },
  { id: 'P43', setup: medicoLegal(true), request: () => EXPERT, decision: 'REFER', first: 'REFER_PATIENT_SEES_FIRST' },
  {
    id: 'P44',
    setup: capacitousRefusal,
    request: emergency(),
    decision: 'DENY',
    first: 'DENY_CAPACITOUS_REFUSAL',
  },
  {
    id: 'P44 (refusal without confirmed capacity)',
    setup: { objections: [{ scope: 'EMERGENCY_CARE' }] },
    request: emergency(),
    decision: 'DENY',
    first: 'DENY_PATIENT_OBJECTION',
  },
  {
    id: 'P45',
    setup: capacitousRefusal,
    request: emergency(true),
    decision: 'REFER',
    first: 'REFER_PUBLIC_INTEREST_ASSESSMENT',
    includes: ['OBJECTION_ON_RECORD'],
  },
];

/** The §9.7 default request for a patient: episode `EP-<patientId>`, APC_DAYCASE, SELF_PAY, the §9.7 payload. */
export function defaults2026(patientId: string): Partial<DisclosureRequest> {
  return { episode: selfPay(`EP-${patientId}`), payload: payload2026() };
}

/** The scenario's records as one snapshot: consents given a week before NOW, withdrawn a day later when asked. */
export function snapshotOf(setup: Setup2026 = {}): PatientRecordsSnapshot {
  const consents: Consent[] = (setup.consents ?? []).map((c, index) =>
    consent(c.scope, {
      consentId: `cons-${index}`,
      status: c.status ?? 'GIVEN',
      at: '2026-11-24T09:00:00Z',
      ...(c.recipientId ? { recipientId: c.recipientId } : {}),
      ...(c.recordsFrom ? { recordsFrom: c.recordsFrom } : {}),
      ...(c.recordsTo ? { recordsTo: c.recordsTo } : {}),
      ...(c.seeBeforeRelease !== undefined ? { seeBeforeRelease: c.seeBeforeRelease } : {}),
      ...(c.withdrawn ? { withdrawn: { at: '2026-11-25T09:00:00Z', recordedBy: 'staff-1' } } : {}),
    }),
  );
  const objections: Objection[] = (setup.objections ?? []).map((o, index) =>
    objection(o.scope, {
      objectionId: `obj-${index}`,
      ...(o.capacityConfirmedBy ? { capacityConfirmedBy: o.capacityConfirmedBy } : {}),
    }),
  );
  return records({
    consents,
    objections,
    restrictions: (setup.restrictions ?? []).map(restrictionOf),
    ...(setup.ndop ? { ndop: { status: setup.ndop, checkedAt: '2026-12-01T08:00:00Z' } } : {}),
  });
}

/** A restriction of the unit snapshot: placed before the consents, lifted (when asked) the day after. */
function restrictionOf(setup: RestrictionSetup): Restriction {
  return {
    restrictionId: setup.id,
    ground: setup.ground ?? 'ACCURACY_CONTESTED',
    ...(setup.objection !== undefined ? { objectionId: `obj-${setup.objection}` } : {}),
    ...(setup.otherEpisodeOnly ? { episodeIds: ['EP-OTHER'] } : {}),
    requestedBy: 'PATIENT',
    at: '2026-11-20T09:00:00Z',
    recordedBy: 'staff-1',
    ...(setup.lifted
      ? {
          liftedAt: '2026-11-21T09:00:00Z',
          liftedBy: 'staff-1',
          liftReason: 'ACCURACY_VERIFIED',
          patientInformedAt: '2026-11-21T08:00:00Z',
        }
      : {}),
  };
}
