/**
 * Gate 2's channel check (policy-se.md §1, §3 step 2): a channel the pack reserves for some kinds of
 * recipient (SJF, between caregivers) is refused for any other recipient before a flow is matched,
 * with the pack's own outcome. Pack data, not a rule of the engine: a pack without reserved channels
 * decides exactly as before.
 */
import type { Recipient } from '../../records/model.ts';
import type { DisclosureRequest } from '../../schemas/disclosure.ts';
import type { PolicyDocument } from '../document.ts';
import { stop, type Stop } from '../trace.ts';

export function channelGate(
  document: PolicyDocument,
  recipient: Recipient,
  request: DisclosureRequest,
): Stop | undefined {
  const subPurpose = request.subPurpose;
  if (subPurpose === null || subPurpose === undefined) return undefined;
  const reserved = (document.recipientChannels ?? []).find((channel) => channel.subPurposes.includes(subPurpose));
  if (reserved === undefined || reserved.categories.includes(recipient.category)) return undefined;
  return stop(reserved.onOtherRecipient.decision, reserved.onOtherRecipient.code);
}
