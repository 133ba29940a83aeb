/**
 * TESTS ONLY. The audit search (shared/ports/audit-search.ts) over the memory log store: it filters
 * on the very index projection the writer stored with each entry (shared/audit/index-projection.ts),
 * newest first, so a unit test of records or notifications sees what the DynamoDB indexes would
 * once they caught up. It never lags; lag is tested against DynamoDB in test/integration.
 */
import { auditIndexValue, type AuditIndexAttributes } from '../../../shared/audit/index-projection.ts';
import type { AuditSearch, AuditSearchPage, AuditSearchQuery } from '../../../shared/ports/audit-search.ts';
import type { MemoryLogStore, StoredEntry } from './memory-log-store.ts';

export class MemoryAuditSearch implements AuditSearch {
  readonly #log: MemoryLogStore;

  constructor(log: MemoryLogStore) {
    this.#log = log;
  }

  search(query: AuditSearchQuery): Promise<AuditSearchPage> {
    const matching = this.#log
      .origins()
      .flatMap((origin) => this.#log.entries(origin).map((stored) => ({ origin, stored })))
      .filter(({ stored }) => matches(stored.indexed, query))
      .sort((a, b) => (a.stored.indexed.ts < b.stored.indexed.ts ? 1 : -1));
    const start = query.cursor === undefined ? 0 : Number(query.cursor);
    const page = matching.slice(start, start + query.limit);
    const next = start + page.length;
    return Promise.resolve({
      items: page.map(({ origin, stored }) => itemOf(origin, stored)),
      ...(next < matching.length ? { nextCursor: String(next) } : {}),
    });
  }
}

function matches(indexed: AuditIndexAttributes, query: AuditSearchQuery): boolean {
  const { org } = query;
  const time = indexed.ts.slice(0, indexed.ts.indexOf('#'));
  return (
    indexed.ixOrg === auditIndexValue.org(org) &&
    (query.type === undefined || indexed.ixType === auditIndexValue.type(org, query.type)) &&
    (query.patientIndexKey === undefined ||
      indexed.ixPatient === auditIndexValue.patient(org, query.patientIndexKey)) &&
    (query.recipientId === undefined || indexed.ixRecipient === auditIndexValue.recipient(org, query.recipientId)) &&
    (query.decision === undefined || indexed.ixDecision === auditIndexValue.decision(org, query.decision)) &&
    (query.clientId === undefined || indexed.clientId === query.clientId) &&
    (query.from === undefined || time >= query.from) &&
    (query.to === undefined || time <= query.to)
  );
}

function itemOf(origin: string, stored: StoredEntry) {
  return {
    entry: JSON.parse(stored.raw) as Record<string, unknown>,
    origin,
    index: stored.index,
    leafHash: Buffer.from(stored.leafHash).toString('base64'),
  };
}
