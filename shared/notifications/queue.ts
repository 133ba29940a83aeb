/**
 * The notification queue (reviews.md §5): the filters of a search, overdue first (DUE past its
 * `dueAt`), then the oldest `dueAt`, then the id; a cursor is the sort key of the last one given.
 * Pure, so the order and paging are one definition whatever store the notifications came from.
 */
import { pageOfDueItems } from '../due-queue.ts';
import type { Notification, NotificationStatus } from './model.ts';

export const DEFAULT_NOTIFICATION_PAGE = 50;

export interface NotificationQuery {
  readonly status?: NotificationStatus;
  readonly patientId?: string;
  readonly recipientId?: string;
  readonly overdue?: boolean;
  readonly limit?: number;
  readonly cursor?: string;
}

/** Due and past its due date: the recipient should have been told by now. */
export function isNotificationOverdue(notification: Notification, nowMs: number): boolean {
  return notification.status === 'DUE' && Date.parse(notification.dueAt) < nowMs;
}

export function pageOfNotifications(
  notifications: readonly Notification[],
  query: NotificationQuery,
  nowMs: number,
): { readonly page: Notification[]; readonly nextCursor: string | null } {
  const matching = notifications.filter((notification) => matches(notification, query, nowMs));
  const dueOf = (notification: Notification) => ({
    overdue: isNotificationOverdue(notification, nowMs),
    dueAt: notification.dueAt,
    id: notification.notificationId,
  });
  return pageOfDueItems(matching, dueOf, query, DEFAULT_NOTIFICATION_PAGE);
}

function matches(notification: Notification, query: NotificationQuery, nowMs: number): boolean {
  if (query.status !== undefined && notification.status !== query.status) return false;
  if (query.patientId !== undefined && notification.patientId !== query.patientId) return false;
  if (query.recipientId !== undefined && notification.recipientId !== query.recipientId) return false;
  if (query.overdue !== undefined && isNotificationOverdue(notification, nowMs) !== query.overdue) return false;
  return true;
}
