/**
 * The part of docs/policy-uk.md that shows restriction of processing (policy-uk.md §9.3.2): for each
 * flow, the Art 18(2) exceptions tried in order while a restriction covers the request, and what the
 * request gets when none applies (a selector shows every case, so a DPO sees what a switch changes).
 */
import type { PolicyDocument } from './document.ts';

type Show = (value: unknown) => string;
type Table = (head: readonly string[], rows: readonly (readonly string[])[]) => string;

const EXCEPTION_WORDS: Readonly<Record<string, string>> = {
  LEGAL_CLAIMS: 'legal claims',
  CONSENT: 'restriction consent',
  OVERRIDE: 'approved override',
  VITAL_INTERESTS: 'vital interests',
};

/** The section's lines, or none when the pack has no restriction section. */
export function restrictionLines(document: PolicyDocument, show: Show, table: Table): string[] {
  const section = document.restriction;
  if (section === undefined) return [];
  const rows = Object.entries(section.flows).map(([flowId, rule]) => [
    `\`${flowId}\``,
    rule.exceptions.map((exception) => EXCEPTION_WORDS[exception] ?? exception).join(', ') || '–',
    show(rule.otherwise),
  ]);
  const overrides = Object.entries(section.overrides).map(([code, info]) => `${code} (${info})`);
  const obligations = Object.entries(section.groundObligations).map(
    ([ground, codes]) => `${ground}: ${codes.join(', ')}`,
  );
  return [
    '## Restriction of processing (step 5a)',
    '',
    'A mandatory decision only notes a covering restriction (`RESTRICTION_NOT_APPLICABLE_MANDATORY`). Otherwise the exceptions are tried in this order; the first that applies passes.',
    '',
    table(['flow', 'exceptions', 'when none applies'], rows),
    '',
    `Overrides that pass: ${overrides.join(', ') || '–'}. Restriction consent scope: ${section.consentScope}. Obligations on every ALLOW while a restriction of that ground covers the request: ${obligations.join('; ') || '–'}.`,
    '',
    `Consents of the flow's own scope given before the restriction pass it: ${show(section.ownScopeBeforeRestriction)}. Approvers of the vital-interests override who pass it: ${show(section.vitalInterests.approvers)}; any other approver: ${show(section.vitalInterests.otherwise)}.`,
    '',
  ];
}
