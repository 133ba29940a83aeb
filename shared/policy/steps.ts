/**
 * The gates 3–8 of policy-uk.md §2 as a list of steps, and each flow's own list, built once per
 * flow of a loaded pack: a step a flow does not configure (no instrument, no preconditions, no
 * consent, no override requirement) is simply not in its list. Each step reads what the steps before
 * it established and adds what it found; the engine runs the list and stops at the first stop.
 */
import type { Restriction } from '../records/model.ts';
import type { FlowDef } from './document.ts';
import type { DecisionInput } from './engine.ts';
import { consentVars } from './gates/consent.ts';
import { consentWithFallbacks, type ConsentOutcome } from './gates/consent-fallback.ts';
import type { GateContext } from './gates/context.ts';
import { mandatoryGate } from './gates/flow.ts';
import { identifierBasis, type IdentifierBasis } from './gates/identifier-basis.ts';
import { identityGate, type IdentityResult } from './gates/identity.ts';
import { ndopGate } from './gates/ndop.ts';
import { objectionGate, type OverrideApplied } from './gates/objection.ts';
import { overrideRequiredGate } from './gates/override-required.ts';
import { preconditionGate } from './gates/preconditions.ts';
import { recipientSteps, type RecipientSteps } from './gates/recipient-steps.ts';
import { restrictionGate } from './gates/restriction.ts';
import type { Evaluated } from './outcome.ts';
import type { Stop } from './trace.ts';

/** What the steps have established so far about one decision. Per call, never shared. */
export interface Evaluation {
  readonly input: DecisionInput;
  readonly context: GateContext;
  /** Restrictions of processing covering the request, latest first (§9.3). */
  readonly covering: readonly Restriction[];
  /** The reviewer's approval a re-sent request carries, which passes steps that would refer it. */
  readonly approval: { readonly reviewId: string; readonly conditions: boolean } | undefined;
  referralApproved: boolean;
  mandatory: boolean;
  /** Gate 3's payload and rows: the identity step is every list's first, so later steps read its own. */
  identity: IdentityResult;
  recipient?: RecipientSteps;
  consented: ConsentOutcome;
  /** An override that set a restriction (5a) or an objection (7) aside. */
  override?: OverrideApplied | undefined;
  anonymousOnly?: string | undefined;
  identifiers?: IdentifierBasis;
}

type Outcome = Stop | undefined;

function isStop(value: object): value is Stop {
  return 'decision' in value && 'code' in value;
}

export interface GateStep {
  readonly run: (evaluation: Evaluation) => Outcome | Promise<Outcome>;
  /** A REFER from this step is passed when a reviewer already approved the request (reviews.md §2). */
  readonly approvable: boolean;
  /** A REFER from this step shows the person what else stands in the way (§9.2: restriction, objection). */
  readonly notes: boolean;
}

const step = (run: GateStep['run'], approvable: boolean, notes = true): GateStep => ({ run, approvable, notes });

/**
 * Whether a stop inside a step holds: a REFER a reviewer already approved does not (reviews.md §2),
 * as the engine's loop treats an approvable step's REFER; an approved Swedish referral (police,
 * unknown spärr status) is decided on past it.
 */
function halts(e: Evaluation, gate: Stop): boolean {
  if (gate.decision !== 'REFER' || e.approval === undefined) return true;
  e.referralApproved = true;
  return false;
}

const settle = (result: Stop | IdentityResult, evaluation: Evaluation): Outcome => {
  if (isStop(result)) return result;
  evaluation.identity = result;
  return undefined;
};

const IDENTITY = step((e) => {
  const result = identityGate(e.context);
  return result instanceof Promise ? result.then((settled) => settle(settled, e)) : settle(result, e);
}, false);

const MANDATORY = step((e) => {
  const gate = mandatoryGate(e.context);
  if (isStop(gate)) return gate;
  e.mandatory = gate.mandatory;
  return undefined;
}, true);

const PRECONDITIONS = step((e) => preconditionGate(e.context), true);

const RESTRICTION = step((e) => {
  const gate = restrictionGate(e.context, e.covering, e.mandatory);
  if (isStop(gate)) return gate;
  e.override = gate.override;
  return undefined;
}, true);

// Emergency access, the recipient's relation and blocks: no-ops for flows that configure none.
const RECIPIENT = step(
  (e) => {
    const steps = recipientSteps(e.context, e.identity.payload, (gate) => halts(e, gate));
    if (isStop(steps)) return steps;
    e.recipient = steps;
    return undefined;
  },
  false,
  false,
);

const CONSENT = step((e) => {
  if (e.mandatory) return undefined;
  const gate = consentWithFallbacks(e.context, e.recipient!.access);
  if (isStop(gate)) return gate;
  e.consented = gate;
  return undefined;
}, true);

const OVERRIDE_REQUIRED = step((e) => (e.mandatory ? undefined : overrideRequiredGate(e.context)), true);

const OBJECTION = step((e) => {
  const gate = objectionGate(e.context, e.mandatory);
  if (isStop(gate)) return gate;
  e.override = gate.override ?? e.override;
  e.anonymousOnly = gate.anonymousOnly;
  return undefined;
}, false);

/** Never stops: settles on what basis clear identifiers go, which the opt-out (8) depends on. */
const IDENTIFIERS = step((e) => {
  const identifiers = identifierBasis(e.context, e.anonymousOnly);
  if (identifiers.consent)
    Object.assign(e.context.trace.base, consentVars(identifiers.consent, identifiers.consent.scope));
  e.identifiers = identifiers;
  return undefined;
}, false);

// Gate 8 runs for mandatory decisions too, but only to note an opt-out it cannot apply.
const NDOP = step((e) => {
  const identifiers = e.identifiers!;
  const exempt = e.mandatory || e.override !== undefined || identifiers.consent !== undefined;
  return ndopGate(e.context, exempt, e.context.flow.ndopGate || identifiers.ndop === true);
}, true);

function build(flow: FlowDef): readonly GateStep[] {
  return [
    IDENTITY,
    ...(flow.mandatory === null ? [] : [MANDATORY]),
    ...(flow.preconditions.length === 0 ? [] : [PRECONDITIONS]),
    RESTRICTION,
    RECIPIENT,
    ...(flow.consent === null ? [] : [CONSENT]),
    ...(flow.overrideRequired === undefined ? [] : [OVERRIDE_REQUIRED]),
    OBJECTION,
    IDENTIFIERS,
    NDOP,
  ];
}

const PLANS = new WeakMap<FlowDef, readonly GateStep[]>();

/** The flow's steps, built the first time the (frozen) flow decides anything. */
export function stepsOf(flow: FlowDef): readonly GateStep[] {
  let steps = PLANS.get(flow);
  if (steps === undefined) {
    steps = build(flow);
    PLANS.set(flow, steps);
  }
  return steps;
}

/**
 * What a stop at this point of the list rests on (the later the stop, the more is known): one
 * object, what is not known yet left undefined (issue 15: it was a spread per stage).
 */
export function evaluatedSoFar(e: Evaluation): Evaluated {
  const { identifiers } = e;
  return {
    flow: e.context.flow,
    mandatory: e.mandatory,
    instrumentRef: e.context.instrumentRecognised ? e.input.request.instrument?.ref : undefined,
    sparr: e.recipient?.blocks.summary,
    consent: identifiers === undefined ? undefined : (e.consented.consent ?? identifiers.consent),
    alternative: identifiers?.alternative,
  };
}
