/**
 * The decision engine: policy-uk.md §2 gates 2–9, in order, over one records snapshot. Pure apart
 * from the pseudonymise port; everything flow-specific comes from the loaded pack. Gate 1 (shape)
 * is the schema's, gate 10 (audit) the caller's.
 */
import type { PatientRecordsSnapshot, Recipient } from '../records/model.ts';
import type { DisclosureRequest } from '../schemas/disclosure.ts';
import { consentGate } from './gates/consent.ts';
import type { GateContext, Pseudonymise } from './gates/context.ts';
import { instrumentPrefix, mandatoryGate, matchFlow } from './gates/flow.ts';
import { identityGate } from './gates/identity.ts';
import { ndopGate } from './gates/ndop.ts';
import { objectionGate } from './gates/objection.ts';
import { preconditionGate } from './gates/preconditions.ts';
import { restrictionGate, restrictionVars } from './gates/restriction.ts';
import { coveringRestrictions } from '../records/restriction-cover.ts';
import { dateOf } from './explain.ts';
import { minimise } from './minimise.ts';
import { allowed, stopped, type Decision, type Evaluated } from './outcome.ts';
import type { LoadedPolicy } from './pack.ts';
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
}

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
  const match = matchFlow(document, recipient, input.request);
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
  Object.assign(trace.base, { flow: match.flow.id, profile: document.profiles[match.flow.profile]?.title });
  return evaluate(input, context);
}

async function evaluate(input: DecisionInput, context: GateContext): Promise<Decision> {
  const { trace, flow } = context;
  const instrumentRef = context.instrumentRecognised ? input.request.instrument?.ref : undefined;
  const at = (mandatory: boolean): Evaluated => ({ flow, mandatory, instrumentRef });
  const covering = coveringRestrictions(input.records.restrictions, input.request.episode.id, input.now);
  // policy-uk.md §9.2: every REFER names a covering restriction, so the human sees it.
  const halt = (gate: Stop, evaluated: Evaluated): Decision => {
    if (gate.decision === 'REFER' && covering[0]) trace.info('RESTRICTION_ACTIVE', restrictionVars(covering[0]));
    return stopped(input, trace, gate, evaluated);
  };
  const identity = await identityGate(context, structuredClone(input.request.payload));
  if (isStop(identity)) return halt(identity, at(false));
  const gate4 = mandatoryGate(context);
  if (isStop(gate4)) return halt(gate4, at(false));
  const { mandatory } = gate4;
  const gate5 = preconditionGate(context);
  if (gate5) return halt(gate5, at(mandatory));
  const gate5a = restrictionGate(context, covering, mandatory);
  if (isStop(gate5a)) return halt(gate5a, at(mandatory));
  const gate6 = mandatory ? {} : consentGate(context);
  if (isStop(gate6)) return halt(gate6, at(mandatory));
  const gate7 = objectionGate(context, mandatory);
  if (isStop(gate7)) return halt(gate7, at(mandatory));
  const override = gate7.override ?? gate5a.override;
  // Gate 8 runs for mandatory decisions too, but only to note an opt-out it cannot apply.
  const gate8 = ndopGate(context, mandatory || override !== undefined);
  if (gate8) return halt(gate8, { ...at(mandatory), consent: gate6.consent });
  const minimised = await minimise(context, identity.payload);
  return allowed(input, trace, {
    ...at(mandatory),
    consent: gate6.consent,
    override,
    rows: [...identity.rows, ...minimised.rows],
    payload: minimised.payload,
    obligations: covering.flatMap((r) => context.document.restriction?.groundObligations[r.ground] ?? []),
  });
}
