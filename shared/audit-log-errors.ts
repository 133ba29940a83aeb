import { GatekeeperError } from './errors.ts';
import type { CompanionTag } from './ports/audit-log.ts';

/**
 * An atomic companion write of an audit append failed its condition, so nothing was written:
 * the patient's records changed since they were read, or an idempotent request was answered
 * concurrently. `tag` says which kind of companion write lost (never its place in a list).
 */
export class AtomicWriteConflictError extends GatekeeperError {
  readonly code = 'atomic_write_conflict' as const;
  readonly tag: CompanionTag;

  constructor(tag: CompanionTag) {
    super('A write that had to commit with the audit entry lost a race');
    this.tag = tag;
  }
}
