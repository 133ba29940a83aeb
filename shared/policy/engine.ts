/**
 * The decision engine: policy-uk.md §2 gates 2–9, in order, over one records snapshot. Gate 2 (the
 * flow) is matched here, gates 3–8 are the flow's list of steps built once per flow (steps.ts), gate
 * 9 minimises. Pure apart from the pseudonymise port, and waits only on it; everything
 * flow-specific comes from the loaded pack. Gate 1 (shape) is the schema's, gate 10 (audit) the caller's.
 *
 * Internally every stage returns its value, or a Promise only where a pseudonym is actually being
 * computed (issue 15): a decision that waits for nothing takes no microtask turn before `decide`'s
 * own, and one that waits resumes only the stages after the wait.
 */
import type { PatientRecordsSnapshot, Recipient, Restriction } from '../records/model.ts';
import { coveringRestrictions } from '../records/restriction-cover.ts';
import type { DisclosureRequest } from '../schemas/disclosure.ts';
import { dateOf } from './explain.ts';
import { channelGate } from './gates/channels.ts';
import type { GateContext, Pseudonymise } from './gates/context.ts';
import { instrumentPrefix, matchFlow, profileName } from './gates/flow.ts';
import { findObjection, objectionVars } from './gates/objection.ts';
import { restrictionVars } from './gates/restriction.ts';
import { minimiseWithBlocks } from './minimise-blocks.ts';
import type { Minimised } from './minimise.ts';
import { allowed, stopped, type Decision } from './outcome.ts';
import type { LoadedPolicy } from './pack.ts';
import { evaluatedSoFar, stepsOf, type Evaluation, type GateStep } from './steps.ts';
import { Trace, stop, type Stop } from './trace.ts';

export type { Decision, Transformation } from './outcome.ts';

export interface DecisionInput {
  readonly request: DisclosureRequest;
  /** undefined = unknown recipientId. */
  readonly recipient: Recipient | undefined;
  /** One consistent snapshot. */
  readonly records: PatientRecordsSnapshot;
  readonly policy: LoadedPolicy;
  /** ms epoch (consent expiry, NDOP age). */
  readonly now: number;
  /** Keyed pseudonym (KMS HMAC): PHIN domain for released values, AUDIT to compare with registered keys. */
  readonly pseudonymise: Pseudonymise;
  /** The review case a re-sent request names (reviews.md §2), as the caller found it. */
  readonly review?: ReviewInput;
  /** False when the org names no pack for the request's jurisdiction (policy-se.md §0): no flow can match. */
  readonly covered?: boolean;
}

/**
 * A request re-sent with `reviewId`: an approval that applies lets the decision pass the gates that
 * would refer it to a person (and only those); a case that does not approve it is a DENY of its own.
 */
export type ReviewInput =
  | { readonly approved: { readonly reviewId: string; readonly conditions: boolean } }
  | { readonly refused: 'DENY_REVIEW_NOT_APPROVED' | 'DENY_REVIEW_REJECTED' | 'DENY_REVIEW_ALREADY_USED' };

function baseVars(input: DecisionInput): Record<string, string | undefined> {
  const { request } = input;
  return {
    recipient: request.recipientId,
    category: input.recipient?.category,
    purpose: request.purpose,
    funding: request.episode.funding,
    episodeType: request.episode.type,
    capacity: request.patientContext?.capacity,
    instrument: instrumentPrefix(request),
    override: request.override?.code ?? 'none',
    approver: request.override?.approverRole ?? 'nobody',
    instrumentRef: request.instrument?.ref,
    matterRef: request.matter?.ref,
    s251Ref: input.recipient?.s251Ref,
  };
}

/**
 * Always a Promise, as every caller awaits it; a throw inside becomes its rejection. Not an async
 * function: a decision that waited is handed over as the very Promise its last stage made, not
 * awaited once more into another (issue 15: one promise and one microtask turn fewer per decision).
 */
export function decide(input: DecisionInput): Promise<Decision> {
  try {
    const decided = decideNow(input);
    return decided instanceof Promise ? decided : Promise.resolve(decided);
  } catch (failure) {
    return rejection(failure);
  }
}

/** What was thrown, unchanged, as the rejection an async function would have made of it. */
function rejection(failure: unknown): Promise<never> {
  return Promise.resolve().then(() => {
    throw failure;
  });
}

