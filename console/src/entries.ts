/** Audit search (api.md §4.3), shared by the overview's charts and the audit log page. */
import type { Api } from './api.ts';
import type { Receipt } from './verify/entry.ts';

export interface SearchedEntry {
  readonly entry: Record<string, unknown> & {
    readonly type: string;
    readonly time: string;
    readonly decision?: {
      readonly outcome: string;
      readonly recipient: { readonly id: string; readonly category: string };
      readonly reasonCodes: readonly string[];
      readonly purpose?: string;
      readonly flow?: string;
      readonly transformations?: ReadonlyArray<{ path: string; reason: string }>;
    };
  };
  readonly receipt: Receipt;
}

export type SearchFilters = Partial<
  Record<'patientId' | 'recipientId' | 'recipientCategory' | 'decision' | 'type' | 'clientId' | 'from' | 'to', string>
>;

export async function searchPage(
  api: Api,
  filters: SearchFilters,
  limit: number,
  cursor?: string,
): Promise<{ entries: SearchedEntry[]; nextCursor?: string }> {
  const body = { ...filters, limit, ...(cursor ? { cursor } : {}) };
  return api.ok('POST', '/v1/audit/search', body);
}

/** The entries matching `filters`, newest first, up to `max`, following cursors; `more` when cut. */
export async function searchAll(
  api: Api,
  filters: SearchFilters,
  max: number,
): Promise<{ entries: SearchedEntry[]; more: boolean }> {
  const all: SearchedEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await searchPage(api, filters, Math.min(500, max - all.length), cursor);
    all.push(...page.entries);
    cursor = page.nextCursor;
  } while (cursor && all.length < max);
  return { entries: all.slice(0, max), more: cursor !== undefined || all.length > max };
}
