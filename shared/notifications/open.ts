/**
 * Turns planned notifications into what one audited change writes: a `notification.opened` entry
 * per notification (followers of the change's own entry, at the next indexes of the same log, in
 * the same transaction) and the notification records, which carry the change's receipt as their
 * `triggerEntry` and so are built once that receipt is known.
 */
import type { NotificationEntry } from '../audit/entry.ts';
import type { Receipt } from '../ports/audit-log.ts';
import type { Clock } from '../ports/clock.ts';
import type { Actor } from '../services/audit-entries.ts';
import { entryHeader } from '../services/audit-entries.ts';
import type { Notification } from './model.ts';
import type { PlannedNotification } from './plan.ts';

const DAY_MS = 86_400_000;

export interface OpeningContext {
  readonly origin: string;
  readonly org: string;
  readonly actor: Actor;
  readonly clock: Clock;
  readonly patient: NotificationEntry['patient'];
  readonly version: number;
  readonly dueDays: number;
  readonly recipientName: (recipientId: string) => string | undefined;
}

export interface Opening {
  readonly entries: readonly NotificationEntry[];
  /** The notification records, given the receipt of the change that opens them. */
  readonly notifications: (triggerEntry: Receipt) => Notification[];
}

export function openNotifications(
  plans: readonly PlannedNotification[],
  patientId: string,
  context: OpeningContext,
): Opening {
  const opened = plans.map((plan) => {
    const header = entryHeader({ ...context, type: 'notification.opened' });
    const entry: NotificationEntry = {
      ...header,
      patient: context.patient,
      records: { version: context.version },
      notification: {
        // The opening entry's id names the notification: unique, and one per notification.
        notificationId: header.id,
        recipientId: plan.recipientId,
        trigger: plan.trigger,
        status: plan.status,
        releases: plan.releases.map((release) => release.receipt.entryId),
        ...(plan.reasonCode !== undefined ? { reasonCode: plan.reasonCode } : {}),
      },
    };
    return { plan, entry };
  });
  return {
    entries: opened.map(({ entry }) => entry),
    notifications: (triggerEntry) =>
      opened.map(({ plan, entry }) => notificationOf(plan, entry, patientId, triggerEntry, context)),
  };
}

function notificationOf(
  plan: PlannedNotification,
  entry: NotificationEntry,
  patientId: string,
  triggerEntry: Receipt,
  context: OpeningContext,
): Notification {
  const name = context.recipientName(plan.recipientId);
  const closed = plan.status === 'NOT_REQUIRED';
  return {
    notificationId: entry.notification.notificationId,
    patientId,
    recipientId: plan.recipientId,
    ...(name !== undefined ? { recipientName: name } : {}),
    recipientCategory: plan.recipientCategory,
    trigger: plan.trigger,
    triggerEntry,
    releases: plan.releases.map((release) => release.receipt),
    status: plan.status,
    openedAt: entry.time,
    dueAt: new Date(Date.parse(entry.time) + context.dueDays * DAY_MS).toISOString(),
    // Opened not required (a mandatory release): closed by the gatekeeper when opened.
    ...(closed
      ? { closedAt: entry.time, closedBy: { clientId: context.actor.clientId, recordedBy: 'gatekeeper' } }
      : {}),
    ...(plan.reasonCode !== undefined ? { reasonCode: plan.reasonCode } : {}),
    ...(plan.obligations !== undefined ? { obligations: plan.obligations } : {}),
  };
}
