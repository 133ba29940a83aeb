/** PHIN request builders shared by the PHIN unit and integration tests. */
import type { DisclosureRequest } from '../../../shared/schemas/disclosure.ts';
import { fullPayload, request } from '../policy/fixtures.ts';

export const PHIN_REQUEST = { recipientId: 'phin', purpose: 'STATUTORY_REPORTING' } as const;

/** A PHIN request for `patientId` and `episodeId` with every field group filled (localId = patientId). */
export function phinRequest(
  patientId: string,
  episodeId: string,
  overrides: Partial<DisclosureRequest> = {},
): DisclosureRequest {
  const base = request({ ...PHIN_REQUEST, ...overrides });
  const payload = overrides.payload ?? fullPayload();
  return {
    ...base,
    requestId: `req-${patientId}-${episodeId}`,
    patientId,
    episode: { ...base.episode, id: episodeId },
    payload: { ...payload, patient: { ...payload.patient, localId: patientId } },
  };
}

/** Clear identifiers and free text of the fixture payload: none may reach PHIN without consent. */
export const NEVER_RELEASED_TO_PHIN = [
  'Ada',
  'Lovelace',
  'Testing Lane',
  '020 7946 0999',
  'ada.lovelace@example.org',
  'Anxious',
  'Dear Dr Smith',
  'coxarthrosis',
  'hip replacement',
  'ACME-778899',
];
