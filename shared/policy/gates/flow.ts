/**
 * Gates 2 and 4: which registered flow a (recipient category, purpose) pair is, and whether it is
 * mandatory. Where two flows share the pair (regulators), a recognised instrument picks the
 * mandatory one; without it the non-mandatory alternative applies.
 */
import type { Recipient } from '../../records/model.ts';
import type { DisclosureRequest } from '../../schemas/disclosure.ts';
import type { FlowDef, PolicyDocument } from '../document.ts';
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
function recognises(flow: FlowDef, recipient: Recipient, prefix: string | undefined): boolean {
  if (flow.mandatory === null || prefix === undefined) return false;
  return flow.mandatory.instruments.some(
    (instrument) =>
      instrument.prefix === prefix &&
      (instrument.regulator === undefined || instrument.regulator === recipient.regulator),
  );
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
  const candidates = document.flows.filter(
    (flow) =>
      flow.categories.includes(recipient.category) && flow.purpose === request.purpose && onChannel(flow, request),
  );
  const prefix = instrumentPrefix(request);
  const withInstrument = candidates.find((flow) => recognises(flow, recipient, prefix));
  if (withInstrument) return { flow: withInstrument, instrumentRecognised: true };
  const unconditional = candidates.find((flow) => flow.mandatory === null || flow.mandatory.implied !== null);
  if (unconditional) return { flow: unconditional, instrumentRecognised: false };
  // Only mandatory flows, none of whose instruments was named: gate 4 denies with the flow's code.
  const first = candidates[0];
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
  if (scope && !scope.episodeIds.includes(request.episode.id)) return stop('DENY', 'DENY_OUT_OF_INSTRUMENT_SCOPE');
  return { mandatory: true };
}
