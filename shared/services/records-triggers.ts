/**
 * Which record changes are notification triggers, and what they affect (reviews.md §3): the
 * helpers the records service hands the writer with the change it plans.
 */
import type { Notification, Release } from '../notifications/model.ts';
import type { TriggerEvent } from '../notifications/plan.ts';
import type { Receipt } from '../ports/audit-log.ts';
import type { RecordsSnapshotWithReceipts } from '../ports/records-store.ts';
import type { FlowDef } from '../policy/document.ts';
import type { Objection, RegisteredIdentifier } from '../records/model.ts';

/** The notifications a committed change opened, for answering its idempotent retry as the first time. */
export function openedBy(snapshot: RecordsSnapshotWithReceipts, receipt: Receipt): Notification[] {
  return snapshot.notifications.filter((n) => n.triggerEntry.entryId === receipt.entryId);
}

/**
 * OBJECTION_RAISED affects the releases whose flow the objection would now block: a non-mandatory
 * flow whose objection rule blocks and takes the objection's scope (category, purpose or
 * ALL_NON_MANDATORY), to the named recipient if it names one. Each release is weighed against the
 * flows of the pack that decided it (`flowsOf`), so a Swedish release is judged by se-default's
 * rules and a UK one by the UK pack's. Without that pack's flows, any non-mandatory release the
 * scope reaches counts (more notified rather than fewer).
 */
export function objectionTrigger(
  objection: Objection,
  flowsOf: (release: Release) => readonly FlowDef[] | undefined,
  obligationsOf?: (release: Release) => readonly string[],
): TriggerEvent {
  const blocks = (release: Release): boolean => {
    if (release.mandatory) return false;
    if (objection.recipientId !== undefined && objection.recipientId !== release.recipientId) return false;
    const flow = flowsOf(release)?.find((candidate) => candidate.id === release.flow);
    if (flow && !flow.objection.blocks) return false;
    const scopes = flow?.objection.scopes ?? ['CATEGORY', 'PURPOSE', 'ALL_NON_MANDATORY'];
    return scopes.some((token) =>
      token === 'CATEGORY'
        ? objection.scope === release.recipientCategory
        : token === 'PURPOSE'
          ? objection.scope === release.purpose
          : objection.scope === 'ALL_NON_MANDATORY',
    );
  };
  return { trigger: 'OBJECTION_RAISED', blocks, ...(obligationsOf ? { obligationsOf } : {}) };
}

/** Art 16 rectification: a registration that changes an identifier already registered (not a first one). */
export function identifiersChanged(
  snapshot: RecordsSnapshotWithReceipts,
  identifiers: readonly RegisteredIdentifier[],
): boolean {
  if (!snapshot.registered || snapshot.identifiers.length === 0) return false;
  return snapshot.identifiers.some(
    (stored) => !identifiers.some((id) => id.system === stored.system && id.key === stored.key),
  );
}
