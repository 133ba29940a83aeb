import { createHash } from 'node:crypto';
import { monotonicFactory } from 'ulid';
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

/** `<deployment>/<org>/<log>` (audit.md §1). */
export function logOrigin(deployment: string, org: string, log: string): string {
  return `${deployment}/${org}/${log}`;
}

export function orgLogOrigin(deployment: string, org: string): string {
  return logOrigin(deployment, org, 'org');
}

/** The patient log: SHA-256("gk1|<org>|<patientId>")[0..4] big-endian, mod P (audit.md §1). */
export function patientLogOrigin(deployment: string, org: string, patientId: string, patientLogs: number): string {
  const digest = createHash('sha256').update(`gk1|${org}|${patientId}`, 'utf8').digest();
  return logOrigin(deployment, org, `p${digest.readUInt32BE(0) % patientLogs}`);
}
