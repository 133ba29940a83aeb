/**
 * The order and paging of the human work queues (reviews and notifications, reviews.md §5):
 * overdue first, then the oldest due date, then the id, a total order, so a cursor (the last key of
 * a page) resumes exactly where the previous page ended.
 */
import { ValidationFailedError } from './errors.ts';

export interface DueItem {
  readonly overdue: boolean;
  /** ISO 8601 in UTC, so due dates sort as strings. */
  readonly dueAt: string;
  readonly id: string;
}

export function pageOfDueItems<T>(
  items: readonly T[],
  dueOf: (item: T) => DueItem,
  query: { readonly cursor?: string; readonly limit?: number },
  defaultLimit: number,
): { readonly page: T[]; readonly nextCursor: string | null } {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const ordered = items
    .map((item) => ({ item, key: sortKey(dueOf(item)) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .filter(({ key }) => after === undefined || key > after);
  const limit = query.limit ?? defaultLimit;
  const page = ordered.slice(0, limit);
  const last = page.at(-1);
  return {
    page: page.map(({ item }) => item),
    nextCursor: ordered.length > limit && last ? Buffer.from(last.key).toString('base64url') : null,
  };
}

function sortKey(due: DueItem): string {
  return `${due.overdue ? '0' : '1'}|${due.dueAt}|${due.id}`;
}

function decodeCursor(cursor: string): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[01]\|\d{4}-\d{2}-\d{2}T[\d:.]+Z\|[A-Za-z0-9._~-]{1,128}$/u.test(key))
    throw new ValidationFailedError([
      { path: 'cursor', code: 'invalid_cursor', message: 'is not a cursor of this search' },
    ]);
  return key;
}
