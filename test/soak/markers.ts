/**
 * TESTS ONLY. What a soak run must never leave in a log line: every id the workload chose (patient,
 * request, consent, objection and episode ids all carry the run's tag) and every identifying value
 * of the payload it sent (NHS number, name, date of birth, address, phone, email, free text).
 */
import { fullPayload } from '../unit/policy/fixtures.ts';
import type { OpRecord } from './driver.ts';

/** Payload values shorter than this are codes ('F', '11', 'M16.1') that also occur in honest log lines. */
const MIN_VALUE_LENGTH = 6;

export function soakMarkers(records: readonly OpRecord[], tag: string): Set<string> {
  const markers = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      if (value.includes(tag)) markers.add(value);
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(visit);
  };
  for (const { op } of records) {
    visit(op.body);
    op.path.split('/').forEach(visit);
  }
  const payloadValues = (value: unknown): void => {
    if (typeof value === 'string' && value.length >= MIN_VALUE_LENGTH) markers.add(value);
    else if (Array.isArray(value)) value.forEach(payloadValues);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(payloadValues);
  };
  payloadValues(fullPayload());
  return markers;
}
