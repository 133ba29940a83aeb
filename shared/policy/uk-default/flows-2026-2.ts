/** The flow register additions of policy-uk.md §9.1 (pack 2026.2): the recipients the privacy notices promise. */
import type { FlowDef, Outcome } from '../document.ts';

const deny = (code: string): Outcome => ({ decision: 'DENY', code });
const ALL_SCOPES: FlowDef['objection']['scopes'] = ['CATEGORY', 'PURPOSE', 'ALL_NON_MANDATORY'];
const BLOCKS: FlowDef['objection'] = { blocks: true, scopes: ALL_SCOPES, overridable: true };
const BLOCKS_NO_OVERRIDE: FlowDef['objection'] = { blocks: true, scopes: ALL_SCOPES, overridable: false };
const NOT_BLOCKING: FlowDef['objection'] = { blocks: false, scopes: ALL_SCOPES, overridable: false };
/** Art 6(1)(e) for publicly funded care, (f) for private care (§9.1). */
const PUBLIC_E_PRIVATE_F = {
  select: 'funding',
  cases: { NHS_FUNDED: 'e', OTHER_PUBLIC: 'e', SELF_PAY: 'f', INSURED: 'f' },
};
/** §9.1.3: a health professional checks released free text before it goes to a lawyer or expert. */
const REVIEW_FREE_TEXT = [{ paths: ['narrative'], obligation: 'REVIEW_FREE_TEXT_BEFORE_SEND' }];
/** §9.1.1: an order lists the items it requires; without the list nothing goes under it. */
const ordered = (prefix: string) => ({ prefix, scopeFields: 'REQUIRED' as const });

const common: Pick<FlowDef, 'identifierFailure' | 'preconditions' | 'consent' | 'ndopGate'> = {
  identifierFailure: 'DENY',
  preconditions: [],
  consent: null,
  ndopGate: false,
};

