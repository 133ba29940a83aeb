import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { BatchFailure } from '../../audit/log-store.ts';
import type { CompanionTag } from '../../ports/audit-log.ts';

/** The group member an item of a group commit belongs to; `companion` tags its companion writes. */
export interface ItemOwner<Member> {
  readonly member: Member;
  readonly companion?: CompanionTag;
}

/** Cancellation reasons that say "try again", not "this item is wrong". */
const TRANSIENT = new Set([
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'RequestLimitExceeded',
]);

/**
 * What a failed TransactWriteItems means for the members of its group (BatchFailure). Reads
 * TransactionCanceledException reasons (one per item, in order; position 0 is the head). When
 * another writer moved the head, the entries and nodes we meant to write at the old indexes exist
 * too, so their failed conditions are part of the same lost race, not corruption.
 */
export function classifyFailure<Member>(
  error: unknown,
  owners: ReadonlyArray<ItemOwner<Member> | undefined>,
): BatchFailure<Member> {
  if (!(error instanceof TransactionCanceledException))
    return isAmbiguous(error) ? { kind: 'ambiguous' } : { kind: 'unattributed' };
  const reasons = error.CancellationReasons ?? [];
  const headCode = reasons[0]?.Code;
  const headLost = headCode === 'ConditionalCheckFailed';
  if (headCode && headCode !== 'None' && !headLost && !TRANSIENT.has(headCode)) return { kind: 'unattributed' };
  const failure = {
    kind: 'retry' as const,
    contention: headLost || TRANSIENT.has(headCode ?? ''),
    conflicts: new Map<Member, CompanionTag>(),
    unwritable: new Set<Member>(),
  };
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

/**
 * A failure after which DynamoDB may still have applied the transaction: anything but a
 * cancellation or a 4xx refusal (those are answered before anything is written).
 */
function isAmbiguous(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  return !(typeof status === 'number' && status >= 400 && status < 500);
}
