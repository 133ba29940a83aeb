import { canonicalize } from '../canonical-json.ts';
/**
 * Objections as patient records (api.md §4.2): raised, then possibly withdrawn, never deleted;
 * idempotent on the objection id. Raising one is a notification trigger (reviews.md §3): each
 * recipient of a release it now blocks is told, with the obligations the deciding pack's flow names
 * on block (a quality-register objection asks the register to erase, policy-se.md §9).
 */
import type { Notification } from '../notifications/model.ts';
import type { Receipt } from '../ports/audit-log.ts';
import type { RecordsSnapshotWithReceipts } from '../ports/records-store.ts';
import type { Objection } from '../records/model.ts';
import type { AddObjectionBody, WithdrawObjectionBody } from '../schemas/records.ts';
import {
  idempotencyConflict,
  requireReceipt,
  requireRecord,
  storedReceipt,
  withdrawalTooEarly,
} from './records-checks.ts';
import { objectionForEntry, withoutWithdrawal } from './records-entries.ts';
import { objectionTrigger, openedBy } from './records-triggers.ts';
import { recordChange, type Step } from './records-writer.ts';
import {
  objectionObligations,
  releaseFlows,
  releaseObligations,
  type NotificationPacks,
} from './notification-terms.ts';

/** An objection as written, the notifications it opened and what they ask of their recipients. */
export interface ObjectionWritten {
  readonly objection: Objection;
  readonly receipt: Receipt;
  readonly notifications: readonly Notification[];
  readonly obligations?: ReadonlyArray<{ readonly code: string; readonly recipientIds: readonly string[] }>;
}

export interface ObjectionWithdrawalAnswer {
  readonly objection: Objection;
  readonly receipt: Receipt;
}

export function objectionOf(body: AddObjectionBody): Objection {
  return {
    objectionId: body.objectionId,
    scope: body.scope,
    ...(body.recipientId !== undefined ? { recipientId: body.recipientId } : {}),
    at: body.at,
    recordedBy: body.recordedBy,
    ...(body.note !== undefined && body.note !== '' ? { note: body.note } : {}),
    ...(body.capacityConfirmedBy !== undefined ? { capacityConfirmedBy: body.capacityConfirmedBy } : {}),
  };
}

/** `packs`: every pack the deployment runs, whose flows say which earlier releases the objection blocks. */
export function planObjection(
  snapshot: RecordsSnapshotWithReceipts,
  objection: Objection,
  packs: NotificationPacks | undefined,
): Step<ObjectionWritten> {
  const existing = snapshot.objections.find((o) => o.objectionId === objection.objectionId);
  if (existing) {
    if (canonicalize(withoutWithdrawal(existing)) !== canonicalize(objection)) throw idempotencyConflict('objection');
    const receipt = requireReceipt(snapshot.objectionReceipts.get(objection.objectionId));
    const notifications = openedBy(snapshot, receipt);
    return { done: { objection: existing, receipt, notifications, ...objectionObligations(notifications) } };
  }
  return recordChange(
    { type: 'record.objection.raised', record: objectionForEntry(objection) },
    { kind: 'OBJECTION', id: objection.objectionId, mode: 'add', record: objection },
    (receipt, notifications) => ({ objection, receipt, notifications, ...objectionObligations(notifications) }),
    objectionTrigger(objection, releaseFlows(packs), releaseObligations(packs)),
  );
}

/** Idempotent: withdrawing a withdrawn objection answers with the first withdrawal and its receipt. */
export function planObjectionWithdrawal(
  snapshot: RecordsSnapshotWithReceipts,
  objectionId: string,
  body: WithdrawObjectionBody,
): Step<ObjectionWithdrawalAnswer> {
  const existing = requireRecord(
    snapshot.objections.find((o) => o.objectionId === objectionId),
    'objection',
  );
  if (existing.withdrawn)
    return { done: { objection: existing, receipt: storedReceipt(snapshot.objectionWithdrawalReceipts, objectionId) } };
  if (body.at < existing.at) throw withdrawalTooEarly();
  const objection: Objection = { ...existing, withdrawn: { at: body.at, recordedBy: body.recordedBy } };
  return recordChange(
    { type: 'record.objection.withdrawn', record: objectionForEntry(objection) },
    { kind: 'OBJECTION', id: objectionId, mode: 'withdraw', record: objection },
    (receipt) => ({ objection, receipt }),
  );
}
