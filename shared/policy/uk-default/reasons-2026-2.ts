/**
 * Reason codes and obligations of policy-uk.md §9.5 (pack 2026.2), with their explanation
 * templates. Records by id and date, orders and claims by reference; never identifiers or payload
 * values. Restriction codes (§9.3) come with the restriction gate.
 */
import type { PolicyDocument } from '../document.ts';

type Reason = PolicyDocument['reasonCodes'][number];
type Variant = NonNullable<Reason['variants']>[number];
const decisive = (code: string, explanation: string, variants?: Variant[]): Reason => ({
  code,
  kind: 'DECISIVE',
  explanation,
  ...(variants ? { variants } : {}),
});
const info = (code: string, explanation: string): Reason => ({ code, kind: 'INFORMATIONAL', explanation });

export const REASONS_2026_2: Reason[] = [
  decisive(
    'ALLOW_AUDIT_IMPLIED_CONSENT',
    'Patients are told about external clinical audit in the privacy notice, and no objection to it is on record.',
  ),
  decisive(
    'ALLOW_ANONYMOUS_RECORD',
    'Only an anonymous operation and implant record is sent, because no registry-identifier consent is in force.',
    [
      {
        when: 'objection',
        explanation:
          'Only an anonymous operation and implant record is sent, because objection {objection} of {objectionDate} is on record.',
      },
    ],
  ),
  decisive(
    'ALLOW_S251_SUPPORT',
    'Section 251 support recorded for flow {flow} allows {recipient} to receive identifiable data without consent.',
    [
      {
        when: 's251Ref',
        explanation: 'Section 251 support {s251Ref} allows this audit to receive identifiable data without consent.',
      },
    ],
  ),
  decisive('ALLOW_LEGAL_CLAIMS', "The provider's legal advisers need this to deal with claim {matterRef}."),
  decisive(
    'ALLOW_COURT_ORDER',
    'Order {instrumentRef} requires this disclosure; only the items it lists are released.',
  ),
  decisive(
    'ALLOW_STATUTORY_DUTY',
    'The duty under {instrument} obliges the provider to give this information, and only this.',
  ),
  decisive(
    'DENY_CAPACITOUS_REFUSAL',
    'On {objectionDate} the patient, with capacity confirmed, refused this disclosure (objection {objection}); the refusal stands.',
  ),
  decisive(
    'DENY_OUT_OF_CONSENT_SCOPE',
    'Consent {consent} covers records from {recordsFrom} to {recordsTo}; this episode is outside that period.',
  ),
  decisive(
    'DENY_NO_LEGAL_MATTER',
    "No claim reference covering this episode was given, so this cannot go to the provider's legal advisers.",
  ),
  decisive('DENY_NOT_REFERRAL_TARGET', 'This episode records no onward referral to this practitioner.'),
  decisive('DENY_NO_S251_SUPPORT', 'This audit has no section 251 support that applies to this disclosure.'),
  decisive(
    'DENY_INSTRUMENT_SCOPE_MISSING',
    'Order {instrumentRef} was given without the list of items it requires, so nothing is released under it.',
  ),
  decisive(
    'REFER_POLICE_VOLUNTARY',
    'The police request rests on no legal duty or order; a Caldicott Guardian must weigh the public interest.',
  ),
  decisive(
    'REFER_PUBLIC_INTEREST_ASSESSMENT',
    'The patient refused this disclosure while able to decide, but a risk to others is reported; a Caldicott Guardian must decide.',
  ),
  decisive(
    'REFER_PATIENT_SEES_FIRST',
    'Under consent {consent}, the patient asked to see the material before it is released.',
  ),
  decisive(
    'REFER_OBJECTION_COMPELLING_GROUNDS',
    'Objection {objection} of {objectionDate} is on record; the DPO must decide whether compelling grounds override it.',
  ),
  info(
    'OBJECTION_ON_RECORD',
    'Objection {objection} (scope {objectionScope}, recorded {objectionDate}) is on record for the person who decides.',
  ),
  info(
    'OBJECTION_NOT_APPLICABLE_LEGAL_CLAIMS',
    'Objection {objection} (recorded {objectionDate}) does not stop a disclosure needed to deal with a legal claim.',
  ),
  info(
    'OBJECTION_ANONYMOUS_ONLY',
    'Objection {objection} (recorded {objectionDate}) withholds identifiers, so only the anonymous record was sent.',
  ),
  info(
    'REDACT_REGISTRY_NO_CONSENT',
    'Without a registry-identifier consent in force these fields were removed or generalised: {fields}.',
  ),
  info('REDACT_OUT_OF_CONSENT_SCOPE', 'Items dated outside the period the consent covers were removed: {fields}.'),
  info('REDACT_OUT_OF_INSTRUMENT_SCOPE', 'Fields the order does not list were removed: {fields}.'),
];

export const OBLIGATIONS_2026_2: PolicyDocument['obligations'] = [
  {
    code: 'REVIEW_FREE_TEXT_BEFORE_SEND',
    meaning:
      'A health professional checks the released free text for third-party information and serious harm before it is sent.',
  },
];
