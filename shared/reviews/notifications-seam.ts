/**
 * THE SEAM between review outcomes and notifications to earlier recipients (reviews.md §2–§3).
 * A RETROSPECTIVE case decided NOT_UPHELD owes the recipient a notification (trigger
 * `OVERRIDE_NOT_UPHELD`), and a CONTEST OVERTURNED of a release one with trigger
 * `DECISION_OVERTURNED`. They are planned like a record change's (the pure planner over the
 * patient's releases as the log records them) and written in the same transaction as the
 * `review.decided` entry: their `notification.opened` entries follow it in the patient's log, and
 * the notification records move the patient's records one version on, conditional on the version
 * and release count read, exactly as a record change that opens notifications does.
 */
import type { AuditEntry } from '../audit/entry.ts';
import type { Notification } from '../notifications/model.ts';
import { openNotifications } from '../notifications/open.ts';
import { planNotifications } from '../notifications/plan.ts';
import { patientReleases } from '../notifications/releases.ts';
import type { AtomicWrite, Receipt } from '../ports/audit-log.ts';
import type { AuditSearch } from '../ports/audit-search.ts';
import type { Clock } from '../ports/clock.ts';
import type { RecordsStore } from '../ports/records-store.ts';
import type { RegistryStore } from '../registry/model.ts';
import type { Actor } from '../services/audit-entries.ts';
import { patientDueDays, type NotificationTermsDeps } from '../services/notification-terms.ts';
import type { ReviewCase, ReviewOutcome } from './model.ts';

export interface NotificationsToOpen {
  /** The notifications as the decide answer lists them, given the receipt of the `review.decided` entry. */
  readonly opened: (receipt: Receipt) => Notification[];
  /** Their `notification.opened` entries, appended after the `review.decided` entry in one transaction. */
  readonly followers: readonly AuditEntry[];
  /** Companion writes of the notifications, given the receipt of the `review.decided` entry. */
  readonly writes: (receipt: Receipt) => AtomicWrite[];
}

/** `packs` and `notificationDueDays` (NotificationTermsDeps) set when the notifications are due. */
export interface ReviewNotificationDeps extends NotificationTermsDeps {
  readonly records: RecordsStore;
  readonly search: AuditSearch;
  readonly registry: Pick<RegistryStore, 'getRecipient' | 'getOrganisation'>;
  readonly clock: Clock;
}

/** Where the `review.decided` entry is written, and by whom. */
export interface DecidedAt {
  readonly org: string;
  readonly origin: string;
  readonly actor: Actor;
  readonly patientIndexKey: string;
}

const NONE: NotificationsToOpen = { opened: () => [], followers: [], writes: () => [] };

/** The trigger a review outcome sets off, if any (reviews.md §3 table, last row). */
export function notificationTrigger(
  review: Pick<ReviewCase, 'kind' | 'decision'>,
  outcome: ReviewOutcome,
): 'OVERRIDE_NOT_UPHELD' | 'DECISION_OVERTURNED' | undefined {
  const released = review.decision.outcome === 'ALLOW' || review.decision.outcome === 'ALLOW_WITH_REDACTION';
  if (review.kind === 'RETROSPECTIVE' && outcome === 'NOT_UPHELD') return 'OVERRIDE_NOT_UPHELD';
  if (review.kind === 'CONTEST' && outcome === 'OVERTURNED' && released) return 'DECISION_OVERTURNED';
  return undefined;
}

export async function notificationsToOpen(
  input: { review: ReviewCase; outcome: ReviewOutcome; at: DecidedAt },
  deps: ReviewNotificationDeps,
): Promise<NotificationsToOpen> {
  const { review, at } = input;
  const trigger = notificationTrigger(review, input.outcome);
  if (!trigger) return NONE;
  const snapshot = await deps.records.read(at.org, review.patientId);
  const releases = await patientReleases(
    deps.search,
    { org: at.org, patientIndexKey: at.patientIndexKey, patientId: review.patientId },
    snapshot.releaseCount,
  );
  const plans = planNotifications({ trigger, decisionEntryId: review.decision.receipt.entryId }, releases);
  // The release under review is in the log (its case was opened from it): none found is a defect.
  if (plans.length === 0) throw new Error('The release under review is not in the patient log');
  const names = new Map<string, string | undefined>();
  for (const plan of plans)
    names.set(plan.recipientId, (await deps.registry.getRecipient(at.org, plan.recipientId))?.name);
  const opening = openNotifications(plans, review.patientId, {
    origin: at.origin,
    org: at.org,
    actor: at.actor,
    clock: deps.clock,
    patient: { ref: review.patientId },
    version: snapshot.version + 1,
    dueDays: await patientDueDays(deps, at.org, snapshot),
    recipientName: (id) => names.get(id),
  });
  return {
    opened: opening.notifications,
    followers: opening.entries,
    writes: (receipt) => {
      const opened = opening.notifications(receipt);
      const records = opened.map((notification) => ({
        kind: 'NOTIFICATION' as const,
        id: notification.notificationId,
        mode: 'add' as const,
        record: notification,
        receipt,
      }));
      return [
        ...deps.records.change(at.org, review.patientId, snapshot.version, {}, records, snapshot.releaseCount),
        ...opened.map((n) => deps.records.notificationIndex(at.org, n)),
      ];
    },
  };
}

/** The notifications a decision already committed opened, for answering its identical retry. */
export async function openedByDecision(
  records: RecordsStore,
  review: ReviewCase,
  receipt: Receipt,
): Promise<Notification[]> {
  const snapshot = await records.read(review.org, review.patientId);
  return snapshot.notifications.filter((n) => n.triggerEntry.entryId === receipt.entryId);
}
