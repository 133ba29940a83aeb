/**
 * The flow register of policy-se.md §1: the ten Swedish flows, their grounds, and which of the
 * generic gates (emergency access, relations, blocks) each configures. Values that vary by
 * provider or choice are selected by the switches of §7.
 */
import type { FlowDef, Outcome } from '../document.ts';

const deny = (code: string): Outcome => ({ decision: 'DENY', code });
const ALL_SCOPES: FlowDef['objection']['scopes'] = ['CATEGORY', 'PURPOSE', 'ALL_NON_MANDATORY'];
const BLOCKING: FlowDef['objection'] = { blocks: true, scopes: ALL_SCOPES, overridable: false };
const NOT_BLOCKING: FlowDef['objection'] = { blocks: false, scopes: ALL_SCOPES, overridable: false };
const byProvider = (PRIVATE: string, PUBLIC: string) => ({
  select: 'switch:se.providerType',
  cases: { PRIVATE, PUBLIC },
});
const CARE_ART6 = byProvider('b', 'e');

/** Nödåtkomst on care flows: a patient who cannot take a position, approved by a listed role. */
const emergencyAccess = (required: boolean): NonNullable<FlowDef['emergencyAccess']> => ({
  code: 'SE_NODATKOMST',
  capacities: ['LACKS', 'UNCONSCIOUS'],
  approvers: ['RESPONSIBLE_CLINICIAN', 'VERKSAMHETSCHEF'],
  required,
  onIncapable: deny('DENY_PATIENT_CAN_CONSENT'),
  onUnapproved: deny('DENY_OVERRIDE_NOT_APPROVED'),
  liftsInnerBlocks: true,
});
const STATUS: NonNullable<FlowDef['blocks']>['status'] = {
  onUnknown: {
    select: 'switch:se.sparrServiceUnavailable',
    cases: {
      DENY: deny('DENY_SE_SPARR_STATUS_UNKNOWN'),
      REFER: { decision: 'REFER', code: 'REFER_SE_SPARR_STATUS_UNKNOWN' },
    },
  },
};
const INNER = { applies: true, onAllWithheld: deny('DENY_SE_INRE_SPARR') };
const statutory = (prefixes: string[], implied: string | null): FlowDef['mandatory'] => ({
  implied,
  instruments: prefixes.map((prefix) => ({ prefix })),
  onMissing: deny('DENY_NO_LEGAL_BASIS'),
});
const base = {
  mandatory: null,
  identifierFailure: 'DENY' as const,
  preconditions: [],
  consent: null,
  objection: BLOCKING,
  ndopGate: false,
};