function decideNow(input: DecisionInput): Decision | Promise<Decision> {
  const trace = new Trace(baseVars(input));
  const document = input.policy.document;
  const recipient = input.recipient;
  // reviews.md §4: nothing more is decided about an erased patient, whatever the request.
  if (input.records.erased)
    return stopped(input, trace, stop('DENY', 'DENY_PATIENT_ERASED', { erasedDate: dateOf(input.records.erased.at) }), {
      flow: null,
      mandatory: false,
    });
  if (recipient === undefined)
    return stopped(input, trace, stop('DENY', 'DENY_UNKNOWN_RECIPIENT'), { flow: null, mandatory: false });
  const channel = input.covered === false ? undefined : channelGate(document, recipient, input.request);
  if (channel) return stopped(input, trace, channel, { flow: null, mandatory: false });
  const match = input.covered === false ? undefined : matchFlow(document, recipient, input.request);
  if (match === undefined)
    return stopped(input, trace, stop('DENY', 'DENY_POLICY_UNKNOWN_FLOW'), { flow: null, mandatory: false });
  const context: GateContext = {
    request: input.request,
    recipient,
    records: input.records,
    document,
    switches: document.switches,
    flow: match.flow,
    instrumentRecognised: match.instrumentRecognised,
    select: {
      funding: input.request.episode.funding,
      subPurpose: input.request.subPurpose,
      switches: document.switches,
    },
    now: input.now,
    pseudonymise: input.pseudonymise,
    trace,
  };
  trace.base.flow = match.flow.id;
  trace.base.profile = document.profiles[profileName(context)]?.title;
  if (input.review && 'refused' in input.review)
    return stopped(input, trace, stop('DENY', input.review.refused), { flow: match.flow, mandatory: false });
  return evaluate(input, context);
}

const NO_RESTRICTIONS: readonly Restriction[] = Object.freeze([]);

/** §9.2: every REFER names a covering restriction and shows the human a matching objection on record. */
function halt(e: Evaluation, gate: Stop): Decision {
  const { trace } = e.context;
  if (gate.decision === 'REFER') {
    const restriction = e.covering[0];
    if (restriction) trace.info('RESTRICTION_ACTIVE', restrictionVars(restriction));
    // The decisive gate may not have read the objection.
    const objection = findObjection(e.context);
    if (objection !== undefined) trace.info('OBJECTION_ON_RECORD', objectionVars(objection));
  }
  return stopped(e.input, trace, gate, evaluatedSoFar(e));
}

/** Runs the flow's steps in order; the first stop decides, unless a reviewer already approved that referral. */
function evaluate(input: DecisionInput, context: GateContext): Decision | Promise<Decision> {
  const e: Evaluation = {
    input,
    context,
    covering:
      input.records.restrictions === undefined || input.records.restrictions.length === 0
        ? NO_RESTRICTIONS
        : coveringRestrictions(input.records.restrictions, input.request.episode.id, input.now),
    approval: input.review && 'approved' in input.review ? input.review.approved : undefined,
    referralApproved: false,
    mandatory: false,
    identity: { payload: input.request.payload, rows: [] },
    consented: {},
  };
  return runSteps(e, 0);
}

/** The steps from `from` on; a step that waits resumes the list after it once its answer is in. */
function runSteps(e: Evaluation, from: number): Decision | Promise<Decision> {
  const steps = stepsOf(e.context.flow);
  for (let i = from; i < steps.length; i += 1) {
    const outcome = steps[i]!.run(e);
    if (outcome instanceof Promise) return resumeAfter(e, i, outcome);
    const decided = afterStep(e, steps[i]!, outcome);
    if (decided !== undefined) return decided;
  }
  return release(e);
}

/**
 * Step `at` waited: the rest once its answer is in. Its own function so that no closure in the loop
 * above captures `i`, which made V8 allocate a context for every step of every decision (issue 15).
 */
function resumeAfter(e: Evaluation, at: number, outcome: Promise<Stop | undefined>): Promise<Decision> {
  return outcome.then((gate) => afterStep(e, stepsOf(e.context.flow)[at]!, gate) ?? runSteps(e, at + 1));
}

/** The decision a step's stop makes, or undefined to go on (no stop, or a referral a reviewer approved). */
function afterStep(e: Evaluation, step: GateStep, gate: Stop | undefined): Decision | undefined {
  if (gate === undefined) return undefined;
  if (step.approvable && gate.decision === 'REFER' && e.approval !== undefined) {
    e.referralApproved = true;
    return undefined;
  }
  return step.notes ? halt(e, gate) : stopped(e.input, e.context.trace, gate, evaluatedSoFar(e));
}

/** Gate 9 on what passed gates 3–8: the released payload and the decision that carries it. */
function release(e: Evaluation): Decision | Promise<Decision> {
  const { context, identity, identifiers } = e;
  const blocks = e.recipient!.blocks;
  const minimised = minimiseWithBlocks(context, identity.payload, blocks, identifiers!, e.consented.consent);
  return minimised instanceof Promise ? minimised.then((done) => released(e, done)) : released(e, minimised);
}

function released(e: Evaluation, minimised: Minimised): Decision {
  const { context, identity } = e;
  return allowed(e.input, context.trace, {
    ...evaluatedSoFar(e),
    fallback: e.consented.fallback,
    override: e.override,
    rows: identity.rows.length === 0 ? minimised.rows : [...identity.rows, ...minimised.rows],
    unrequested: minimised.unrequested,
    payload: minimised.payload,
    obligations:
      e.covering.length === 0
        ? undefined
        : e.covering.flatMap((r) => context.document.restriction?.groundObligations[r.ground] ?? []),
    approval: e.referralApproved ? e.approval : undefined,
  });
}
