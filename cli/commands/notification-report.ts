/**
 * Notifications to earlier recipients (reviews.md §3) as readable text, for the `notifications`,
 * `patient restrict|erase` and `reviews decide` outputs: a queue as one line each, and one
 * notification as a short report. Receipts are shown as `origin #index`, as `explain` shows them.
 */
import { section, table } from './explain.ts';

/** A notification as the API answers it, as far as these reports read it. */
export interface NotificationRow {
  readonly notificationId: string;
  readonly patientId: string;
  readonly recipientId: string;
  readonly recipientName?: string;
  readonly recipientCategory?: string;
  readonly trigger: string;
  readonly triggerEntry: Receipt;
  readonly status: string;
  readonly openedAt: string;
  readonly dueAt: string;
  readonly releases: readonly Receipt[];
  readonly closedAt?: string;
  readonly closedBy?: { readonly clientId: string; readonly recordedBy: string };
  readonly reasonCode?: string;
  readonly channel?: string;
  readonly sentAt?: string;
}

export interface Receipt {
  readonly origin: string;
  readonly index: number;
}

export const receiptText = (receipt: Receipt): string => `${receipt.origin} #${receipt.index}`;

const recipientText = (n: NotificationRow) =>
  n.recipientName ? `${n.recipientName} (${n.recipientId})` : n.recipientId;

/** Due and past its due date: the recipient should have been told by now (as the server counts it). */
const overdue = (n: NotificationRow, nowMs: number) => n.status === 'DUE' && Date.parse(n.dueAt) < nowMs;

/** One line per notification, in the order given (the server's: overdue first, then oldest due date). */
export function notificationTable(rows: readonly NotificationRow[], nowMs = Date.now()): string[] {
  if (rows.length === 0) return ['  No notifications.'];
  return table(
    ['', 'STATUS', 'DUE', 'PATIENT', 'RECIPIENT', 'TRIGGER', 'RELEASES', 'NOTIFICATION'],
    rows.map((n) => [
      overdue(n, nowMs) ? '!' : '',
      `${n.status}${n.reasonCode ? ` (${n.reasonCode})` : ''}`,
      n.dueAt.slice(0, 10),
      n.patientId,
      recipientText(n),
      n.trigger,
      String(n.releases.length),
      n.notificationId,
    ]),
  );
}

/** One notification: whom it tells of what, which releases, and how it was closed. */
export function formatNotification(n: NotificationRow, receipt?: Receipt): string {
  const closed =
    n.status === 'SENT'
      ? `SENT by ${n.channel ?? '?'} at ${n.sentAt ?? n.closedAt ?? '?'}`
      : n.status === 'NOT_REQUIRED'
        ? `NOT_REQUIRED (${n.reasonCode ?? '?'})`
        : `DUE by ${n.dueAt}${overdue(n, Date.now()) ? ' OVERDUE' : ''}`;
  return [
    `Notification  ${n.notificationId}`,
    `Status        ${closed}`,
    `Recipient     ${recipientText(n)}${n.recipientCategory ? `, ${n.recipientCategory}` : ''}`,
    `Patient       ${n.patientId}`,
    `Trigger       ${n.trigger} (${receiptText(n.triggerEntry)})`,
    `Opened        ${n.openedAt}`,
    ...(n.closedAt
      ? [`Closed        ${n.closedAt}${n.closedBy ? ` by ${n.closedBy.recordedBy} (${n.closedBy.clientId})` : ''}`]
      : []),
    ...(receipt ? [`Receipt       ${receiptText(receipt)}`] : []),
    ...section(
      'Releases the recipient is told about',
      n.releases.map((release) => `  ${receiptText(release)}`),
    ),
  ].join('\n');
}

/** The notifications a change opened, as a titled section (Art 19: who must now be told). */
export function openedSection(notifications: readonly NotificationRow[] | undefined): string[] {
  return section('Notifications opened (UK GDPR Art 19)', notificationTable(notifications ?? []));
}
