import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { CompanionTag } from '../../ports/audit-log.ts';

/** The group member an item of a group commit belongs to; `companion` tags its companion writes. */
export interface ItemOwner<Member> {
  readonly member: Member;
  readonly companion?: CompanionTag;
}

/**
 * What a failed group commit means for its members:
 * - `unattributed`: nothing names a member (the whole request refused, an unexpected error, or a
 *   state no lost race explains); the caller commits the members one at a time to find out;
 * - otherwise: `contention` if the head race was lost (retry everyone still queued), `conflicts`
 *   for members whose companion write's condition failed (AtomicWriteConflictError naming
 *   that write's tag), `unwritable` for members whose own items DynamoDB refused (e.g. ValidationError).
 */
export type Failure<Member> =
  | { kind: 'unattributed' }
  | { kind: 'retry'; contention: boolean; conflicts: Map<Member, CompanionTag>; unwritable: Set<Member> };

/** Cancellation reasons that say "try again", not "this item is wrong". */
const TRANSIENT = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded']);

/**
 * Reads TransactionCanceledException reasons (one per item, in order; position 0 is the head).
 * When another writer moved the head, the entries and nodes we meant to write at the old indexes
 * exist too, so their failed conditions are part of the same lost race, not corruption.
 */
export function classifyFailure<Member>(error: unknown, owners: ReadonlyArray<ItemOwner<Member> | undefined>): Failure<Member> {
  if (!(error instanceof TransactionCanceledException)) return { kind: 'unattributed' };
  const reasons = error.CancellationReasons ?? [];
  const headCode = reasons[0]?.Code;
  const headLost = headCode === 'ConditionalCheckFailed';
  if (headCode && headCode !== 'None' && !headLost && !TRANSIENT.has(headCode)) return { kind: 'unattributed' };
  const failure = { kind: 'retry' as const, contention: headLost || TRANSIENT.has(headCode ?? ''), conflicts: new Map<Member, CompanionTag>(), unwritable: new Set<Member>() };
  for (const [position, reason] of reasons.entries()) {
    const code = reason.Code;
    if (!code || code === 'None' || position === 0) continue;
    const owner = owners[position];
    if (owner === undefined) return { kind: 'unattributed' };
    if (TRANSIENT.has(code)) failure.contention = true;
    else if (code === 'ConditionalCheckFailed' && owner.companion !== undefined) {
      if (!failure.conflicts.has(owner.member)) failure.conflicts.set(owner.member, owner.companion);
    } else if (code === 'ConditionalCheckFailed') {
      if (!headLost) return { kind: 'unattributed' };
    } else failure.unwritable.add(owner.member);
  }
  const named = failure.contention || failure.conflicts.size > 0 || failure.unwritable.size > 0;
  return named ? failure : { kind: 'unattributed' };
}
