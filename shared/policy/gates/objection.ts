/**
 * Gate 7: an active objection blocks a non-mandatory flow unless a pack-listed override, approved
 * by the roles the pack (and its switches) require, applies. Mandatory decisions only note it.
 */
import type { Objection } from '../../records/model.ts';
import { dateOf, type ExplanationVars } from '../explain.ts';
import { resolve } from '../select.ts';
import { stop, type Stop } from '../trace.ts';
import { timeOf, type GateContext } from './context.ts';

export interface OverrideApplied {
  readonly allowCode: string;
  readonly obligations: readonly string[];
}

function scopeMatches(objection: Objection, context: GateContext): boolean {
  return context.flow.objection.scopes.some((token) => {
    if (token === 'CATEGORY') return objection.scope === context.recipient.category;
    if (token === 'PURPOSE') return objection.scope === context.request.purpose;
    return objection.scope === 'ALL_NON_MANDATORY';
  });
}

/** The earliest active objection that reaches this disclosure (deterministic when several do). */
export function findObjection(context: GateContext): Objection | undefined {
  return context.records.objections
    .filter((objection) => objection.withdrawn === undefined && scopeMatches(objection, context))
    .filter((objection) => objection.recipientId === undefined || objection.recipientId === context.request.recipientId)
    .sort(
      (a, b) => timeOf(a.at, context.now) - timeOf(b.at, context.now) || a.objectionId.localeCompare(b.objectionId),
    )[0];
}

function objectionVars(objection: Objection): ExplanationVars {
  return { objection: objection.objectionId, objectionScope: objection.scope, objectionDate: dateOf(objection.at) };
}

/** What the pack asks for when an objection blocks this flow (e.g. register erasure); none by default. */
function blockObligations(context: GateContext): readonly string[] | undefined {
  const selected = context.flow.objection.onBlockObligations;
  return selected === undefined ? undefined : resolve(selected, context.select);
}

/** Gate 7. Returns the override that set the objection aside (if any), or the stop. */
export function objectionGate(
  context: GateContext,
  mandatory: boolean,
): Stop | { readonly override?: OverrideApplied } {
  const objection = findObjection(context);
  if (objection === undefined) return {};
  const vars = objectionVars(objection);
  if (mandatory) {
    context.trace.info('OBJECTION_NOT_APPLICABLE_MANDATORY', vars);
    return {};
  }
  if (!context.flow.objection.blocks) return {};
  const presented = context.request.override;
  const rule =
    context.flow.objection.overridable && presented
      ? context.document.overrides.find((candidate) => candidate.code === presented.code)
      : undefined;
  if (rule === undefined || !presented) return stop('DENY', 'DENY_PATIENT_OBJECTION', vars, blockObligations(context));
  const approverOk = resolve(rule.approvers, context.select).includes(presented.approverRole);
  const capacity = context.request.patientContext?.capacity;
  const capacityOk = rule.capacities === undefined || (capacity !== undefined && rule.capacities.includes(capacity));
  const overrideVars = { ...vars, override: presented.code, approver: presented.approverRole };
  if (!approverOk || !capacityOk) return stop('DENY', 'DENY_OVERRIDE_NOT_APPROVED', overrideVars);
  Object.assign(context.trace.base, overrideVars);
  return { override: { allowCode: rule.allow, obligations: rule.obligations } };
}