export const FLOWS_2026_2: FlowDef[] = [
  {
    ...common,
    id: 'external-practitioner',
    title: 'Direct care by a practitioner the episode was referred on to',
    categories: ['EXTERNAL_PRACTITIONER'],
    purpose: 'DIRECT_CARE',
    mandatory: null,
    basis: {
      art6: { select: 'funding', cases: { NHS_FUNDED: 'e', OTHER_PUBLIC: 'e', SELF_PAY: 'b', INSURED: 'b' } },
      art9: 'h',
      dpaSch1Para: '2',
      commonLaw: 'IMPLIED_CONSENT',
    },
    preconditions: [{ kind: 'onward-referral', onFail: deny('DENY_NOT_REFERRAL_TARGET') }],
    objection: BLOCKS,
    allow: { code: 'ALLOW_DIRECT_CARE_IMPLIED_CONSENT', obligations: [] },
    profile: 'direct-care',
  },
  {
    ...common,
    id: 'clinical-audit-external',
    title: 'External clinical audit the privacy notice describes',
    categories: ['CLINICAL_AUDIT_EXTERNAL'],
    purpose: 'CLINICAL_AUDIT',
    mandatory: null,
    basis: { art6: PUBLIC_E_PRIVATE_F, art9: 'h', dpaSch1Para: '2', commonLaw: 'IMPLIED_CONSENT' },
    objection: {
      ...BLOCKS,
      onBlock: {
        select: 'switch:audit.external.objectionBlocks',
        cases: {
          true: deny('DENY_PATIENT_OBJECTION'),
          false: { decision: 'REFER', code: 'REFER_OBJECTION_COMPELLING_GROUNDS' },
        },
      },
    },
    allow: { code: 'ALLOW_AUDIT_IMPLIED_CONSENT', obligations: [] },
    profile: 'external-audit',
  },
  {
    ...common,
    id: 'national-registry',
    title: 'National registry (identifiable with consent, else an anonymous record)',
    categories: ['NATIONAL_REGISTRY'],
    purpose: 'CLINICAL_AUDIT',
    mandatory: null,
    basis: { art6: PUBLIC_E_PRIVATE_F, art9: 'a', dpaSch1Para: null, commonLaw: 'EXPLICIT_CONSENT' },
    identifierFailure: 'STRIP',
    objection: { ...NOT_BLOCKING, whenMatched: { info: 'OBJECTION_ANONYMOUS_ONLY', anonymous: true } },
    clearIdentifiers: {
      select: 'switch:registry.identifiersNeedConsent',
      cases: {
        true: { mode: 'WITH_CONSENT', scope: 'REGISTRY_IDENTIFIERS', reason: 'REDACT_REGISTRY_NO_CONSENT' },
        false: {
          mode: 'WITH_CONSENT',
          scope: 'REGISTRY_IDENTIFIERS',
          reason: 'REDACT_REGISTRY_NO_CONSENT',
          orRecipientAttribute: {
            attribute: 's251Ref',
            basis: { allow: 'ALLOW_S251_SUPPORT', art6: 'e', art9: 'h', dpaSch1Para: '2', commonLaw: 'S251' },
          },
        },
      },
    },
    anonymousRecord: {
      allow: 'ALLOW_ANONYMOUS_RECORD',
      art6: PUBLIC_E_PRIVATE_F,
      art9: 'h',
      dpaSch1Para: '2',
      commonLaw: 'ANONYMISED',
    },
    allow: { code: 'ALLOW_EXPLICIT_CONSENT', obligations: [] },
    profile: 'registry',
  },
  {
    ...common,
    id: 'national-audit-s251',
    title: 'National clinical audit with section 251 support',
    categories: ['NATIONAL_AUDIT_S251'],
    purpose: 'CLINICAL_AUDIT',
    mandatory: null,
    basis: { art6: 'e', art9: 'h', dpaSch1Para: '2', commonLaw: 'S251' },
    identifierFailure: 'STRIP',
    preconditions: [
      {
        kind: 'recipient-attribute',
        attribute: 's251Ref',
        jurisdictions: ['UK-ENG', 'UK-WAL'],
        onFail: deny('DENY_NO_S251_SUPPORT'),
      },
    ],
    objection: BLOCKS,
    ndopGate: true,
    allow: { code: 'ALLOW_S251_SUPPORT', obligations: [] },
    profile: 'national-audit',
  },
  {
    ...common,
    id: 'solicitor-patient',
    title: "The patient's solicitors, on the patient's signed authority",
    categories: ['SOLICITOR_PATIENT'],
    purpose: 'LEGAL_PROCEEDINGS',
    mandatory: null,
    basis: { art6: 'a', art9: 'a', dpaSch1Para: null, commonLaw: 'EXPLICIT_CONSENT' },
    consent: {
      scope: 'SOLICITOR_AUTHORITY',
      onMissing: deny('DENY_CONSENT_MISSING'),
      onWithdrawnObligations: [],
      namesRecipient: true,
    },
    objection: BLOCKS_NO_OVERRIDE,
    allow: { code: 'ALLOW_EXPLICIT_CONSENT', obligations: [], whenReleased: REVIEW_FREE_TEXT },
    profile: 'solicitor-patient',
  },
  {
    ...common,
    id: 'solicitor-provider',
    title: "The provider's legal advisers, for a claim",
    categories: ['SOLICITOR_PROVIDER'],
    purpose: 'LEGAL_PROCEEDINGS',
    mandatory: null,
    basis: { art6: 'f', art9: 'f', dpaSch1Para: null, commonLaw: 'LEGAL_PROCEEDINGS' },
    preconditions: [{ kind: 'matter-covers-episode', onFail: deny('DENY_NO_LEGAL_MATTER') }],
    // Art 21(1): the legal-claims exception; the objection is noted, not applied.
    objection: { ...NOT_BLOCKING, whenMatched: { info: 'OBJECTION_NOT_APPLICABLE_LEGAL_CLAIMS', anonymous: false } },
    allow: { code: 'ALLOW_LEGAL_CLAIMS', obligations: [] },
    profile: 'legal',
  },
  {
    ...common,
    id: 'legal-third-party',
    title: 'Another party to proceedings, with the patient’s consent',
    categories: ['SOLICITOR_THIRD_PARTY', 'INSURER'],
    purpose: 'LEGAL_PROCEEDINGS',
    mandatory: null,
    basis: { art6: 'a', art9: 'a', dpaSch1Para: null, commonLaw: 'EXPLICIT_CONSENT' },
    consent: {
      scope: 'LEGAL_DISCLOSURE',
      onMissing: deny('DENY_NO_LEGAL_BASIS'),
      onWithdrawnObligations: [],
      namesRecipient: true,
    },
    objection: BLOCKS_NO_OVERRIDE,
    allow: { code: 'ALLOW_EXPLICIT_CONSENT', obligations: [], whenReleased: REVIEW_FREE_TEXT },
    profile: 'legal',
  },
  {
    ...common,
    id: 'court-order',
    title: 'A court or tribunal order to produce records',
    categories: ['COURT', 'SOLICITOR_THIRD_PARTY', 'INSURER'],
    purpose: 'LEGAL_PROCEEDINGS',
    mandatory: {
      implied: null,
      instruments: [
        ordered('COURT-ORDER'),
        ordered('CPR1998-r31.17'),
        ordered('CPAWA1965-s2'),
        ordered('CJA2009-sch5'),
      ],
      onMissing: deny('DENY_NO_LEGAL_BASIS'),
    },
    basis: { art6: 'c', art9: 'f', dpaSch1Para: null, commonLaw: 'COURT_ORDER' },
    objection: NOT_BLOCKING,
    allow: { code: 'ALLOW_COURT_ORDER', obligations: ['INFORM_PATIENT_IF_PRACTICABLE'] },
    profile: 'order-scope',
  },
  {
    ...common,
    id: 'police-statutory',
    title: 'A statutory duty to tell the police',
    categories: ['POLICE'],
    purpose: 'CRIME',
    mandatory: {
      implied: null,
      instruments: [
        // The driver-identity duty has a fixed dataset of its own; the order's field list does not apply.
        { prefix: 'RTA1988-s172', scopeFields: 'IGNORED', profile: 'police-rta' },
        ordered('FGMA2003-s5B'),
        ordered('TA2000-s38B'),
      ],
      onMissing: deny('DENY_NO_LEGAL_BASIS'),
    },
    basis: { art6: 'c', art9: 'g', dpaSch1Para: '10', commonLaw: 'LEGAL_REQUIREMENT' },
    objection: NOT_BLOCKING,
    allow: { code: 'ALLOW_STATUTORY_DUTY', obligations: [] },
    profile: 'order-scope',
  },
  {
    ...common,
    id: 'police-order',
    title: 'A production order or court order obtained by the police',
    categories: ['POLICE'],
    purpose: 'CRIME',
    mandatory: {
      implied: null,
      instruments: [ordered('PACE1984-sch1'), ordered('COURT-ORDER')],
      onMissing: deny('DENY_NO_LEGAL_BASIS'),
    },
    basis: { art6: 'c', art9: 'g', dpaSch1Para: '10', commonLaw: 'COURT_ORDER' },
    objection: NOT_BLOCKING,
    allow: { code: 'ALLOW_COURT_ORDER', obligations: [] },
    profile: 'order-scope',
  },
  {
    ...common,
    id: 'police-voluntary',
    title: 'A police request without a duty or order (public interest, case by case)',
    categories: ['POLICE'],
    purpose: 'CRIME',
    mandatory: null,
    basis: { art6: 'ea', art9: 'g', dpaSch1Para: '10', commonLaw: 'PUBLIC_INTEREST' },
    overrideRequired: {
      codes: ['PUBLIC_INTEREST', 'SAFEGUARDING'],
      onMissing: {
        select: 'switch:police.voluntary',
        cases: { REFER: { decision: 'REFER', code: 'REFER_POLICE_VOLUNTARY' }, DENY: deny('DENY_NO_LEGAL_BASIS') },
      },
    },
    objection: BLOCKS,
    allow: {
      code: 'ALLOW_PUBLIC_INTEREST_OVERRIDE',
      obligations: ['INFORM_PATIENT_IF_PRACTICABLE', 'RETROSPECTIVE_CG_REVIEW'],
    },
    profile: 'police-voluntary',
  },
  {
    ...common,
    id: 'medical-expert',
    title: 'A medical expert instructed for a medico-legal report',
    categories: ['MEDICAL_EXPERT'],
    purpose: 'MEDICO_LEGAL_REPORT',
    mandatory: null,
    basis: { art6: 'a', art9: 'a', dpaSch1Para: null, commonLaw: 'EXPLICIT_CONSENT' },
    consent: {
      scope: 'MEDICO_LEGAL',
      onMissing: deny('DENY_CONSENT_MISSING'),
      onWithdrawnObligations: [],
      namesRecipient: true,
    },
    objection: BLOCKS_NO_OVERRIDE,
    allow: { code: 'ALLOW_EXPLICIT_CONSENT', obligations: [], whenReleased: REVIEW_FREE_TEXT },
    profile: 'medical-expert',
  },
];