export const FLOWS: FlowDef[] = [
  {
    ...base,
    id: 'se-sjf-direct-care',
    title: 'Sammanhållen journalföring (SJF) with another caregiver',
    categories: ['SE_VARDGIVARE'],
    purpose: 'DIRECT_CARE',
    channel: { subPurposeIn: ['SJF'] },
    basis: { art6: CARE_ART6, art9: 'h', seGround: 'SFS2022:913', secrecy: 'CONSENT' },
    emergencyAccess: {
      ...emergencyAccess(false),
      replacesMissingConsent: { allow: 'ALLOW_SE_NODATKOMST', obligations: ['NOTIFY_PATIENT_AFTER', 'LOG_REVIEW'] },
    },
    relations: [
      { kind: 'recipient-flag', flag: 'sjfParticipant', onFail: deny('DENY_SE_NOT_SJF_PARTICIPANT') },
      { kind: 'care-relation', onFail: deny('DENY_SE_NO_VARDRELATION') },
    ],
    blocks: {
      status: STATUS,
      outer: {
        onActive: deny('DENY_SE_YTTRE_SPARR'),
        passedByEmergencyAccess: { select: 'switch:se.yttreSparr.overridable', cases: { true: true, false: false } },
      },
      inner: INNER,
    },
    // §1: SE_SJF naming the recipient; one that names nobody never counts (the records API refuses it too).
    consent: {
      scope: 'SE_SJF',
      namesRecipient: true,
      onMissing: deny('DENY_CONSENT_MISSING'),
      onWithdrawnObligations: [],
    },
    allow: { code: 'ALLOW_EXPLICIT_CONSENT', obligations: [] },
    profile: 'se-care',
  },
  {
    ...base,
    id: 'se-direct-care',
    title: 'Direct disclosure to another caregiver (referral, discharge letter)',
    categories: ['SE_VARDGIVARE'],
    purpose: 'DIRECT_CARE',
    channel: { subPurposeNotIn: ['SJF'] },
    basis: { art6: CARE_ART6, art9: 'h', seGround: byProvider('PSL-6-12', 'OSL-25-1'), secrecy: 'CONSENT' },
    emergencyAccess: emergencyAccess(false),
    blocks: { status: STATUS, outer: null, inner: INNER },
    consent: {
      scope: 'SE_VARD_UTLAMNANDE',
      onMissing: deny('DENY_CONSENT_MISSING'),
      onWithdrawnObligations: [],
      implied: {
        applies: { select: 'switch:se.direct.consentRequired', cases: { true: false, false: true } },
        allow: 'ALLOW_DIRECT_CARE_IMPLIED_CONSENT',
      },
    },
    allow: { code: 'ALLOW_EXPLICIT_CONSENT', obligations: [] },
    profile: 'se-care',
  },
  {
    ...base,
    id: 'se-emergency',
    title: 'Emergency care without consent (nödåtkomst)',
    categories: ['SE_VARDGIVARE'],
    purpose: 'VITAL_INTERESTS',
    basis: { art6: 'd', art9: 'c', seGround: byProvider('PSL-6-12', 'OSL-25-13'), secrecy: 'EMERGENCY' },
    emergencyAccess: emergencyAccess(true),
    blocks: { status: null, outer: null, inner: INNER },
    objection: { blocks: true, scopes: ['PURPOSE'], overridable: false },
    allow: { code: 'ALLOW_VITAL_INTERESTS', obligations: ['NOTIFY_PATIENT_AFTER', 'LOG_REVIEW'] },
    profile: 'se-emergency',
  },
  {
    ...base,
    id: 'se-insurer-payment',
    title: 'Private insurer paying for care booked through the insurance',
    categories: ['SE_FORSAKRINGSBOLAG'],
    purpose: 'PAYMENT',
    basis: {
      art6: 'b',
      art9: { select: 'switch:insurer.art9Basis', cases: { EXPLICIT_CONSENT: 'a' } },
      seGround: byProvider('PSL-6-12', 'OSL-25-1'),
      secrecy: 'CONSENT',
    },
    preconditions: [{ kind: 'funding-party', fundings: ['INSURED'], onFail: deny('DENY_RECIPIENT_NOT_FUNDING_PARTY') }],
    blocks: {
      status: STATUS,
      outer: null,
      inner: {
        ...INNER,
        applies: { select: 'switch:se.inreSparr.appliesToInsurer', cases: { true: true, false: false } },
      },
    },
    consent: {
      scope: 'SE_FORSAKRING',
      onMissing: deny('DENY_CONSENT_MISSING'),
      onWithdrawnObligations: ['NOTIFY_BILLING_SELF_PAY'],
    },
    allow: { code: 'ALLOW_EXPLICIT_CONSENT', obligations: [] },
    profile: 'se-insurer',
  },
  {
    ...base,
    id: 'se-fk-statutory',
    title: 'Försäkringskassan on request (uppgiftsskyldighet)',
    categories: ['SE_FORSAKRINGSKASSAN'],
    purpose: 'SOCIAL_INSURANCE',
    mandatory: statutory(['SE-SFB-110-31'], null),
    basis: { art6: 'c', art9: 'b', seGround: 'SFB-110-31', secrecy: 'STATUTORY_DUTY' },
    objection: NOT_BLOCKING,
    allow: { code: 'ALLOW_LEGAL_OBLIGATION', obligations: [] },
    profile: 'se-forsakringskassan',
  },
  {
    ...base,
    id: 'se-employer-absence',
    title: 'Employer absence administration (sjukfrånvaro)',
    categories: ['SE_ARBETSGIVARE'],
    purpose: 'ABSENCE_ADMINISTRATION',
    basis: { art6: 'c', art9: 'b', seGround: 'SFS1991:1047', secrecy: 'NOT_HEALTH_RECORD' },
    relations: [
      { kind: 'employer-agreement', onFail: deny('DENY_SE_NO_EMPLOYER_AGREEMENT') },
      { kind: 'employer-of-patient', onFail: deny('DENY_SE_NOT_EMPLOYER') },
    ],
    allow: { code: 'ALLOW_SE_EMPLOYER_AGREEMENT', obligations: [] },
    profile: 'se-employer',
  },
  {
    ...base,
    id: 'se-ivo-statutory',
    title: 'IVO supervision and lex Maria',
    categories: ['SE_IVO'],
    purpose: 'REGULATORY_INVESTIGATION',
    mandatory: statutory(['SE-PSL-7-20', 'SE-PSL-3-5'], null),
    basis: { art6: 'c', art9: 'h', seGround: 'PSL-7-20/PSL-3-5', secrecy: 'STATUTORY_DUTY' },
    objection: NOT_BLOCKING,
    allow: { code: 'ALLOW_LEGAL_OBLIGATION', obligations: [] },
    profile: 'se-ivo',
  },
  {
    ...base,
    id: 'se-health-data-register',
    title: 'Socialstyrelsen health data registers (e.g. patientregistret)',
    categories: ['SE_SOCIALSTYRELSEN_REGISTER'],
    purpose: 'STATUTORY_REPORTING',
    mandatory: statutory([], 'SE-HDRL-1998-543'),
    basis: { art6: 'c', art9: 'h', seGround: 'SFS1998:543', secrecy: 'STATUTORY_DUTY' },
    identifierFailure: { select: 'switch:se.register.invalidIdentifier', cases: { STRIP: 'STRIP', DENY: 'DENY' } },
    objection: NOT_BLOCKING,
    allow: { code: 'ALLOW_LEGAL_OBLIGATION', obligations: [] },
    profile: 'se-health-data-register',
  },
  {
    ...base,
    id: 'se-quality-register',
    title: 'National or regional quality register',
    categories: ['SE_KVALITETSREGISTER'],
    purpose: 'CLINICAL_AUDIT',
    basis: { art6: 'e', art9: 'h', seGround: 'PDL-7', secrecy: 'STATUTORY_PERMISSION' },
    objection: {
      ...BLOCKING,
      onBlockObligations: {
        select: 'switch:se.kvalitetsregister.objectionErases',
        cases: { true: ['SE_REQUEST_REGISTER_ERASURE'], false: [] },
      },
    },
    allow: { code: 'ALLOW_SE_KVALITETSREGISTER', obligations: [] },
    profile: 'se-quality-register',
  },
  {
    ...base,
    id: 'se-police',
    title: 'Police requests (always a secrecy assessment by a person)',
    categories: ['SE_POLIS'],
    purpose: 'CRIME',
    basis: { art6: 'e', art9: 'g', seGround: byProvider('NONE_VERIFIED', 'OSL-10-23'), secrecy: 'SECRECY_ASSESSMENT' },
    relations: [
      {
        kind: 'always-stop',
        outcome: {
          select: 'switch:se.police',
          cases: {
            REFER: { decision: 'REFER', code: 'REFER_SE_POLIS_SEKRETESSPROVNING' },
            DENY: deny('DENY_NO_LEGAL_BASIS'),
          },
        },
      },
    ],
    objection: NOT_BLOCKING,
    // Never reached: the secrecy assessment always stops the flow before any release.
    allow: { code: 'ALLOW_LEGAL_OBLIGATION', obligations: [] },
    profile: 'se-health-data-register',
  },
];
