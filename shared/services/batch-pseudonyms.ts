import { normaliseForPseudonym, type PseudonymRequest } from '../pseudonym/pseudonymiser.ts';
import type { Recipient } from '../records/model.ts';
import type { DisclosureRequest } from '../schemas/disclosure.ts';

/**
 * The identifiers a batch's decisions will certainly need (each patient's audit key; for PHIN
 * recipients the local id and episode id), given the batch's recipients as read.
 */
export function pseudonymsToWarm(
  requests: readonly DisclosureRequest[],
  recipients: readonly (Recipient | undefined)[],
): PseudonymRequest[] {
  const phin = new Set(
    recipients.filter((recipient) => recipient?.category === 'PHIN').map((recipient) => recipient!.recipientId),
  );
  const wanted: PseudonymRequest[] = [];
  for (const request of requests) {
    wanted.push({ domain: 'AUDIT', idType: 'LOCAL_ID', value: request.patientId });
    if (!phin.has(request.recipientId)) continue;
    wanted.push({ domain: 'PHIN', idType: 'EPISODE', value: request.episode.id });
    const localId = request.payload.patient?.localId;
    if (typeof localId === 'string') wanted.push({ domain: 'PHIN', idType: 'LOCAL_ID', value: localId });
  }
  return wanted.filter(usable);
}

/** A value the pseudonymiser would refuse is left to the decision itself, which reports it per item. */
function usable(request: PseudonymRequest): boolean {
  try {
    normaliseForPseudonym(request.idType, request.value);
    return true;
  } catch {
    return false;
  }
}
