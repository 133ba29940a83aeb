import { GatekeeperError } from './errors.ts';

/**
 * An atomic companion write of an audit append failed its condition, so nothing was written:
 * the patient's records changed since they were read, or an idempotent request was answered
 * concurrently. `position` is the index within the `atomicWith` list.
 */
export class AtomicWriteConflictError extends GatekeeperError {
  readonly code = 'atomic_write_conflict' as const;
  readonly position: number;

  constructor(position: number) {
    super('A write that had to commit with the audit entry lost a race');
    this.position = position;
  }
}
