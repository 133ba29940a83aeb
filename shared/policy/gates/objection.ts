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

type ScopeToken = GateContext['flow']['objection']['scopes'][number];

export function scopeMatches(
  objection: Objection,
  context: GateContext,
  scopes: readonly ScopeToken[] = context.flow.objection.scopes,
): boolean {
  return scopes.some((token) => {
    if (token === 'CATEGORY') return objection.scope === context.recipient.category;
    if (token === 'PURPOSE') return objection.scope === context.request.purpose;
    return objection.scope === 'ALL_NON_MANDATORY';
  });
}

/** The earliest active objection that reaches this disclosure (deterministic when several do). */
export function findObjection(
  context: GateContext,
  scopes?: readonly ScopeToken[],
  only: (objection: Objection) => boolean = () => true,
): Objection | undefined {
  // Most patients have none: no filtered copies to make.
  if (context.records.objections.length === 0) return undefined;
  return context.records.objections
    .filter((objection) => objection.withdrawn === undefined && scopeMatches(objection, context, scopes))
    .filter(only)
    .filter((objection) => objection.recipientId === undefined || objection.recipientId === context.request.recipientId)
    .sort(
      (a, b) => timeOf(a.at, context.now) - timeOf(b.at, context.now) || a.objectionId.localeCompare(b.objectionId),
    )[0];
}

export function objectionVars(objection: Objection): ExplanationVars {
  return { objection: objection.objectionId, objectionScope: objection.scope, objectionDate: dateOf(objection.at) };
}

/** What gate 7 lets through: an override that set the objection aside, or identifiers withheld (with this reason). */
export interface ObjectionPassed {
  readonly override?: OverrideApplied;
  readonly anonymousOnly?: string;
}

/** A blocking objection denies, unless the pack (or a switch) asks for an assessment instead. */
function blocked(context: GateContext, vars: ExplanationVars): Stop {
  const onBlock = context.flow.objection.onBlock;
  const outcome = onBlock === undefined ? undefined : resolve(onBlock, context.select);
  return stop(outcome?.decision ?? 'DENY', outcome?.code ?? 'DENY_PATIENT_OBJECTION', vars, blockObligations(context));
}

/** What the pack asks for when an objection blocks this flow (e.g. register erasure); none by default. */
function blockObligations(context: GateContext): readonly string[] | undefined {
  const selected = context.flow.objection.onBlockObligations;
  return selected === undefined ? undefined : resolve(selected, context.select);
}

/** Gate 7. Returns the override that set the objection aside (if any), or the stop. */
export function objectionGate(context: GateContext, mandatory: boolean): Stop | ObjectionPassed {
  const objection = findObjection(context);
  if (objection === undefined) return {};
  const vars = objectionVars(objection);
  if (mandatory) {
    context.trace.info('OBJECTION_NOT_APPLICABLE_MANDATORY', vars);
    return {};
  }
  // §9.2 step 7: some flows meet an objection without stopping (legal claims; an anonymous record instead).
  const matched = context.flow.objection.whenMatched;
  if (matched !== undefined) {
    context.trace.info(matched.info, vars);
    if (!matched.anonymous) return {};
    Object.assign(context.trace.base, vars);
    return { anonymousOnly: matched.info };
  }
  if (!context.flow.objection.blocks) return {};
  const presented = context.request.override;
  const rule =
    context.flow.objection.overridable && presented
      ? context.document.overrides.find((candidate) => candidate.code === presented.code)
      : undefined;
  if (rule === undefined || !presented) return blocked(context, vars);
  const approverOk = resolve(rule.approvers, context.select).includes(presented.approverRole);
  const capacity = context.request.patientContext?.capacity;
  const capacityOk = rule.capacities === undefined || (capacity !== undefined && rule.capacities.includes(capacity));
  const overrideVars = { ...vars, override: presented.code, approver: presented.approverRole };
  if (!approverOk || !capacityOk) return stop('DENY', 'DENY_OVERRIDE_NOT_APPROVED', overrideVars);
  Object.assign(context.trace.base, overrideVars);
  return { override: { allowCode: rule.allow, obligations: rule.obligations } };
}
