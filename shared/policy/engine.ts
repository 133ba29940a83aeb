/**
 * The decision engine: policy-uk.md §2 gates 2–9, in order, over one records snapshot. Pure apart
 * from the pseudonymise port; everything flow-specific comes from the loaded pack. Gate 1 (shape)
 * is the schema's, gate 10 (audit) the caller's.
 */
import type { PatientRecordsSnapshot, Recipient } from '../records/model.ts';
import type { DisclosureRequest } from '../schemas/disclosure.ts';
import { consentWithFallbacks } from './gates/consent-fallback.ts';
import type { GateContext, Pseudonymise } from './gates/context.ts';
import { instrumentPrefix, mandatoryGate, matchFlow } from './gates/flow.ts';
import { identityGate } from './gates/identity.ts';
import { ndopGate } from './gates/ndop.ts';
import { objectionGate } from './gates/objection.ts';
import { preconditionGate } from './gates/preconditions.ts';
import { recipientSteps } from './gates/recipient-steps.ts';
import { minimiseWithBlocks } from './minimise-blocks.ts';
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
  /** False when the org names no pack for the request's jurisdiction (policy-se.md §0): no flow can match. */
  readonly covered?: boolean;
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
  if (recipient === undefined)
    return stopped(input, trace, stop('DENY', 'DENY_UNKNOWN_RECIPIENT'), { flow: null, mandatory: false });
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
  Object.assign(trace.base, { flow: match.flow.id, profile: document.profiles[match.flow.profile]?.title });
  return evaluate(input, context);
}

async function evaluate(input: DecisionInput, context: GateContext): Promise<Decision> {
  const { trace, flow } = context;
  const instrumentRef = context.instrumentRecognised ? input.request.instrument?.ref : undefined;
  const at = (mandatory: boolean): Evaluated => ({ flow, mandatory, instrumentRef });
  const identity = await identityGate(context, structuredClone(input.request.payload));
  if (isStop(identity)) return stopped(input, trace, identity, at(false));
  const gate4 = mandatoryGate(context);
  if (isStop(gate4)) return stopped(input, trace, gate4, at(false));
  const { mandatory } = gate4;
  const gate5 = preconditionGate(context);
  if (gate5) return stopped(input, trace, gate5, at(mandatory));
  // Emergency access, the recipient's relation and blocks: no-ops for flows that configure none.
  const steps = recipientSteps(context, identity.payload);
  if (isStop(steps)) return stopped(input, trace, steps, at(mandatory));
  const evaluated: Evaluated = { ...at(mandatory), sparr: steps.blocks.summary };
  const gate6 = mandatory ? {} : consentWithFallbacks(context, steps.access);
  if (isStop(gate6)) return stopped(input, trace, gate6, evaluated);
  const gate7 = objectionGate(context, mandatory);
  if (isStop(gate7)) return stopped(input, trace, gate7, evaluated);
  // Gate 8 runs for mandatory decisions too, but only to note an opt-out it cannot apply.
  const gate8 = ndopGate(context, mandatory || gate7.override !== undefined);
  if (gate8) return stopped(input, trace, gate8, { ...evaluated, consent: gate6.consent });
  const minimised = await minimiseWithBlocks(context, identity.payload, steps.blocks);
  return allowed(input, trace, {
    ...evaluated,
    consent: gate6.consent,
    fallback: gate6.fallback,
    override: gate7.override,
    rows: [...identity.rows, ...minimised.rows],
    payload: minimised.payload,
  });
}
