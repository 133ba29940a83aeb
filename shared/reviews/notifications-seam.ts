/**
 * THE SEAM between review outcomes and notifications to earlier recipients (reviews.md §2–§3).
 * A RETROSPECTIVE case decided NOT_UPHELD owes the recipient a notification (trigger
 * `OVERRIDE_NOT_UPHELD`), and a CONTEST OVERTURNED of a release one with trigger
 * `DECISION_OVERTURNED`. The notification model is built elsewhere; until it is wired here this
 * opens none. Whatever it returns is written in the same transaction as the `review.decided` entry
 * and listed in the decision's answer.
 */
import type { AtomicWrite, Receipt } from '../ports/audit-log.ts';
import type { ReviewCase, ReviewOutcome } from './model.ts';

/** A notification as the decide answer lists it (the notification model's own view). */
export type OpenedNotification = Readonly<Record<string, unknown>>;

export interface NotificationsToOpen {
  readonly opened: OpenedNotification[];
  /** Companion writes of the notifications, given the receipt of the `review.decided` entry. */
  readonly writes: (receipt: Receipt) => AtomicWrite[];
}

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

export function notificationsToOpen(_input: { review: ReviewCase; outcome: ReviewOutcome }): NotificationsToOpen {
  return { opened: [], writes: () => [] };
}
