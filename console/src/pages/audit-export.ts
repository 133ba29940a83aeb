/**
 * Exports every entry matching a search as one JSON file (entries with their receipts, so each
 * can be proven later), page by page with progress and a cancel that stops between pages.
 */
import { h } from '../dom.ts';
import { searchPage, type SearchFilters, type SearchedEntry } from '../entries.ts';
import type { Session } from '../session.ts';

const PAGE = 500;

export function exportPanel(session: Session, filters: SearchFilters): HTMLElement {
  const status = h('p', { role: 'status', 'data-testid': 'export-status' }, '');
  const link = h('p', {});
  const start = h('button', { type: 'button' }, 'Export all matching entries');
  const cancel = h('button', { type: 'button', disabled: true }, 'Cancel export');
  let controller: AbortController | undefined;
  start.addEventListener('click', () => {
    controller = new AbortController();
    start.disabled = true;
    cancel.disabled = false;
    link.replaceChildren();
    void exportAll(session, filters, status, link, controller.signal).finally(() => {
      start.disabled = false;
      cancel.disabled = true;
    });
  });
  cancel.addEventListener('click', () => controller?.abort());
  return h('div', { class: 'export' }, start, cancel, status, link);
}

async function exportAll(
  session: Session,
  filters: SearchFilters,
  status: Element,
  link: Element,
  signal: AbortSignal,
): Promise<void> {
  const entries: SearchedEntry[] = [];
  let cursor: string | undefined;
  try {
    do {
      signal.throwIfAborted();
      const page = await searchPage(session.api, filters, PAGE, cursor);
      entries.push(...page.entries);
      cursor = page.nextCursor;
      status.textContent = `Exported ${entries.length} entries${cursor ? '…' : '.'}`;
    } while (cursor);
    signal.throwIfAborted();
  } catch (error) {
    status.textContent = signal.aborted
      ? `Export cancelled after ${entries.length} entries: no file was made.`
      : `The export failed: ${(error as Error).message}`;
    return;
  }
  const file = new Blob([JSON.stringify({ filters, exportedAt: new Date().toISOString(), entries }, null, 2)], {
    type: 'application/json',
  });
  link.replaceChildren(
    h(
      'a',
      { href: URL.createObjectURL(file), download: 'gatekeeper-audit-export.json' },
      `Download ${entries.length} entries (JSON)`,
    ),
  );
}
