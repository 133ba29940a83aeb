/** Restrictions of processing set up through the records API (policy-uk.md §9.8), for the HTTP tests. */
import type { GatekeeperClient } from '../../shared/client/index.ts';
import { freshId } from './stack.ts';

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

export interface PlacedRestriction {
  readonly restrictionId: string;
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** Places a restriction (ACCURACY_CONTESTED, all episodes, a minute ago unless told otherwise). */
export async function placeRestriction(
  client: GatekeeperClient,
  patientId: string,
  fields: Record<string, unknown> = {},
): Promise<PlacedRestriction> {
  const restrictionId = (fields['restrictionId'] as string | undefined) ?? freshId('res');
  const response = await client.request<Record<string, unknown>>('POST', `/v1/patients/${patientId}/restrictions`, {
    restrictionId,
    ground: 'ACCURACY_CONTESTED',
    requestedBy: 'PATIENT',
    at: ago(60_000),
    recordedBy: 'staff-1',
    ...fields,
  });
  return { restrictionId, status: response.status, body: response.body };
}

export function liftRestriction(
  client: GatekeeperClient,
  patientId: string,
  restrictionId: string,
  fields: Record<string, unknown> = {},
) {
  // One instant for both: the patient is told at the latest when the lift is recorded.
  const now = new Date().toISOString();
  return client.request<Record<string, unknown>>(
    'POST',
    `/v1/patients/${patientId}/restrictions/${restrictionId}/lift`,
    { at: now, recordedBy: 'staff-1', reason: 'ACCURACY_VERIFIED', patientInformedAt: now, ...fields },
  );
}
