/**
 * Restriction of processing in the UK pack (policy-uk.md §9.3): the gate's table per flow, its
 * reason codes and the obligation. Which flows pass is data here; the gate names no flow.
 */
import type { PolicyDocument } from '../document.ts';
import type { FlowRestrictionRule, RestrictionOutcome, RestrictionSection } from '../restriction/schema.ts';

type Reason = PolicyDocument['reasonCodes'][number];

const DENIED: RestrictionOutcome = { decision: 'DENY', code: 'DENY_PROCESSING_RESTRICTED' };
/** Mandatory flows only note a restriction (the gate does it for every mandatory decision); a flow
 *  that turns out not mandatory (no instrument) has already been denied at step 4. */
const MANDATORY_ONLY: FlowRestrictionRule = { exceptions: [], otherwise: DENIED };
/** Art 18(2) legal claims pass; step 6 still applies to the consent-based ones among them. */
const LEGAL_CLAIMS: FlowRestrictionRule = { exceptions: ['LEGAL_CLAIMS'], otherwise: DENIED };
const NON_CONSENT: FlowRestrictionRule = { exceptions: ['CONSENT', 'OVERRIDE'], otherwise: DENIED };

export const RESTRICTION: RestrictionSection = {
  flows: {
    'insurer-payment': { exceptions: ['CONSENT'], otherwise: DENIED },
    'gp-direct-care': NON_CONSENT,
    'nhs-direct-care': NON_CONSENT,
    'nhs-commissioning': NON_CONSENT,
    'nhs-statutory': MANDATORY_ONLY,
    'regulator-statutory': MANDATORY_ONLY,
    // The human weighs the Art 18(2) public interest: the flow's own REFER.
    'regulator-requested': {
      exceptions: ['CONSENT'],
      otherwise: { decision: 'REFER', code: 'REFER_REGULATOR_NON_STATUTORY' },
    },
    phin: MANDATORY_ONLY,
    emergency: { exceptions: ['CONSENT', 'VITAL_INTERESTS'], otherwise: DENIED },
    // Pack 2026.2 (policy-uk.md §9.1), by the rows of §9.3.2.
    'external-practitioner': NON_CONSENT,
    'clinical-audit-external': NON_CONSENT,
    'national-audit-s251': NON_CONSENT,
    // Anonymising is processing too: only a restriction consent passes, for either record.
    'national-registry': { exceptions: ['CONSENT'], otherwise: DENIED },
    'solicitor-patient': LEGAL_CLAIMS,
    'solicitor-provider': LEGAL_CLAIMS,
    'legal-third-party': LEGAL_CLAIMS,
    'medical-expert': LEGAL_CLAIMS,
    'court-order': MANDATORY_ONLY,
    'police-statutory': MANDATORY_ONLY,
    'police-order': MANDATORY_ONLY,
    // Under police.voluntary=REFER (the default) the human weighs the Art 18(2) public interest: the
    // flow's own REFER. Under DENY there is no one to weigh it, so the restriction denies (§9.6).
    'police-voluntary': {
      exceptions: ['CONSENT', 'OVERRIDE'],
      otherwise: {
        select: 'switch:police.voluntary',
        cases: { REFER: { decision: 'REFER', code: 'REFER_POLICE_VOLUNTARY' }, DENY: DENIED },
      },
    },
  },
  overrides: {
    PUBLIC_INTEREST: 'RESTRICTION_EXCEPTION_PUBLIC_INTEREST',
    SAFEGUARDING: 'RESTRICTION_EXCEPTION_OTHERS_RIGHTS',
  },
  consentScope: 'RESTRICTION_CONSENT',
  // §9.6 restriction.priorConsentCounts: by default only a consent given after the restriction counts.
  ownScopeBeforeRestriction: {
    select: 'switch:restriction.priorConsentCounts',
    cases: { true: true, false: false },
  },
  // §9.6 restriction.vitalInterests: ALLOW passes the emergency flow's own approval (a responsible
  // clinician or a Caldicott Guardian, step 5); REFER passes only a Caldicott Guardian's.
  vitalInterests: {
    approvers: {
      select: 'switch:restriction.vitalInterests',
      cases: { ALLOW: ['RESPONSIBLE_CLINICIAN', 'CALDICOTT_GUARDIAN'], REFER: ['CALDICOTT_GUARDIAN'] },
    },
    otherwise: { decision: 'REFER', code: 'REFER_RESTRICTION_VITAL_INTERESTS' },
  },
  groundObligations: { ACCURACY_CONTESTED: ['NOTE_ACCURACY_CONTESTED'] },
};

const decisive = (code: string, explanation: string): Reason => ({ code, kind: 'DECISIVE', explanation });
const info = (code: string, explanation: string): Reason => ({ code, kind: 'INFORMATIONAL', explanation });

/** policy-uk.md §9.5, the restriction rows. */
export const RESTRICTION_REASONS: Reason[] = [
  decisive(
    'DENY_PROCESSING_RESTRICTED',
    'Processing is restricted under {restriction} since {restrictionDate} ({restrictionGround}), and no exception applies to this disclosure.',
  ),
  decisive(
    'REFER_RESTRICTION_VITAL_INTERESTS',
    'Processing is restricted under {restriction}; a Caldicott Guardian must confirm this emergency disclosure.',
  ),
  info(
    'RESTRICTION_NOT_APPLICABLE_MANDATORY',
    'Restriction {restriction} (since {restrictionDate}) covers this disclosure, but the law requires it.',
  ),
  info('RESTRICTION_EXCEPTION_CONSENT', 'Restriction {restriction} is passed on a consent given after it.'),
  info(
    'RESTRICTION_EXCEPTION_LEGAL_CLAIMS',
    'Restriction {restriction} is passed: the disclosure is for legal claims.',
  ),
  info(
    'RESTRICTION_EXCEPTION_OTHERS_RIGHTS',
    "Restriction {restriction} is passed to protect another person's rights, approved by a {approver}.",
  ),
  info(
    'RESTRICTION_EXCEPTION_PUBLIC_INTEREST',
    'Restriction {restriction} is passed for an important public interest, approved by a {approver}.',
  ),
  info(
    'RESTRICTION_EXCEPTION_VITAL_INTERESTS',
    "Restriction {restriction} is passed in the patient's vital interests.",
  ),
  info(
    'RESTRICTION_ACTIVE',
    'Restriction {restriction} (since {restrictionDate}, {restrictionGround}) covers this request; the reviewer must weigh it.',
  ),
];

/** reviews.md §7: decided for every request about an erased patient. */
export const ERASURE_REASONS: Reason[] = [
  decisive(
    'DENY_PATIENT_ERASED',
    "The patient's records were erased on {erasedDate}; nothing more is disclosed about this patient.",
  ),
];

export const RESTRICTION_OBLIGATIONS: PolicyDocument['obligations'] = [
  {
    code: 'NOTE_ACCURACY_CONTESTED',
    meaning: "Tell the recipient that the patient contests the data's accuracy.",
  },
];
