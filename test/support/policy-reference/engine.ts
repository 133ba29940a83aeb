/**
 * TEST-ONLY REFERENCE (issue 15). The decision interpreter as it was before `decide()` ran a plan
 * compiled once per pack: this file and its siblings here are verbatim copies of that code, kept so
 * test/unit/policy/plan-equivalence.test.ts can prove the plan decides exactly as it did. The gates
 * both share are imported from shared/policy. Never import this from shared/ or functions/.
 */
/**
 * The decision engine: policy-uk.md §2 gates 2–9, in order, over one records snapshot. Pure apart
 * from the pseudonymise port; everything flow-specific comes from the loaded pack. Gate 1 (shape)
 * is the schema's, gate 10 (audit) the caller's.
 */
import type { PatientRecordsSnapshot, Recipient } from '../../../shared/records/model.ts';
import type { DisclosureRequest } from '../../../shared/schemas/disclosure.ts';
import { channelGate } from '../../../shared/policy/gates/channels.ts';
import { consentVars } from '../../../shared/policy/gates/consent.ts';
import { consentWithFallbacks, type ConsentOutcome } from '../../../shared/policy/gates/consent-fallback.ts';
import type { GateContext, Pseudonymise } from '../../../shared/policy/gates/context.ts';
import { instrumentPrefix, mandatoryGate, matchFlow, profileName } from '../../../shared/policy/gates/flow.ts';
import { identifierBasis } from '../../../shared/policy/gates/identifier-basis.ts';
import { identityGate } from './identity.ts';
import { ndopGate } from '../../../shared/policy/gates/ndop.ts';
import { findObjection, objectionGate, objectionVars } from '../../../shared/policy/gates/objection.ts';
import { overrideRequiredGate } from '../../../shared/policy/gates/override-required.ts';
import { preconditionGate } from '../../../shared/policy/gates/preconditions.ts';
import { restrictionGate, restrictionVars } from '../../../shared/policy/gates/restriction.ts';
import { coveringRestrictions } from '../../../shared/records/restriction-cover.ts';
import { dateOf } from './explain.ts';
import { recipientSteps } from '../../../shared/policy/gates/recipient-steps.ts';
import { minimiseWithBlocks } from './minimise-blocks.ts';
import { allowed, stopped, type Decision, type Evaluated } from './outcome.ts';
import type { LoadedPolicy } from '../../../shared/policy/pack.ts';
import { Trace, stop, type Stop } from '../../../shared/policy/trace.ts';

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

function isStop(value: object): value is Stop {
  return 'decision' in value && 'code' in value;
}

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

export async function decide(input: DecisionInput): Promise<Decision> {
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
  Object.assign(trace.base, { flow: match.flow.id, profile: document.profiles[profileName(context)]?.title });
  if (input.review && 'refused' in input.review)
    return stopped(input, trace, stop('DENY', input.review.refused), { flow: match.flow, mandatory: false });
  return evaluate(input, context);
}

/** §9.2: every REFER shows the human a matching objection on record (the decisive gate may not have read it). */
function referred(input: DecisionInput, context: GateContext, gate: Stop, evaluated: Evaluated): Decision {
  const objection = gate.decision === 'REFER' ? findObjection(context) : undefined;
  if (objection !== undefined) context.trace.info('OBJECTION_ON_RECORD', objectionVars(objection));
  return stopped(input, context.trace, gate, evaluated);
}

async function evaluate(input: DecisionInput, context: GateContext): Promise<Decision> {
  const { trace, flow } = context;
  const instrumentRef = context.instrumentRecognised ? input.request.instrument?.ref : undefined;
  const approval = input.review && 'approved' in input.review ? input.review.approved : undefined;
  let referralApproved = false;
  // A stop that would hand the decision to a person is passed when a person already approved it.
  const halts = (gate: Stop): boolean => {
    if (gate.decision !== 'REFER' || approval === undefined) return true;
    referralApproved = true;
    return false;
  };
  const at = (mandatory: boolean): Evaluated => ({ flow, mandatory, instrumentRef });
  const covering = coveringRestrictions(input.records.restrictions, input.request.episode.id, input.now);
  // policy-uk.md §9.2: every REFER names a covering restriction (and, in referred(), a matching objection).
  const halt = (gate: Stop, evaluated: Evaluated): Decision => {
    if (gate.decision === 'REFER' && covering[0]) trace.info('RESTRICTION_ACTIVE', restrictionVars(covering[0]));
    return referred(input, context, gate, evaluated);
  };
  const identity = await identityGate(context, structuredClone(input.request.payload));
  if (isStop(identity)) return halt(identity, at(false));
  const gate4 = mandatoryGate(context);
  if (isStop(gate4) && halts(gate4)) return halt(gate4, at(false));
  const mandatory = !isStop(gate4) && gate4.mandatory;
  const gate5 = preconditionGate(context);
  if (gate5 && halts(gate5)) return halt(gate5, at(mandatory));
  const gate5a = restrictionGate(context, covering, mandatory);
  if (isStop(gate5a) && halts(gate5a)) return halt(gate5a, at(mandatory));
  // Emergency access, the recipient's relation and blocks: no-ops for flows that configure none.
  const steps = recipientSteps(context, identity.payload, halts);
  if (isStop(steps)) return stopped(input, trace, steps, at(mandatory));
  const evaluated: Evaluated = { ...at(mandatory), sparr: steps.blocks.summary };
  const gate6 = mandatory ? {} : consentWithFallbacks(context, steps.access);
  if (isStop(gate6) && halts(gate6)) return halt(gate6, evaluated);
  const consented: ConsentOutcome = isStop(gate6) ? {} : gate6;
  const consentGiven = consented.consent;
  const gate6b = mandatory ? undefined : overrideRequiredGate(context);
  if (gate6b && halts(gate6b)) return halt(gate6b, evaluated);
  const gate7 = objectionGate(context, mandatory);
  if (isStop(gate7)) return halt(gate7, evaluated);
  const override = gate7.override ?? (isStop(gate5a) ? undefined : gate5a.override);
  const identifiers = identifierBasis(context, gate7.anonymousOnly);
  if (identifiers.consent) Object.assign(trace.base, consentVars(identifiers.consent, identifiers.consent.scope));
  const consent = consentGiven ?? identifiers.consent;
  const basis = { ...evaluated, consent, alternative: identifiers.alternative };
  // Gate 8 runs for mandatory decisions too, but only to note an opt-out it cannot apply.
  const exempt = mandatory || override !== undefined || identifiers.consent !== undefined;
  const gate8 = ndopGate(context, exempt, context.flow.ndopGate || identifiers.ndop === true);
  if (gate8 && halts(gate8)) return halt(gate8, basis);
  const minimised = await minimiseWithBlocks(context, identity.payload, steps.blocks, identifiers, consentGiven);
  return allowed(input, trace, {
    ...basis,
    fallback: consented.fallback,
    override,
    rows: [...identity.rows, ...minimised.rows],
    payload: minimised.payload,
    obligations: covering.flatMap((r) => context.document.restriction?.groundObligations[r.ground] ?? []),
    ...(referralApproved && approval ? { approval } : {}),
  });
}
