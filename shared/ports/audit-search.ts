/**
 * The read side of the audit search indexes (audit.md §7): derived data, newest first. Every query
 * is confined to one org by its key condition, never by a filter, so a tenant cannot reach another
 * tenant's entries whatever filters or cursor it sends.
 */
export interface AuditSearchQuery {
  readonly org: string;
  /** AUDIT pseudonym of the patient id (shared/services/records-keys.ts `patientIndexKey`). */
  readonly patientIndexKey?: string;
  readonly recipientId?: string;
  readonly recipientCategory?: string;
  /** Decision outcome: ALLOW, ALLOW_WITH_REDACTION, DENY, REFER. */
  readonly decision?: string;
  /** Entry type, e.g. `disclosure.decision`. */
  readonly type?: string;
  readonly clientId?: string;
  /** Inclusive ISO 8601 bounds on the entry time. */
  readonly from?: string;
  readonly to?: string;
  /** 1–500. */
  readonly limit: number;
  /** An opaque cursor from a previous page of the same query. */
  readonly cursor?: string;
}

export interface AuditSearchItem {
  /** The entry object (parsed from its canonical JSON). */
  readonly entry: Readonly<Record<string, unknown>>;
  readonly origin: string;
  readonly index: number;
  /** Standard base64 of the RFC 6962 leaf hash. */
  readonly leafHash: string;
}

export interface AuditSearchPage {
  readonly items: readonly AuditSearchItem[];
  /** Present when there may be more; pass it back as `cursor` with the same filters. */
  readonly nextCursor?: string;
}

export const AUDIT_SEARCH_MAX_LIMIT = 500;

export interface AuditSearch {
  /** Throws ValidationFailedError for a bad cursor, limit or time bound; DependencyUnavailableError otherwise. */
  search(query: AuditSearchQuery): Promise<AuditSearchPage>;
}
