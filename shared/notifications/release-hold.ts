/**
 * The hold a notification trigger places on the patient's releases after losing its commit
 * (RecordsStore.holdReleases): each release mark fails while it lasts, so the trigger commits on
 * its next attempt rather than lose to every racing release in turn.
 */
import type { Clock } from '../ports/clock.ts';
import type { RecordsStore } from '../ports/records-store.ts';

/**
 * Long enough for one more read, log search and commit; short enough that a trigger that never
 * commits (its process died) delays a release by no more than a retry or two.
 */
export const RELEASE_HOLD_MS = 1_000;

/** Holds the patient's releases for `RELEASE_HOLD_MS` from now; the trigger's commit lifts it. */
export function holdReleasesFor(
  deps: { readonly records: Pick<RecordsStore, 'holdReleases'>; readonly clock: Clock },
  org: string,
  patientId: string,
): Promise<void> {
  return deps.records.holdReleases(org, patientId, deps.clock.now() + RELEASE_HOLD_MS);
}
