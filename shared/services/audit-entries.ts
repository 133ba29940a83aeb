import { monotonicFactory } from 'ulid';
import { pooledRandom } from './ulid-random.ts';
import { ENTRY_VERSION, originOf, patientLogIndex, type AuditEntry, type EntryType } from '../audit/entry.ts';
import type { Clock } from '../ports/clock.ts';

/** Who made the change: the verified signed request (audit.md §2 `actor`). */
export interface Actor {
  readonly clientId: string;
  readonly kid: string;
  readonly jti: string;
}

const nextUlid = monotonicFactory(pooledRandom());

/** The common fields of every audit entry (audit.md §2), typed by its entry type. */
export interface EntryHeader<T extends EntryType> {
  readonly v: typeof ENTRY_VERSION;
  readonly origin: string;
  readonly id: string;
  readonly time: string;
  readonly type: T;
  readonly org: string;
  readonly actor: Actor;
}

/**
 * The part of an entry its writer chooses (its type and the members named by K), as a union that
 * keeps each type paired with its own body, so `{ ...header, ...body }` is an entry of that type.
 */
export type EntryBody<E extends AuditEntry, K extends keyof E> = E extends AuditEntry ? Pick<E, 'type' | K> : never;

export function entryHeader<T extends EntryType>(input: {
  origin: string;
  type: T;
  org: string;
  actor: Actor;
  clock: Clock;
}): EntryHeader<T> {
  const now = input.clock.now();
  return {
    v: ENTRY_VERSION,
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
