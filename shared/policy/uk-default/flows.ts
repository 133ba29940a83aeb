/** The flow register of policy-uk.md §1: the organisation's recorded legal basis per flow. */
import type { FlowDef, Outcome } from '../document.ts';
import { FLOWS_2026_2 } from './flows-2026-2.ts';

const deny = (code: string): Outcome => ({ decision: 'DENY', code });
const ALL_SCOPES: FlowDef['objection']['scopes'] = ['CATEGORY', 'PURPOSE', 'ALL_NON_MANDATORY'];
const NOT_BLOCKING: FlowDef['objection'] = { blocks: false, scopes: ALL_SCOPES, overridable: false };
const REGULATORS: FlowDef['categories'] = ['REGULATOR_PROFESSIONAL', 'REGULATOR_SYSTEM'];

export const FLOWS: FlowDef[] = [
  {
    id: 'insurer-payment',
    title: 'Insurer payment of a claim',
    categories: ['INSURER'],
    purpose: 'PAYMENT',
    mandatory: null,
    basis: {
      art6: 'b',
      art9: { select: 'switch:insurer.art9Basis', cases: { EXPLICIT_CONSENT: 'a' } },
      dpaSch1Para: null,
      commonLaw: 'EXPLICIT_CONSENT',
    },
    identifierFailure: 'DENY',
    preconditions: [
      { kind: 'funding-party', fundings: ['INSURED'], onFail: deny('DENY_RECIPIENT_NOT_FUNDING_PARTY') },
      { kind: 'sub-purpose-not', values: ['AMRA_REPORT'], onFail: { decision: 'REFER', code: 'REFER_AMRA_REPORT' } },
    ],
    consent: {
      scope: { select: 'subPurpose', cases: { PRE_AUTH: 'INSURER_PREAUTH' }, otherwise: 'INSURER_CLAIM' },
      onMissing: deny('DENY_CONSENT_MISSING'),
      onWithdrawnObligations: ['NOTIFY_BILLING_SELF_PAY'],
    },
    objection: { blocks: true, scopes: ALL_SCOPES, overridable: false },
    ndopGate: false,
    allow: { code: 'ALLOW_EXPLICIT_CONSENT', obligations: [] },
    profile: 'insurer',
  },
  {
    id: 'gp-direct-care',
    title: "Direct care by the patient's registered GP",
    categories: ['GP'],
    purpose: 'DIRECT_CARE',
    mandatory: null,
    basis: {
      art6: { select: 'funding', cases: { NHS_FUNDED: 'e', OTHER_PUBLIC: 'e', SELF_PAY: 'b', INSURED: 'b' } },
      art9: 'h',
      dpaSch1Para: '2',
      commonLaw: 'IMPLIED_CONSENT',
    },
    identifierFailure: 'DENY',
    preconditions: [{ kind: 'registered-gp', onFail: deny('DENY_NOT_REGISTERED_GP') }],
    consent: null,
    objection: { blocks: true, scopes: ALL_SCOPES, overridable: true },
    ndopGate: false,
    allow: { code: 'ALLOW_DIRECT_CARE_IMPLIED_CONSENT', obligations: [] },
    profile: 'direct-care',
  },
  {
    id: 'nhs-direct-care',
    title: 'Direct care by the referring NHS body',
    categories: ['NHS_BODY'],
    purpose: 'DIRECT_CARE',
    mandatory: null,
    basis: { art6: 'e', art9: 'h', dpaSch1Para: '2', commonLaw: 'IMPLIED_CONSENT' },
    identifierFailure: 'DENY',
    preconditions: [{ kind: 'referrer', onFail: deny('DENY_NOT_REFERRER') }],
    consent: null,
    objection: { blocks: true, scopes: ALL_SCOPES, overridable: true },
    ndopGate: false,
    allow: { code: 'ALLOW_DIRECT_CARE_IMPLIED_CONSENT', obligations: [] },
    profile: 'direct-care',
  },
  {
    id: 'nhs-commissioning',
    title: 'Commissioning by the referring NHS body',
    categories: ['NHS_BODY'],
    purpose: 'COMMISSIONING',
    mandatory: null,
    basis: { art6: 'e', art9: 'h', dpaSch1Para: '2', commonLaw: 'S251' },
    identifierFailure: 'DENY',
    preconditions: [
      { kind: 'referrer', onFail: deny('DENY_NOT_REFERRER') },
      { kind: 'funding', allowed: ['NHS_FUNDED', 'OTHER_PUBLIC'], onFail: deny('DENY_OUT_OF_SCOPE_FUNDING') },
    ],
    consent: null,
    objection: { blocks: true, scopes: ALL_SCOPES, overridable: true },
    ndopGate: true,
    // §9.1.3 (2026.2): section 251 support is the basis, as for national audits.
    allow: { code: 'ALLOW_S251_SUPPORT', obligations: [] },
    // §5 has no commissioning column: the most restrictive NHS profile applies (NOTES.md).
    profile: 'nhs-statutory',
  },
  {
    id: 'nhs-statutory',
    title: 'NHS statutory collection',
    categories: ['NHS_BODY'],
    purpose: 'STATUTORY_REPORTING',
    mandatory: { implied: null, instruments: [{ prefix: 'HSCA2012-s259' }], onMissing: deny('DENY_NO_LEGAL_BASIS') },
    basis: { art6: 'c', art9: 'h', dpaSch1Para: '2', commonLaw: 'LEGAL_REQUIREMENT' },
    identifierFailure: 'DENY',
    preconditions: [],
    consent: null,
    objection: NOT_BLOCKING,
    ndopGate: false,
    allow: { code: 'ALLOW_LEGAL_OBLIGATION', obligations: [] },
    profile: 'nhs-statutory',
  },
  {
    id: 'regulator-statutory',
    title: 'Regulator investigation under a statutory power',
    categories: REGULATORS,
    purpose: 'REGULATORY_INVESTIGATION',
    mandatory: {
      implied: null,
      instruments: [
        { prefix: 'MA1983-s35A', regulator: 'GMC' },
        { prefix: 'NMO2001-art25', regulator: 'NMC' },
        { prefix: 'HPO2001-art25', regulator: 'HCPC' },
        { prefix: 'DA1984-s33B', regulator: 'GDC' },
        { prefix: 'HSCA2008-s63', regulator: 'CQC' },
        { prefix: 'HSCA2008-s64', regulator: 'CQC' },
      ],
      onMissing: deny('DENY_NO_LEGAL_BASIS'),
    },
    basis: { art6: 'c', art9: 'g', dpaSch1Para: '6', commonLaw: 'LEGAL_REQUIREMENT' },
    identifierFailure: 'DENY',
    preconditions: [],
    consent: null,
    objection: NOT_BLOCKING,
    ndopGate: false,
    // §8 P15: the patient is told where practicable even though the disclosure is compelled.
    allow: { code: 'ALLOW_LEGAL_OBLIGATION', obligations: ['INFORM_PATIENT_IF_PRACTICABLE'] },
    profile: 'regulator',
  },
  {
    id: 'regulator-requested',
    title: 'Regulator request without a recognised instrument',
    categories: REGULATORS,
    purpose: 'REGULATORY_INVESTIGATION',
    mandatory: null,
    basis: { art6: 'f', art9: 'a', dpaSch1Para: null, commonLaw: 'EXPLICIT_CONSENT' },
    identifierFailure: 'DENY',
    preconditions: [],
    consent: {
      scope: 'REGULATOR_DISCLOSURE',
      onMissing: {
        select: 'switch:regulator.nonStatutory',
        cases: {
          REFER: { decision: 'REFER', code: 'REFER_REGULATOR_NON_STATUTORY' },
          DENY: deny('DENY_CONSENT_MISSING'),
        },
      },
      onWithdrawnObligations: [],
    },
    objection: { blocks: true, scopes: ALL_SCOPES, overridable: false },
    ndopGate: false,
    allow: { code: 'ALLOW_EXPLICIT_CONSENT', obligations: [] },
    profile: 'regulator',
  },
  {
    id: 'phin',
    title: 'PHIN episode submission (CMA Order 2014)',
    categories: ['PHIN'],
    purpose: 'STATUTORY_REPORTING',
    mandatory: {
      implied: 'CMA-PHMIO2014-art21',
      instruments: [{ prefix: 'CMA-PHMIO2014-art21' }],
      onMissing: deny('DENY_NO_LEGAL_BASIS'),
    },
    basis: { art6: 'c', art9: 'i', dpaSch1Para: '3', commonLaw: 'LEGAL_REQUIREMENT' },
    identifierFailure: 'STRIP',
    preconditions: [
      { kind: 'funding', allowed: ['SELF_PAY', 'INSURED'], onFail: deny('DENY_OUT_OF_SCOPE_PHIN_NHS_FUNDED') },
      {
        kind: 'episode-type',
        allowed: {
          select: 'switch:phin.includeOutpatient',
          cases: { false: ['APC_DAYCASE', 'APC_INPATIENT'], true: ['APC_DAYCASE', 'APC_INPATIENT', 'OUTPATIENT'] },
        },
        onFail: deny('DENY_OUT_OF_SCOPE_PHIN_OUTPATIENT'),
      },
    ],
    consent: null,
    clearIdentifiers: {
      select: 'switch:phin.identifierMode',
      cases: {
        CLEAR_WITH_CONSENT: {
          mode: 'WITH_CONSENT',
          scope: 'PHIN_IDENTIFIERS',
          reason: 'REDACT_PHIN_IDENTIFIERS_NO_CONSENT',
        },
        CLEAR_MANDATED: { mode: 'ALWAYS' },
        OMIT: { mode: 'NEVER', reason: 'REDACT_MINIMISATION' },
      },
    },
    objection: NOT_BLOCKING,
    ndopGate: false,
    allow: { code: 'ALLOW_LEGAL_OBLIGATION', obligations: [] },
    profile: 'phin',
  },
  {
    id: 'emergency',
    title: 'Emergency care in the vital interests of a patient who cannot consent',
    categories: ['EMERGENCY_CARE'],
    purpose: 'VITAL_INTERESTS',
    mandatory: null,
    basis: { art6: 'd', art9: 'c', dpaSch1Para: null, commonLaw: 'BEST_INTERESTS' },
    identifierFailure: 'DENY',
    preconditions: [
      { kind: 'capacity', allowed: ['LACKS', 'UNCONSCIOUS'], onFail: deny('DENY_PATIENT_CAN_CONSENT') },
      // §9.2 step 5: a refusal made while able to decide outlives the loss of capacity.
      {
        kind: 'no-capacitous-refusal',
        scopes: ['CATEGORY', 'PURPOSE'],
        onFail: deny('DENY_CAPACITOUS_REFUSAL'),
        onRiskToOthers: { decision: 'REFER', code: 'REFER_PUBLIC_INTEREST_ASSESSMENT' },
      },
      {
        kind: 'override',
        codes: ['VITAL_INTERESTS'],
        approvers: ['RESPONSIBLE_CLINICIAN', 'CALDICOTT_GUARDIAN'],
        onFail: deny('DENY_OVERRIDE_NOT_APPROVED'),
      },
    ],
    consent: null,
    // Only an objection aimed at emergencies blocks them, never a general ALL_NON_MANDATORY one.
    objection: { blocks: true, scopes: ['CATEGORY', 'PURPOSE'], overridable: true },
    ndopGate: false,
    // §8 P20: a clinician-approved emergency disclosure is reviewed by the Caldicott Guardian afterwards.
    allow: { code: 'ALLOW_VITAL_INTERESTS', obligations: ['RETROSPECTIVE_CG_REVIEW'] },
    profile: 'emergency',
  },
  ...FLOWS_2026_2,
];
