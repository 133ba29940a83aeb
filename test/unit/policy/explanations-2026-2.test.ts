/**
 * policy-uk.md §9.5 (pack 2026.2): each decisive code's explanation is the spec's sentence. The
 * sentences below are copied from the spec with its placeholders ({id}, {date}, …); each row says
 * which value the spec's placeholder stands for and which template variable carries it, so a
 * template that drifts from the spec's words, or fills a placeholder from the wrong variable, fails.
 * The informational codes and obligations of §9.5 are checked for presence and kind.
 */
import { describe, expect, it } from 'vitest';
import { explain } from '../../../shared/policy/explain.ts';
import { DEFAULT_POLICY } from './fixtures.ts';

/** A spec placeholder: the template variable that fills it, and a value to fill it with. */
type Filled = readonly [variable: string, value: string];

interface SpecSentence {
  readonly code: string;
  /** As policy-uk.md §9.5 writes it. */
  readonly spec: string;
  readonly placeholders?: Readonly<Record<string, Filled>>;
}

const OBJECTION = { id: ['objection', 'obj-7'], date: ['objectionDate', '2026-10-02'] } as const;

const DECISIVE_2026_2: readonly SpecSentence[] = [
  {
    code: 'ALLOW_AUDIT_IMPLIED_CONSENT',
    spec: 'Patients are told about external clinical audit in the privacy notice, and no objection to it is on record.',
  },
  {
    code: 'ALLOW_ANONYMOUS_RECORD',
    spec: 'Only an anonymous operation and implant record is sent, because no registry-identifier consent is in force.',
  },
  {
    code: 'ALLOW_ANONYMOUS_RECORD',
    spec: 'Only an anonymous operation and implant record is sent, because objection {id} of {date} is on record.',
    placeholders: OBJECTION,
  },
  {
    code: 'ALLOW_S251_SUPPORT',
    spec: 'Section 251 support {s251Ref} allows this audit to receive identifiable data without consent.',
    placeholders: { s251Ref: ['s251Ref', 'CAG-DEMO-1'] },
  },
  {
    code: 'ALLOW_LEGAL_CLAIMS',
    spec: "The provider's legal advisers need this to deal with claim {matterRef}.",
    placeholders: { matterRef: ['matterRef', 'CLM-1'] },
  },
  {
    code: 'ALLOW_COURT_ORDER',
    spec: 'Order {instrumentRef} requires this disclosure; only the items it lists are released.',
    placeholders: { instrumentRef: ['instrumentRef', 'CPR1998-r31.17:HC-2026-000123'] },
  },
  {
    code: 'ALLOW_STATUTORY_DUTY',
    spec: 'The duty under {prefix} obliges the provider to give this information, and only this.',
    placeholders: { prefix: ['instrument', 'RTA1988-s172'] },
  },
  {
    code: 'DENY_PROCESSING_RESTRICTED',
    spec: 'Processing is restricted under {restrictionId} since {date} ({ground in words}), and no exception applies to this disclosure.',
    placeholders: {
      restrictionId: ['restriction', 'res-1'],
      date: ['restrictionDate', '2026-11-20'],
      'ground in words': ['restrictionGround', 'the patient contests the accuracy of the data'],
    },
  },
  {
    code: 'DENY_CAPACITOUS_REFUSAL',
    spec: 'On {date} the patient, with capacity confirmed, refused this disclosure (objection {id}); the refusal stands.',
    placeholders: OBJECTION,
  },
  {
    code: 'DENY_OUT_OF_CONSENT_SCOPE',
    spec: 'Consent {consentId} covers records from {from} to {to}; this episode is outside that period.',
    placeholders: {
      consentId: ['consent', 'cons-3'],
      from: ['recordsFrom', '2025-01-01'],
      to: ['recordsTo', '2025-12-31'],
    },
  },
  {
    code: 'DENY_NO_LEGAL_MATTER',
    spec: "No claim reference covering this episode was given, so this cannot go to the provider's legal advisers.",
  },
  { code: 'DENY_NOT_REFERRAL_TARGET', spec: 'This episode records no onward referral to this practitioner.' },
  { code: 'DENY_NO_S251_SUPPORT', spec: 'This audit has no section 251 support that applies to this disclosure.' },
  {
    code: 'DENY_INSTRUMENT_SCOPE_MISSING',
    spec: 'Order {instrumentRef} was given without the list of items it requires, so nothing is released under it.',
    placeholders: { instrumentRef: ['instrumentRef', 'COURT-ORDER:CC-2026-77'] },
  },
  {
    code: 'REFER_POLICE_VOLUNTARY',
    spec: 'The police request rests on no legal duty or order; a Caldicott Guardian must weigh the public interest.',
  },
  {
    code: 'REFER_PUBLIC_INTEREST_ASSESSMENT',
    spec: 'The patient refused this disclosure while able to decide, but a risk to others is reported; a Caldicott Guardian must decide.',
  },
  {
    code: 'REFER_PATIENT_SEES_FIRST',
    spec: 'Under consent {consentId}, the patient asked to see the material before it is released.',
    placeholders: { consentId: ['consent', 'cons-4'] },
  },
  {
    code: 'REFER_OBJECTION_COMPELLING_GROUNDS',
    spec: 'Objection {id} of {date} is on record; the DPO must decide whether compelling grounds override it.',
    placeholders: OBJECTION,
  },
  {
    code: 'REFER_RESTRICTION_VITAL_INTERESTS',
    spec: 'Processing is restricted under {restrictionId}; a Caldicott Guardian must confirm this emergency disclosure.',
    placeholders: { restrictionId: ['restriction', 'res-1'] },
  },
];

