/**
 * Emergency access (nödåtkomst, policy-se.md §3 step 5): an override presented on a flow that
 * configures it must come from a patient who cannot take a position and be approved by a listed
 * role; a flow that requires it stops without one. A flow that does not configure it ignores the
 * override: it then has no effect at all.
 */
import { stop, type Stop } from '../trace.ts';
import type { GateContext } from './context.ts';

export interface EmergencyAccess {
  /** A valid override of the configured code was presented. */
  readonly granted: boolean;
}

const NONE: EmergencyAccess = Object.freeze({ granted: false });

export function emergencyAccessGate(context: GateContext): Stop | EmergencyAccess {
  const rule = context.flow.emergencyAccess;
  if (rule === undefined) return NONE;
  const presented = context.request.override;
  const relevant = presented !== null && presented !== undefined && presented.code === rule.code;
  if (!relevant && !rule.required) return NONE;
  const capacity = context.request.patientContext?.capacity;
  if (capacity === undefined || !rule.capacities.includes(capacity))
    return stop(rule.onIncapable.decision, rule.onIncapable.code);
  if (!relevant || !rule.approvers.includes(presented.approverRole))
    return stop(rule.onUnapproved.decision, rule.onUnapproved.code);
  Object.assign(context.trace.base, { override: presented.code, approver: presented.approverRole });
  return { granted: true };
}
