/**
 * Cross-checks of the restriction section: every flow has a rule and every rule names a flow, and
 * every code and obligation it can produce is one the pack explains.
 */
import type { PolicyDocument } from '../document.ts';
import type { PolicyIssue } from '../errors.ts';
import { isSelector } from '../select.ts';
import type { FlowRestrictionRule, RestrictionOutcome } from './schema.ts';

/** The codes the gate itself decides or notes with, besides those the section names. */
const GATE_CODES = [
  'DENY_PROCESSING_RESTRICTED',
  'RESTRICTION_NOT_APPLICABLE_MANDATORY',
  'RESTRICTION_EXCEPTION_CONSENT',
  'RESTRICTION_EXCEPTION_LEGAL_CLAIMS',
  'RESTRICTION_EXCEPTION_VITAL_INTERESTS',
  'RESTRICTION_ACTIVE',
];

export function checkRestriction(document: PolicyDocument): PolicyIssue[] {
  const section = document.restriction;
  if (section === undefined) return [];
  const flowIds = new Set(document.flows.map((flow) => flow.id));
  const codes = new Set(document.reasonCodes.map((reason) => reason.code));
  const obligations = new Set(document.obligations.map((obligation) => obligation.code));
  const issues: PolicyIssue[] = [];
  for (const id of flowIds)
    if (!Object.hasOwn(section.flows, id))
      issues.push({ path: 'restriction.flows', message: `no rule for flow ${id}` });
  for (const id of Object.keys(section.flows))
    if (!flowIds.has(id)) issues.push({ path: 'restriction.flows', message: `rule for unknown flow ${id}` });
  const used = [
    ...GATE_CODES,
    ...Object.values(section.flows).flatMap(otherwiseCodes),
    ...Object.values(section.overrides),
    section.vitalInterests.otherwise.code,
  ];
  for (const code of used)
    if (!codes.has(code)) issues.push({ path: 'restriction', message: `reason code ${code} has no explanation` });
  for (const code of Object.values(section.groundObligations).flat())
    if (!obligations.has(code)) issues.push({ path: 'restriction', message: `unknown obligation ${code}` });
  return issues;
}

/** Every code a flow's `otherwise` can produce, whichever case its selector picks. */
function otherwiseCodes(rule: FlowRestrictionRule): string[] {
  const { otherwise } = rule;
  if (!isSelector<RestrictionOutcome>(otherwise)) return [otherwise.code];
  const outcomes = [...Object.values(otherwise.cases), ...(otherwise.otherwise ? [otherwise.otherwise] : [])];
  return outcomes.map((outcome) => outcome.code);
}
