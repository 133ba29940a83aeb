/**
 * The patient's earlier releases, worked out from the patient's log (reviews.md §3): every
 * ALLOW and ALLOW_WITH_REDACTION decision entry, found by the by-patient index. The index may lag
 * the log, so the read is checked against the release count the records keep (each release marks
 * it in its own transaction): fewer releases than counted is read again, then fails closed.
 */
import { backoff } from '../backoff.ts';
import { RELEASING_OUTCOMES, type DecisionDetail } from '../audit/entry.ts';
import { DependencyUnavailableError } from '../errors.ts';
import type { AuditSearch, AuditSearchItem } from '../ports/audit-search.ts';
import type { Release } from './model.ts';

const PAGE = 500;
const ATTEMPTS = 6;

export async function patientReleases(
  search: AuditSearch,
  query: { readonly org: string; readonly patientIndexKey: string; readonly patientId: string },
  counted: number,
): Promise<Release[]> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    const releases = await readAll(search, query);
    if (releases.length >= counted) return releases;
    if (attempt < ATTEMPTS) await backoff(attempt, 200);
  }
  throw new DependencyUnavailableError("The patient's disclosures could not all be read; try again");
}

async function readAll(
  search: AuditSearch,
  query: { readonly org: string; readonly patientIndexKey: string; readonly patientId: string },
): Promise<Release[]> {
  const releases: Release[] = [];
  let cursor: string | undefined;
  do {
    const page = await search.search({
      org: query.org,
      patientIndexKey: query.patientIndexKey,
      type: 'disclosure.decision',
      limit: PAGE,
      ...(cursor !== undefined ? { cursor } : {}),
    });
    for (const item of page.items) {
      const release = releaseOf(item, query.patientId);
      if (release) releases.push(release);
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return releases;
}

/** A decision entry as a release, or undefined when it released nothing (or is another patient's). */
export function releaseOf(item: AuditSearchItem, patientId: string): Release | undefined {
  const { entry } = item;
  const decision = entry['decision'] as DecisionDetail | undefined;
  if ((entry['patient'] as { ref?: string } | undefined)?.ref !== patientId) return undefined;
  if (!decision || !RELEASING_OUTCOMES.includes(decision.outcome)) return undefined;
  return {
    receipt: { origin: item.origin, index: item.index, leafHash: item.leafHash, entryId: String(entry['id']) },
    time: String(entry['time']),
    recipientId: decision.recipient.id,
    recipientCategory: decision.recipient.category ?? '',
    purpose: decision.purpose,
    flow: decision.flow ?? '',
    policyId: decision.policy.id,
    ...(decision.episodeId !== undefined ? { episodeId: decision.episodeId } : {}),
    ...(decision.basis?.source === 'PATIENT_CONSENT' && decision.basis.recordId !== undefined
      ? { consentId: decision.basis.recordId }
      : {}),
    mandatory: decision.basis?.source === 'INSTRUMENT',
  };
}
