/**
 * The refusals and lookups every records write shares: a recipient the registry must know, a
 * stored record's receipt, a reused record id with other content, a withdrawal dated before its
 * record. Each says what is wrong by code and never echoes the submitted value.
 */
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

/** The record a withdrawal names, or a 404 naming its kind. */
export function requireRecord<T>(record: T | undefined, kind: string): T {
  if (record === undefined) throw new NotFoundError(`No such ${kind}`);
  return record;
}
