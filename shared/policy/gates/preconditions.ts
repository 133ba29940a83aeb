/**
 * Gate 5: the flow's preconditions, declared in the pack as `{ kind, …, onFail }`. Each kind has one
 * interpreter here; nothing in this file knows which flow uses it.
 */
import type { Precondition } from '../document.ts';
import { resolve } from '../select.ts';
import { stop, type Stop } from '../trace.ts';
import { sameCode, type GateContext } from './context.ts';
import { CHECKS_2026_2 } from './preconditions-2026-2.ts';

/** Passes (true), fails with the condition's onFail (false), or stops with an outcome of its own. */
type Check = (condition: never, context: GateContext) => boolean | Stop;

export type Checks<Kinds extends Precondition['kind']> = {
  readonly [K in Kinds]: (condition: Extract<Precondition, { kind: K }>, context: GateContext) => boolean | Stop;
};

const CHECKS: Checks<Precondition['kind']> = {
  'funding-party': (condition, { request, recipient }) =>
    condition.fundings.includes(request.episode.funding) && sameCode(request.episode.payerId, recipient.payerId),
  'sub-purpose-not': (condition, { request }) => !condition.values.includes(request.subPurpose ?? ''),
  'registered-gp': (_condition, { recipient, records }) => sameCode(recipient.odsCode, records.registeredGpOds),
  referrer: (_condition, { recipient, request }) => sameCode(recipient.odsCode, request.episode.referralSourceOds),
  funding: (condition, { request }) => condition.allowed.includes(request.episode.funding),
  'episode-type': (condition, context) =>
    resolve(condition.allowed, context.select).includes(context.request.episode.type),
  capacity: (condition, { request }) =>
    request.patientContext !== null &&
    request.patientContext !== undefined &&
    condition.allowed.includes(request.patientContext.capacity),
  override: (condition, { request }) =>
    request.override !== null &&
    request.override !== undefined &&
    condition.codes.includes(request.override.code) &&
    condition.approvers.includes(request.override.approverRole),
  ...CHECKS_2026_2,
};

/** Gate 5: the first failing precondition decides. */
export function preconditionGate(context: GateContext): Stop | undefined {
  for (const condition of context.flow.preconditions) {
    const check = CHECKS[condition.kind] as Check;
    const result = check(condition as never, context);
    if (result === false) return stop(condition.onFail.decision, condition.onFail.code);
    if (result !== true) return result;
  }
  return undefined;
}
