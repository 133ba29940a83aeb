/**
 * The review and notification searches (reviews.md §5), followed through their cursors: one page
 * holds at most 200, and a count or a queue cut at the first page would be wrong without saying so.
 */
import type { Api } from './api.ts';

const PAGE = 200;

export interface Collected<T> {
  readonly items: readonly T[];
  /** More matched than `max`: the caller says "at least". */
  readonly more: boolean;
}

export async function collect<T>(
  api: Api,
  path: '/v1/reviews/search' | '/v1/notifications/search',
  filters: Readonly<Record<string, string | boolean>>,
  max: number,
): Promise<Collected<T>> {
  const member = path === '/v1/reviews/search' ? 'reviews' : 'notifications';
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.ok<Record<string, unknown> & { nextCursor?: string | null }>('POST', path, {
      ...filters,
      limit: PAGE,
      ...(cursor ? { cursor } : {}),
    });
    items.push(...((page[member] as T[] | undefined) ?? []));
    cursor = page.nextCursor ?? undefined;
  } while (cursor && items.length < max);
  return { items: items.slice(0, max), more: cursor !== undefined || items.length > max };
}

/** "12", or "2000 or more" when the search had more than it was asked to follow. */
export const countText = ({ items, more }: Collected<unknown>): string =>
  more ? `${items.length} or more` : String(items.length);
