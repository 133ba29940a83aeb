/**
 * The notification queue (reviews.md §5): the filters of a search, overdue first (DUE past its
 * `dueAt`), then the oldest `dueAt`, then the id; a cursor is the sort key of the last one given.
 * Pure, so the order and paging are one definition whatever store the notifications came from.
 */
import { ValidationFailedError } from '../errors.ts';
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
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const ordered = notifications
    .filter((notification) => matches(notification, query, nowMs))
    .map((notification) => ({ notification, key: sortKey(notification, nowMs) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .filter(({ key }) => after === undefined || key > after);
  const limit = query.limit ?? DEFAULT_NOTIFICATION_PAGE;
  const page = ordered.slice(0, limit);
  const last = page.at(-1);
  return {
    page: page.map(({ notification }) => notification),
    nextCursor: ordered.length > limit && last ? Buffer.from(last.key).toString('base64url') : null,
  };
}

function matches(notification: Notification, query: NotificationQuery, nowMs: number): boolean {
  if (query.status !== undefined && notification.status !== query.status) return false;
  if (query.patientId !== undefined && notification.patientId !== query.patientId) return false;
  if (query.recipientId !== undefined && notification.recipientId !== query.recipientId) return false;
  if (query.overdue !== undefined && isNotificationOverdue(notification, nowMs) !== query.overdue) return false;
  return true;
}

/** Overdue first ("0"), then due date and id; ISO times in UTC sort as strings. */
function sortKey(notification: Notification, nowMs: number): string {
  return `${isNotificationOverdue(notification, nowMs) ? '0' : '1'}|${notification.dueAt}|${notification.notificationId}`;
}

function decodeCursor(cursor: string): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[01]\|\d{4}-\d{2}-\d{2}T[\d:.]+Z\|[A-Za-z0-9._~-]{1,128}$/u.test(key))
    throw new ValidationFailedError([
      { path: 'cursor', code: 'invalid_cursor', message: 'is not a cursor of this search' },
    ]);
  return key;
}
