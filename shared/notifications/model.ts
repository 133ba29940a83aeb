/**
 * Notifications to earlier recipients (reviews.md §3; UK GDPR Art 19): when a record change
 * affects data already released, each recipient that received it is told. Domain shapes only.
 */
import type { Receipt } from '../ports/audit-log.ts';

export const NOTIFICATION_TRIGGERS = [
  'CONSENT_WITHDRAWN',
  'OBJECTION_RAISED',
  'RESTRICTION_PLACED',
  'RECTIFIED',
  'ERASED',
  'OVERRIDE_NOT_UPHELD',
  'DECISION_OVERTURNED',
] as const;
export type NotificationTrigger = (typeof NOTIFICATION_TRIGGERS)[number];

export const NOTIFICATION_STATUSES = ['DUE', 'SENT', 'NOT_REQUIRED'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export const NOT_REQUIRED_REASONS = [
  'RECIPIENT_ALREADY_ERASED',
  'DISPROPORTIONATE_EFFORT',
  'MANDATORY_DISCLOSURE',
] as const;
export type NotRequiredReason = (typeof NOT_REQUIRED_REASONS)[number];

export const SEND_CHANNELS = ['EMAIL', 'LETTER', 'API', 'PHONE'] as const;

/** An earlier release of the patient's data, as its decision entry in the patient's log records it. */
export interface Release {
  readonly receipt: Receipt;
  readonly time: string;
  readonly recipientId: string;
  readonly recipientCategory: string;
  readonly purpose: string;
  readonly flow: string;
  /** The pack that decided it (`decision.policy.id`): its flows say what an objection now blocks. */
  readonly policyId: string;
  readonly episodeId?: string;
  /** The consent the release rested on (basis.recordId when the source is PATIENT_CONSENT). */
  readonly consentId?: string;
  /** Rested on an instrument (statutory, PHIN): listed, but not notified unless rectified. */
  readonly mandatory: boolean;
}

/** Who closed a notification: the verified client and the staff reference it gave. */
export interface ClosedBy {
  readonly clientId: string;
  readonly recordedBy: string;
}

export interface Notification {
  readonly notificationId: string;
  readonly patientId: string;
  readonly recipientId: string;
  readonly recipientName?: string;
  readonly recipientCategory: string;
  readonly trigger: NotificationTrigger;
  /** The receipt of the record change (or review decision) that opened it. */
  readonly triggerEntry: Receipt;
  /** Receipts of the affected decisions, oldest first. */
  readonly releases: readonly Receipt[];
  readonly status: NotificationStatus;
  readonly openedAt: string;
  readonly dueAt: string;
  readonly closedAt?: string;
  readonly closedBy?: ClosedBy;
  readonly reasonCode?: NotRequiredReason;
  /** For SENT: how and when the recipient was told. */
  readonly channel?: (typeof SEND_CHANNELS)[number];
  readonly sentAt?: string;
  /** What the recipient is asked besides being told (policy-se.md §9: `SE_REQUEST_REGISTER_ERASURE`). */
  readonly obligations?: readonly string[];
  /** The requestId that closed it: the same request again answers as the first time. Kept, not shown. */
  readonly closeRequestId?: string;
  /**
   * The digest of that close request, so the requestId again with another body is refused rather
   * than answered as if it had been recorded (absent on notifications closed before it was kept).
   */
  readonly closeRequestDigest?: string;
}

/** A notification as the API shows it (without the bookkeeping of who asked to close it). */
export function notificationView(notification: Notification): Notification {
  const { closeRequestId: _request, closeRequestDigest: _digest, ...view } = notification;
  return view;
}
