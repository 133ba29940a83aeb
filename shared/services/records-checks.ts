/**
 * The refusals and lookups every records write shares: a recipient the registry must know, a
 * stored record's receipt, a reused record id with other content, a withdrawal dated before its
 * record, a change dated after the moment it is recorded (beyond a caller's clock skew). Each says
 * what is wrong by code and never echoes the submitted value.
 */
import { MAX_FUTURE_IAT_S } from '../auth/claims.ts';
import { NotFoundError, ValidationFailedError } from '../errors.ts';
import type { Receipt } from '../ports/audit-log.ts';
import type { Recipient } from '../records/model.ts';
import type { RegistryStore } from '../registry/model.ts';
import { IdempotencyConflictError } from './errors.ts';

export async function requireRecipient(registry: RegistryStore, org: string, recipientId: string): Promise<Recipient> {
  const recipient = await registry.getRecipient(org, recipientId);
  if (recipient) return recipient;
  throw new ValidationFailedError([
    { path: 'recipientId', code: 'RECIPIENT_UNKNOWN', message: 'is not a registered recipient' },
  ]);
}

export function storedReceipt(receipts: ReadonlyMap<string, Receipt>, id: string): Receipt {
  return requireReceipt(receipts.get(id));
}

export function requireReceipt(receipt: Receipt | undefined): Receipt {
  // Every record is written together with its entry's receipt; a record without one is corrupt.
  if (!receipt) throw new Error('A stored record has no receipt');
  return receipt;
}

export function idempotencyConflict(kind: string): IdempotencyConflictError {
  return new IdempotencyConflictError(`This ${kind} id was already recorded with different content`);
}

export function withdrawalTooEarly(): ValidationFailedError {
  return new ValidationFailedError([
    { path: 'at', code: 'WITHDRAWAL_BEFORE_RECORD', message: 'must not be before the record it withdraws' },
  ]);
}

/** How far ahead of the gatekeeper's clock a caller's clock may run: the `iat` tolerance (api.md §1). */
const CLOCK_SKEW_MS = MAX_FUTURE_IAT_S * 1000;

/**
 * The instant to store for a change the caller dates `instant`. A change is recorded once it has
 * happened, never ahead of time: its entry is logged now, and the verifier's promises and the
 * notifications date it by its place in the log, while the gate would apply it only from that
 * instant, so an instant still to come would open a window in which they disagree. An instant at
 * most the `iat` tolerance ahead of `nowMs` (the gatekeeper's clock) is an honest caller whose clock
 * runs ahead, read as "now": `nowMs` is stored. Further ahead is refused (422 AT_IN_FUTURE naming
 * `path`). An end the record carries by design (an expiry) is not such an instant.
 */
export function recordedInstant(path: string, instant: string, nowMs: number): string {
  const instantMs = Date.parse(instant);
  if (instantMs <= nowMs) return instant;
  if (instantMs - nowMs <= CLOCK_SKEW_MS) return new Date(nowMs).toISOString();
  throw new ValidationFailedError([
    { path, code: 'AT_IN_FUTURE', message: 'must not be later than the time the gatekeeper records it' },
  ]);
}

/**
 * `recorded` when a retry's `sent` instant is the one it was stored from (the same, or read as
 * "now" by `recordedInstant`: at most the skew tolerance later), else `sent`; so an identical
 * retry compares equal to its record and answers as the first time.
 */
export function instantAsRecorded(sent: string, recorded: string): string {
  if (sent === recorded) return recorded;
  const aheadMs = Date.parse(sent) - Date.parse(recorded);
  return aheadMs > 0 && aheadMs <= CLOCK_SKEW_MS ? recorded : sent;
}

/** The record a withdrawal names, or a 404 naming its kind. */
export function requireRecord<T>(record: T | undefined, kind: string): T {
  if (record === undefined) throw new NotFoundError(`No such ${kind}`);
  return record;
}
