import { monotonicFactory } from 'ulid';
import { originOf, patientLogIndex } from '../audit/entry.ts';
import type { Clock } from '../ports/clock.ts';

/** Who made the change: the verified signed request (audit.md §2 `actor`). */
export interface Actor {
  readonly clientId: string;
  readonly kid: string;
  readonly jti: string;
}

const nextUlid = monotonicFactory();

/** The common fields of every audit entry (audit.md §2). */
export function entryHeader(input: { origin: string; type: string; org: string; actor: Actor; clock: Clock }) {
  const now = input.clock.now();
  return {
    v: 'gk-audit/1',
    origin: input.origin,
    id: nextUlid(now),
    time: new Date(now).toISOString(),
    type: input.type,
    org: input.org,
    actor: { clientId: input.actor.clientId, kid: input.actor.kid, jti: input.actor.jti },
  };
}

/** The org log of an org (audit.md §1). */
export function orgLogOrigin(deployment: string, org: string): string {
  return originOf(deployment, org, 'org');
}

/** The patient log a patient's entries all go to (audit.md §1). */
export function patientLogOrigin(deployment: string, org: string, patientId: string, patientLogs: number): string {
  return originOf(deployment, org, patientLogIndex(org, patientId, patientLogs));
}
