/**
 * Gates 2 and 4: which registered flow a (recipient category, purpose) pair is, and whether it is
 * mandatory. Where two flows share the pair (regulators), a recognised instrument picks the
 * mandatory one; without it the non-mandatory alternative applies.
 */
import type { Recipient } from '../../records/model.ts';
import type { DisclosureRequest } from '../../schemas/disclosure.ts';
import type { FlowDef, InstrumentDef, PolicyDocument } from '../document.ts';
import { packIndex } from '../pack-index.ts';
import { stop, type Stop } from '../trace.ts';
import type { GateContext } from './context.ts';

export interface FlowMatch {
  readonly flow: FlowDef;
  readonly instrumentRecognised: boolean;
}

export function instrumentPrefix(request: DisclosureRequest): string | undefined {
  return request.instrument?.ref.split(':')[0];
}

/** An instrument tied to one regulator is recognised only for that regulator (GMC powers do not reach a CQC request). */
function instrumentOf(flow: FlowDef, recipient: Recipient, prefix: string | undefined): InstrumentDef | undefined {
  if (flow.mandatory === null || prefix === undefined) return undefined;
  return flow.mandatory.instruments.find(
    (instrument) =>
      instrument.prefix === prefix &&
      (instrument.regulator === undefined || instrument.regulator === recipient.regulator),
  );
}

function recognises(flow: FlowDef, recipient: Recipient, prefix: string | undefined): boolean {
  return instrumentOf(flow, recipient, prefix) !== undefined;
}

/** The pack's entry for the request's instrument, when the matched flow recognises it. */
export function recognisedInstrument(context: GateContext): InstrumentDef | undefined {
  if (!context.instrumentRecognised) return undefined;
  return instrumentOf(context.flow, context.recipient, instrumentPrefix(context.request));
}

/** The profile that minimises this disclosure: the instrument's own (a fixed statutory dataset), else the flow's. */
export function profileName(context: GateContext): string {
  return recognisedInstrument(context)?.profile ?? context.flow.profile;
}

/** §9.1.1: the groups and fields an order lists, when its scope limits what is released. */
export function instrumentFields(context: GateContext): readonly string[] | undefined {
  if (recognisedInstrument(context)?.scopeFields === 'IGNORED') return undefined;
  return context.request.instrument?.scope?.fields;
}

/** A flow with a channel is selected only by the subPurposes it names (SJF, or anything else). */
function onChannel(flow: FlowDef, request: DisclosureRequest): boolean {
  const channel = flow.channel;
  if (channel === undefined) return true;
  const subPurpose = request.subPurpose ?? '';
  return 'subPurposeIn' in channel
    ? channel.subPurposeIn.includes(subPurpose)
    : !channel.subPurposeNotIn.includes(subPurpose);
}

export function matchFlow(
  document: PolicyDocument,
  recipient: Recipient,
  request: DisclosureRequest,
): FlowMatch | undefined {
  if (!document.jurisdictions.includes(request.jurisdiction)) return undefined;
  const purposeFlows = packIndex(document).flowsByPurpose.get(request.purpose) ?? [];
  const prefix = instrumentPrefix(request);
  // One pass over the purpose's flows in pack order, remembering the first of each kind of candidate.
  let unconditional: FlowDef | undefined;
  let first: FlowDef | undefined;
  for (const flow of purposeFlows) {
    if (!flow.categories.includes(recipient.category) || !onChannel(flow, request)) continue;
    if (recognises(flow, recipient, prefix)) return { flow, instrumentRecognised: true };
    if (unconditional === undefined && (flow.mandatory === null || flow.mandatory.implied !== null))
      unconditional = flow;
    first ??= flow;
  }
  if (unconditional) return { flow: unconditional, instrumentRecognised: false };
  // Only mandatory flows, none of whose instruments was named: gate 4 denies with the flow's code.
  return first ? { flow: first, instrumentRecognised: false } : undefined;
}

/** Gate 4. Returns whether the decision is mandatory, or the stop. */
export function mandatoryGate(context: GateContext): Stop | { readonly mandatory: boolean } {
  const { flow, request } = context;
  if (flow.mandatory === null) return { mandatory: false };
  if (!context.instrumentRecognised && flow.mandatory.implied === null) {
    return stop(flow.mandatory.onMissing.decision, flow.mandatory.onMissing.code);
  }
  const scope = context.instrumentRecognised ? request.instrument?.scope : undefined;
  // An order that must list its items and does not is no authority for anything (§9.2 step 4).
  const fields = scope?.fields;
  if (recognisedInstrument(context)?.scopeFields === 'REQUIRED' && (fields === undefined || fields.length === 0))
    return stop('DENY', 'DENY_INSTRUMENT_SCOPE_MISSING');
  if (scope && !scope.episodeIds.includes(request.episode.id)) return stop('DENY', 'DENY_OUT_OF_INSTRUMENT_SCOPE');
  return { mandatory: true };
}
