/**
 * Reason codes (policy-uk.md §3) with their one-sentence explanation templates. `{name}`
 * placeholders are filled from records (ids, dates), the request's enums and field paths only:
 * never identifiers or payload values (explain.ts enforces the variable list).
 */
import type { PolicyDocument } from '../document.ts';
import { OBLIGATIONS_2026_2, REASONS_2026_2 } from './reasons-2026-2.ts';

type Reason = PolicyDocument['reasonCodes'][number];
const decisive = (code: string, explanation: string): Reason => ({ code, kind: 'DECISIVE', explanation });
const info = (code: string, explanation: string): Reason => ({ code, kind: 'INFORMATIONAL', explanation });
const id = (code: string, what: string): Reason => ({
  code,
  kind: 'IDENTIFIER',
  explanation: `The value at {fields} ${what} (${code}).`,
});

export const REASONS: Reason[] = [
  decisive(
    'ALLOW_DIRECT_CARE_IMPLIED_CONSENT',
    'Disclosure to {recipient} for direct care rests on implied consent under flow {flow}.',
  ),
  decisive(
    'ALLOW_EXPLICIT_CONSENT',
    'Consent {consent} ({consentScope}, {consentForm}, {consentDate}) covers this disclosure to {recipient}.',
  ),
  decisive(
    'ALLOW_LEGAL_OBLIGATION',
    'Disclosure to {recipient} rests on the legal requirement or statutory gateway {legalBasis} recorded for flow {flow}.',
  ),
  decisive(
    'ALLOW_VITAL_INTERESTS',
    "The patient cannot consent ({capacity}) and a {approver} approved disclosure to {recipient} in the patient's vital interests.",
  ),
  {
    ...decisive(
      'ALLOW_PUBLIC_INTEREST_OVERRIDE',
      'An override on {override} grounds approved by a {approver} is the basis for this disclosure.',
    ),
    // With an objection on record, the sentence names what the override set aside (2026.1 wording).
    variants: [
      {
        when: 'objection',
        explanation:
          'Objection {objection} (recorded {objectionDate}) was overridden on {override} grounds approved by a {approver}.',
      },
    ],
  },
  decisive(
    'ALLOW_BEST_INTERESTS',
    'Objection {objection} (recorded {objectionDate}) was overridden in the best interests of a patient who lacks capacity, approved by a {approver}.',
  ),
  decisive('DENY_UNKNOWN_RECIPIENT', 'The recipient {recipient} is not registered for this organisation.'),
  decisive(
    'DENY_POLICY_UNKNOWN_FLOW',
    'No flow in the policy register allows disclosure to a {category} recipient for {purpose}.',
  ),
  decisive('DENY_IDENTITY_MISMATCH', 'The identifier at {fields} does not match the one registered for this patient.'),
  {
    ...decisive(
      'DENY_NO_LEGAL_BASIS',
      'Flow {flow} is mandatory-only and the request names no instrument the policy recognises for {recipient}.',
    ),
    // 2026.2: flows that are not mandatory-only end here too (no consent, or no approved override).
    variants: [
      {
        when: 'consentScope',
        explanation:
          'No {consentScope} consent naming {recipient} is on record and the request names no order the policy recognises, so flow {flow} has no legal basis.',
      },
      {
        when: 'overrideCodes',
        explanation:
          'Flow {flow} rests on no legal duty or order, and no approved {overrideCodes} override was presented.',
      },
    ],
  },
  decisive(
    'DENY_OUT_OF_INSTRUMENT_SCOPE',
    'The episode is outside the scope of the {instrument} instrument named in the request.',
  ),
  decisive('DENY_RECIPIENT_NOT_FUNDING_PARTY', '{recipient} is not the party funding this {funding} episode.'),
  decisive('DENY_NOT_REGISTERED_GP', "{recipient} is not the patient's registered GP practice."),
  decisive('DENY_NOT_REFERRER', '{recipient} is not the body that referred this episode.'),
  decisive('DENY_OUT_OF_SCOPE_FUNDING', 'Flow {flow} covers only publicly funded episodes and this one is {funding}.'),
  decisive(
    'DENY_OUT_OF_SCOPE_PHIN_NHS_FUNDED',
    'PHIN submissions cover privately funded episodes only and this one is {funding}.',
  ),
  decisive(
    'DENY_OUT_OF_SCOPE_PHIN_OUTPATIENT',
    'PHIN submissions do not cover {episodeType} episodes under this policy.',
  ),
  decisive(
    'DENY_PATIENT_CAN_CONSENT',
    "The patient's recorded capacity is {capacity}, so the patient must be asked instead.",
  ),
  decisive(
    'DENY_CONSENT_MISSING',
    'No current {consentScope} consent covering {recipient} and this episode is on record.',
  ),
  decisive('DENY_CONSENT_DECLINED', 'The patient declined consent {consent} ({consentScope}) on {consentDate}.'),
  decisive(
    'DENY_CONSENT_WITHDRAWN',
    'The patient withdrew consent {consent} ({consentScope}) on {withdrawnDate}, and a withdrawn consent is never replaced by another basis.',
  ),
  decisive(
    'DENY_PATIENT_OBJECTION',
    'Objection {objection} (scope {objectionScope}, recorded {objectionDate}) blocks this disclosure.',
  ),
  decisive(
    'DENY_OVERRIDE_NOT_APPROVED',
    "The override presented ({override}, approved by {approver}) does not meet the policy's approval rule for this disclosure.",
  ),
  decisive('DENY_NDOP_OPT_OUT', "The patient's National Data Opt-out (checked {ndopDate}) applies to this disclosure."),
  decisive(
    'DENY_NDOP_STATUS_UNKNOWN',
    'No National Data Opt-out result from the last {maxAgeHours} hours is on record (last checked {ndopDate}).',
  ),
  decisive(
    'REFER_AMRA_REPORT',
    "A report under the Access to Medical Reports Act 1988 needs the patient's involvement and a person's decision.",
  ),
  decisive(
    'REFER_REGULATOR_NON_STATUTORY',
    '{recipient} named no recognised statutory instrument and no {consentScope} consent is on record, so a person must decide.',
  ),
  info('REDACT_MINIMISATION', 'Fields outside the {profile} profile were removed: {fields}.'),
  info('REDACT_FREE_TEXT', 'Free-text fields were removed: {fields}.'),
  info(
    'REDACT_PHIN_IDENTIFIERS_NO_CONSENT',
    'Without consent to clear identifiers these fields were removed or generalised: {fields}.',
  ),
  info('PSEUDONYMISED', 'These fields were replaced by keyed pseudonyms: {fields}.'),
  info('GENERALISED', 'These fields were generalised: {fields}.'),
  info(
    'DQ_IDENTIFIER_STRIPPED',
    'The invalid identifier at {fields} was removed and the submission continues without it.',
  ),
  info(
    'NDOP_NOT_APPLICABLE',
    "The patient's National Data Opt-out (checked {ndopDate}) does not apply to flow {flow}.",
  ),
  info(
    'OBJECTION_NOT_APPLICABLE_MANDATORY',
    'Objection {objection} (recorded {objectionDate}) does not apply because this disclosure is required by law.',
  ),
  id('ID_NHS_FORMAT', 'is not a ten-digit NHS number'),
  id('ID_NHS_REPEATED_DIGITS', 'is an NHS number of ten equal digits'),
  id('ID_NHS_CHECK_DIGIT_10', 'is an NHS number whose check digit would be 10'),
  id('ID_NHS_CHECKSUM', 'is an NHS number that fails its check digit'),
  id('ID_NHS_TEST_RANGE', 'is an NHS number in the test range'),
  id('ID_HC_FORMAT', 'is not a ten-digit H&C number'),
  id('ID_HC_REPEATED_DIGITS', 'is an H&C number of ten equal digits'),
  id('ID_HC_CHECK_DIGIT_10', 'is an H&C number whose check digit would be 10'),
  id('ID_HC_CHECKSUM', 'is an H&C number that fails its check digit'),
  id('ID_HC_TEST_RANGE', 'is an H&C number in the test range'),
  id('ID_HC_RANGE', 'is outside the H&C number range'),
  id('ID_CHI_FORMAT', 'is not a ten-digit CHI number'),
  id('ID_CHI_DATE', 'is a CHI number without a valid date of birth'),
  id('ID_CHI_CHECKSUM', 'is a CHI number that fails its check digit'),
  id('ID_POSTCODE_FORMAT', 'is not a UK postcode and was removed'),
  id('ID_GMC_FORMAT', 'is not a GMC number and was removed'),
  id('ID_OPCS_FORMAT', 'is not an OPCS-4 code and the entry was removed'),
  id('ID_ICD10_FORMAT', 'is not an ICD-10 code and the entry was removed'),
  ...REASONS_2026_2,
  // Reviews (reviews.md §7).
  decisive(
    'ALLOW_REVIEW_APPROVED',
    'A person approved this referred disclosure to {recipient}; it was decided again on the current records under flow {flow}.',
  ),
  decisive(
    'DENY_REVIEW_NOT_APPROVED',
    'The review named with this request has not approved this disclosure to {recipient} as sent.',
  ),
  decisive('DENY_REVIEW_REJECTED', 'The review named with this request was rejected or expired.'),
  decisive(
    'DENY_REVIEW_ALREADY_USED',
    'The approval named with this request was used for an earlier disclosure; an approval allows one.',
  ),
  info('REVIEW_PENDING', 'A review of this same request is still open; a person decides it before anything is sent.'),
];

export const OBLIGATIONS: PolicyDocument['obligations'] = [
  {
    code: 'INFORM_PATIENT_IF_PRACTICABLE',
    meaning: 'Tell the patient about the disclosure unless doing so is impracticable or would defeat its purpose.',
  },
  { code: 'RETROSPECTIVE_CG_REVIEW', meaning: 'The Caldicott Guardian reviews the disclosure after the event.' },
  {
    code: 'NOTIFY_BILLING_SELF_PAY',
    meaning: 'Tell billing that the insurer may no longer be told, so the episode may become self-pay.',
  },
  ...OBLIGATIONS_2026_2,
  // Reviews (reviews.md §7).
  {
    code: 'REVIEWER_CONDITIONS',
    meaning: 'Send only on the conditions the reviewer set (returned as reviewConditions).',
  },
  { code: 'REPORT_INCIDENT', meaning: 'A release not upheld on review is reported as an incident.' },
];
