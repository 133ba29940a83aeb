import { AtomicWriteConflictError } from '../audit-log-errors.ts';
import { backoff } from '../backoff.ts';
import type { AppendRequest, AuditLog, CompanionTag, Receipt } from '../ports/audit-log.ts';

/** Longest wait between two attempts of an audited change, in milliseconds. */
const MAX_BACKOFF_MS = 100;

/** What one attempt does with the state it read: answer at once, or append an entry and answer from its receipt. */
export type ChangePlan<R> =
  { readonly done: R } | { readonly append: AppendRequest; readonly answer: (receipt: Receipt) => R | Promise<R> };

/**
 * A change that is only made together with the audit entry describing it (records and the
 * notifications they open, decisions, reviews). Its companion writes carry the conditions that make it
 * safe (the records are still at the version read, the idempotent answer is not stored yet); when
 * one fails, nothing was written, and the change is read and planned again from the new state.
 */
export interface AuditedChange<S, R> {
  readonly maxAttempts: number;
  /** The state the attempt plans on; `attempt` is 1-based, so the first may reuse a read made earlier. */
  read(attempt: number): Promise<S>;
  plan(state: S): ChangePlan<R> | Promise<ChangePlan<R>>;
  /**
   * A companion write with this tag lost its race. Returns the answer when the race settles the
   * request (e.g. a concurrent retry stored its answer), or undefined to read and plan again.
   */
  settleConflict?(tag: CompanionTag): Promise<R> | undefined;
  /** What to throw when every attempt lost a race. */
  exhausted(): Error;
}

/** Runs the read → plan → append-with-checks loop with a bounded number of attempts and one backoff. */
export async function runAuditedChange<S, R>(audit: AuditLog, change: AuditedChange<S, R>): Promise<R> {
  for (let attempt = 1; attempt <= change.maxAttempts; attempt += 1) {
    const plan = await change.plan(await change.read(attempt));
    if ('done' in plan) return plan.done;
    let receipt: Receipt;
    try {
      receipt = await audit.append(plan.append);
    } catch (error) {
      if (!(error instanceof AtomicWriteConflictError)) throw error;
      const settled = change.settleConflict?.(error.tag);
      if (settled) return settled;
      if (attempt < change.maxAttempts) await backoff(attempt, MAX_BACKOFF_MS);
      continue;
    }
    return plan.answer(receipt);
  }
  throw change.exhausted();
}
