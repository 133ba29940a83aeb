/**
 * Closing a notification (reviews.md §3, §5): as SENT (how and when the recipient was told) or
 * NOT_REQUIRED (why not). A close is a change of the patient's records with its own
 * `notification.closed` entry; a closed notification stays closed (409 review_state_conflict),
 * the same requestId and body again answers as the first time, and the same requestId with
 * another body is 409 idempotency_conflict (api.md §2).
 */
import type { NotificationEntry } from '../audit/entry.ts';
import { canonicalDigest } from '../canonical-json.ts';
import { NotFoundError } from '../errors.ts';
import { notificationView, type ClosedBy, type Notification } from '../notifications/model.ts';
import type { Receipt } from '../ports/audit-log.ts';
import type { RecordsSnapshotWithReceipts } from '../ports/records-store.ts';
import type { NotificationNotRequiredBody, NotificationSentBody } from '../schemas/records.ts';
import { IdempotencyConflictError, ReviewStateConflictError } from './errors.ts';
import type { Step } from './records-writer.ts';

export type NotificationClose =
  | ({ readonly outcome: 'SENT' } & NotificationSentBody)
  | ({ readonly outcome: 'NOT_REQUIRED' } & NotificationNotRequiredBody);

export interface NotificationAnswer {
  readonly notification: Notification;
  readonly receipt: Receipt;
}

export function planClose(
  snapshot: RecordsSnapshotWithReceipts,
  notificationId: string,
  close: NotificationClose,
  context: { readonly clientId: string; readonly now: string },
): Step<NotificationAnswer> {
  const existing = snapshot.notifications.find((n) => n.notificationId === notificationId);
  if (!existing) throw new NotFoundError('No such notification');
  const requestDigest = canonicalDigest(close);
  if (existing.status !== 'DUE') {
    const receipt = snapshot.notificationCloseReceipts.get(notificationId);
    if (existing.closeRequestId !== close.requestId || !receipt)
      throw new ReviewStateConflictError('This notification is already closed');
    if (existing.closeRequestDigest !== undefined && existing.closeRequestDigest !== requestDigest)
      throw new IdempotencyConflictError('This requestId was used with a different body');
    return { done: { notification: notificationView(existing), receipt } };
  }
  const closedBy: ClosedBy = { clientId: context.clientId, recordedBy: close.recordedBy };
  const closed: Notification = {
    ...existing,
    status: close.outcome,
    closedAt: close.outcome === 'SENT' ? close.at : context.now,
    closedBy,
    closeRequestId: close.requestId,
    closeRequestDigest: requestDigest,
    ...(close.outcome === 'SENT' ? { channel: close.channel, sentAt: close.at } : { reasonCode: close.reasonCode }),
  };
  const body: Pick<NotificationEntry, 'type' | 'notification'> = {
    type: 'notification.closed',
    notification: {
      notificationId,
      recipientId: closed.recipientId,
      trigger: closed.trigger,
      status: closed.status,
      releases: closed.releases.map((release) => release.entryId),
      ...(closed.reasonCode !== undefined ? { reasonCode: closed.reasonCode } : {}),
    },
  };
  return {
    body,
    requestId: close.requestId,
    recordWrite: { kind: 'NOTIFICATION', id: notificationId, mode: 'withdraw', record: closed },
    result: (receipt) => ({ notification: notificationView(closed), receipt }),
  };
}
