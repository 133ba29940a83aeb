/**
 * Step 6 for a flow with no basis of its own (police-voluntary, §9.2): only an approved override of
 * the listed codes lets it go on. The approvers are the pack's override rule for that code (and its
 * switches); with another approver the override is refused, and without one the flow's switch
 * decides between a referral and a denial.
 */
import { resolve } from '../select.ts';
import { stop, type Stop } from '../trace.ts';
import type { GateContext } from './context.ts';

export function overrideRequiredGate(context: GateContext): Stop | undefined {
  const required = context.flow.overrideRequired;
  if (required === undefined) return undefined;
  const presented = context.request.override;
  const rule =
    presented && required.codes.includes(presented.code)
      ? context.document.overrides.find((candidate) => candidate.code === presented.code)
      : undefined;
  if (rule === undefined || !presented) {
    const outcome = resolve(required.onMissing, context.select);
    return stop(outcome.decision, outcome.code, { overrideCodes: required.codes.join(' or ') });
  }
  if (!resolve(rule.approvers, context.select).includes(presented.approverRole))
    return stop('DENY', 'DENY_OVERRIDE_NOT_APPROVED');
  return undefined;
}
