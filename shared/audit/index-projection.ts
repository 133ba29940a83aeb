import { DECISION_ENTRY_TYPE, type AuditEntry } from './entry.ts';

/**
 * The search attributes of a logged entry (audit.md §7), derived from the entry alone (plus the
 * patient's AUDIT pseudonym and the entry's place in its log). The writer stores exactly this
 * projection beside each entry and the search builds its key values with the same functions, so
 * what is written and what is looked up cannot drift apart.
 */
export interface AuditIndexAttributes {
  /** Sort key of every index: time first (newest-first queries), then a unique tail. */
  readonly ts: string;
  readonly ixOrg: string;
  readonly ixType: string;
  readonly ixPatient?: string;
  readonly ixRecipient?: string;
  readonly ixDecision?: string;
  readonly clientId?: string;
}

/** The name of an index attribute; the search filters on these and nothing else. */
export type AuditIndexAttribute = Exclude<keyof AuditIndexAttributes, 'ts'>;

/**
 * Each partition value is scoped by org, so no query of one org can read another org's items
 * (`clientId` is a filter only, always under an org-scoped key).
 */
export const auditIndexValue = Object.freeze({
  org: (org: string) => org,
  type: (org: string, type: string) => `${org}#${type}`,
  patient: (org: string, patientIndexKey: string) => `${org}#${patientIndexKey}`,
  recipient: (org: string, recipientId: string) => `${org}#${recipientId}`,
  decision: (org: string, outcome: string) => `${org}#${outcome}`,
});

/** Sort key of the search indexes: time first (newest-first queries), then a unique tail. */
export function indexTimeKey(time: string, origin: string, index: number): string {
  return `${time}#${origin}#${String(index).padStart(15, '0')}`;
}

export function auditIndexAttributes(
  entry: AuditEntry,
  at: { readonly origin: string; readonly index: number },
  patientIndexKey: string | undefined,
): AuditIndexAttributes {
  const { org } = entry;
  const decision = entry.type === DECISION_ENTRY_TYPE ? entry.decision : undefined;
  // A notification is found by its recipient too (reviews.md §5 search).
  const recipientId = decision?.recipient.id ?? ('notification' in entry ? entry.notification.recipientId : undefined);
  return {
    ts: indexTimeKey(entry.time, at.origin, at.index),
    ixOrg: auditIndexValue.org(org),
    ixType: auditIndexValue.type(org, entry.type),
    ...(patientIndexKey ? { ixPatient: auditIndexValue.patient(org, patientIndexKey) } : {}),
    ...(recipientId ? { ixRecipient: auditIndexValue.recipient(org, recipientId) } : {}),
    ...(decision?.outcome ? { ixDecision: auditIndexValue.decision(org, decision.outcome) } : {}),
    ...(entry.actor.clientId ? { clientId: entry.actor.clientId } : {}),
  };
}
