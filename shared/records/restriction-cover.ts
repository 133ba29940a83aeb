/**
 * When a restriction of processing covers a request (policy-uk.md §9.3.1): placed at or before the
 * decision time, not lifted by then, and naming no episodes or this episode. Pure: the gate, the
 * decision entry and the verifier's log promise all ask this one function.
 */
import type { Restriction } from './model.ts';
import { instantMs } from '../identifiers/instant.ts';

/** An instant as ms; an unreadable one counts as "now or later" (a restriction then covers: fail closed). */
function instant(value: string, now: number): number {
  const parsed = instantMs(value);
  return Number.isNaN(parsed) ? now : parsed;
}

export function restrictionCovers(restriction: Restriction, episodeId: string | undefined, now: number): boolean {
  if (instant(restriction.at, now) > now) return false;
  // A lift counts only when its instant can be read: an unreadable one leaves the restriction on.
  if (restriction.liftedAt !== undefined && instantMs(restriction.liftedAt) <= now) return false;
  return (
    restriction.episodeIds === undefined || (episodeId !== undefined && restriction.episodeIds.includes(episodeId))
  );
}

/** The covering restrictions, latest `at` first (that one is used for explanations and the consent test). */
export function coveringRestrictions(
  restrictions: readonly Restriction[] | undefined,
  episodeId: string | undefined,
  now: number,
): Restriction[] {
  return (restrictions ?? [])
    .filter((restriction) => restrictionCovers(restriction, episodeId, now))
    .sort((a, b) => instant(b.at, now) - instant(a.at, now) || a.restrictionId.localeCompare(b.restrictionId));
}