const INFORMATIONAL_2026_2 = [
  'RESTRICTION_NOT_APPLICABLE_MANDATORY',
  'RESTRICTION_EXCEPTION_CONSENT',
  'RESTRICTION_EXCEPTION_LEGAL_CLAIMS',
  'RESTRICTION_EXCEPTION_OTHERS_RIGHTS',
  'RESTRICTION_EXCEPTION_PUBLIC_INTEREST',
  'RESTRICTION_EXCEPTION_VITAL_INTERESTS',
  'RESTRICTION_ACTIVE',
  'OBJECTION_ON_RECORD',
  'OBJECTION_NOT_APPLICABLE_LEGAL_CLAIMS',
  'OBJECTION_ANONYMOUS_ONLY',
  'REDACT_REGISTRY_NO_CONSENT',
  'REDACT_OUT_OF_CONSENT_SCOPE',
  'REDACT_OUT_OF_INSTRUMENT_SCOPE',
];

const OBLIGATIONS_2026_2 = ['NOTE_ACCURACY_CONTESTED', 'REVIEW_FREE_TEXT_BEFORE_SEND'];

const { document } = DEFAULT_POLICY;
const kindOf = (code: string) => document.reasonCodes.find((reason) => reason.code === code)?.kind;

describe('policy-uk.md §9.5 explanations', () => {
  it.each(DECISIVE_2026_2)('$code reads as the spec’s sentence: $spec', ({ code, spec, placeholders = {} }) => {
    // Prepare
    const vars = Object.fromEntries(Object.values(placeholders));
    const expected = Object.entries(placeholders).reduce(
      (sentence, [placeholder, [, value]]) => sentence.replace(`{${placeholder}}`, value),
      spec,
    );

    // Act
    const text = explain(document, code, vars);

    // Assess
    expect(kindOf(code)).toBe('DECISIVE');
    expect(expected).not.toMatch(/[{}]/);
    expect(text).toBe(expected);
  });

  it('holds every informational code of §9.5 as informational, and its obligations with their meanings', () => {
    // Act
    const kinds = INFORMATIONAL_2026_2.map(kindOf);
    const obligations = OBLIGATIONS_2026_2.map(
      (code) => document.obligations.find((obligation) => obligation.code === code)?.meaning,
    );

    // Assess
    expect(kinds).toEqual(INFORMATIONAL_2026_2.map(() => 'INFORMATIONAL'));
    for (const meaning of obligations) expect(meaning).toMatch(/^[A-Z].{20,}\.$/);
  });
});
