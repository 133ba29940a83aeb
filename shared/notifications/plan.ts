/**
 * Which notifications a trigger opens (reviews.md §3), worked out from the patient's releases as
 * the log records them. Pure, so record changes and review outcomes (OVERRIDE_NOT_UPHELD,
 * DECISION_OVERTURNED) plan the same way: one notification per recipient, holding every affected
 * release of that recipient oldest first, and none for a recipient no affected release went to.
 */
import type { NotificationTrigger, NotRequiredReason, Release } from './model.ts';

/** A trigger with what decides which releases it affects. */
export type TriggerEvent =
  | { readonly trigger: 'CONSENT_WITHDRAWN'; readonly consentId: string }
  | {
      readonly trigger: 'OBJECTION_RAISED';
      readonly blocks: (release: Release) => boolean;
      /** What the pack asks of a recipient whose release the objection now blocks (e.g. register erasure). */
      readonly obligationsOf?: (release: Release) => readonly string[];
    }
  | { readonly trigger: 'RESTRICTION_PLACED'; readonly episodeIds?: readonly string[] }
  | { readonly trigger: 'RECTIFIED' | 'ERASED' }
  | { readonly trigger: 'OVERRIDE_NOT_UPHELD' | 'DECISION_OVERTURNED'; readonly decisionEntryId: string };

/** A notification to open: its recipient, its releases, and whether it opens already closed. */
export interface PlannedNotification {
  readonly recipientId: string;
  readonly recipientCategory: string;
  readonly trigger: NotificationTrigger;
  readonly releases: readonly Release[];
  readonly status: 'DUE' | 'NOT_REQUIRED';
  readonly reasonCode?: NotRequiredReason;
  /** Obligation codes the notification carries to its recipient, sorted; absent when none. */
  readonly obligations?: readonly string[];
}

export function affects(event: TriggerEvent, release: Release): boolean {
  switch (event.trigger) {
    case 'CONSENT_WITHDRAWN':
      return release.consentId === event.consentId;
    case 'OBJECTION_RAISED':
      return event.blocks(release);
    case 'RESTRICTION_PLACED':
      return (
        event.episodeIds === undefined ||
        (release.episodeId !== undefined && event.episodeIds.includes(release.episodeId))
      );
    case 'RECTIFIED':
    case 'ERASED':
      return true;
    case 'OVERRIDE_NOT_UPHELD':
    case 'DECISION_OVERTURNED':
      return release.receipt.entryId === event.decisionEntryId;
  }
}

/**
 * The notifications `event` opens over `releases` (the patient's ALLOW and ALLOW_WITH_REDACTION
 * decisions). Mandatory releases are listed but open NOT_REQUIRED (MANDATORY_DISCLOSURE) unless
 * the data was rectified: a recipient with any non-mandatory affected release is told.
 */
export function planNotifications(event: TriggerEvent, releases: readonly Release[]): PlannedNotification[] {
  const byRecipient = new Map<string, Release[]>();
  for (const release of [...releases].sort(oldestFirst)) {
    if (!affects(event, release)) continue;
    const list = byRecipient.get(release.recipientId) ?? [];
    list.push(release);
    byRecipient.set(release.recipientId, list);
  }
  return [...byRecipient.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([recipientId, list]) => {
      const notRequired = event.trigger !== 'RECTIFIED' && list.every((release) => release.mandatory);
      const obligations = obligationsFor(event, list);
      return {
        recipientId,
        recipientCategory: list[list.length - 1]!.recipientCategory,
        trigger: event.trigger,
        releases: list,
        ...(notRequired
          ? { status: 'NOT_REQUIRED' as const, reasonCode: 'MANDATORY_DISCLOSURE' as const }
          : { status: 'DUE' as const }),
        ...(obligations.length > 0 ? { obligations } : {}),
      };
    });
}

function obligationsFor(event: TriggerEvent, releases: readonly Release[]): string[] {
  if (event.trigger !== 'OBJECTION_RAISED' || event.obligationsOf === undefined) return [];
  return [...new Set(releases.flatMap((release) => event.obligationsOf!(release)))].sort();
}

function oldestFirst(a: Release, b: Release): number {
  if (a.time !== b.time) return a.time < b.time ? -1 : 1;
  if (a.receipt.origin !== b.receipt.origin) return a.receipt.origin < b.receipt.origin ? -1 : 1;
  return a.receipt.index - b.receipt.index;
}
