/** Audit log: search, the results, and the whole-log verification. */
import { ENTRY_TYPES } from '../../../shared/audit/entry.ts';
import { RECIPIENT_CATEGORIES } from '../../../shared/records/model.ts';
import { field, h, present, show, statusMessage, table } from '../dom.ts';
import { searchPage, type SearchFilters, type SearchedEntry } from '../entries.ts';
import type { Session } from '../session.ts';
import { entryView } from './audit-entry.ts';
import { exportPanel } from './audit-export.ts';
import { wholeLogPanel } from './audit-log-verify.ts';
import { pinsPanel } from './pins.ts';

// Every category and entry type the search accepts (api.md §4.3), from the lists the API checks
// against, so a type added to the log is searchable here without a second list to forget.
const CATEGORIES = ['', ...RECIPIENT_CATEGORIES];
const DECISIONS = ['', 'ALLOW', 'ALLOW_WITH_REDACTION', 'REFER', 'DENY'];
const TYPES = ['', ...ENTRY_TYPES];

const select = (name: string, options: readonly string[]) =>
  h('select', { name }, ...options.map((value) => h('option', { value }, value || 'any')));

export async function auditPage(root: Element, session: Session): Promise<void> {
  const results = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'card search', role: 'search', 'aria-label': 'Search the audit log' },
    field('Patient id', h('input', { name: 'patientId' })),
    field('Recipient id', h('input', { name: 'recipientId' })),
    field('Recipient category', select('recipientCategory', CATEGORIES)),
    field('Decision', select('decision', DECISIONS)),
    field('Entry type', select('type', TYPES)),
    field('Client id', h('input', { name: 'clientId' })),
    field('From', h('input', { name: 'from', type: 'date' })),
    field('To', h('input', { name: 'to', type: 'date' })),
    h('button', { type: 'submit' }, 'Search'),
  );
  const run = (cursor?: string) => void search(session, filtersOf(form), results, cursor, root);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run();
  });
  const rerender = () => void auditPage(root, session);
  show(
    root,
    h('h1', { tabindex: -1 }, 'Audit log'),
    form,
    results,
    await pinsPanel(session, rerender),
    await wholeLogPanel(session),
  );
  run();
}

function filtersOf(form: HTMLFormElement): SearchFilters {
  const filters: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) {
    if (typeof value !== 'string' || value === '') continue;
    filters[name] = name === 'from' ? `${value}T00:00:00.000Z` : name === 'to' ? `${value}T23:59:59.999Z` : value;
  }
  return filters;
}

async function search(
  session: Session,
  filters: SearchFilters,
  out: Element,
  cursor: string | undefined,
  root: Element,
) {
  out.replaceChildren(statusMessage('Searching…'));
  try {
    const page = await searchPage(session.api, filters, 50, cursor);
    const rows = page.entries.map((item) => row(item, () => void entryView(root, session, item)));
    out.replaceChildren(
      ...present(
        h('h2', {}, `${page.entries.length} entries`),
        cursor ? null : exportPanel(session, filters),
        table(['time', 'type', 'decision', 'recipient', 'log', ''], rows, 'Matching entries, newest first'),
        page.nextCursor
          ? h(
              'button',
              { type: 'button', onclick: () => void search(session, filters, out, page.nextCursor, root) },
              'Next page',
            )
          : null,
      ),
    );
  } catch (error) {
    out.replaceChildren(statusMessage(`The search failed: ${(error as Error).message}`, 'error'));
  }
}

function row(item: SearchedEntry, open: () => void) {
  const { entry, receipt } = item;
  return [
    entry.time.replace('T', ' ').slice(0, 19),
    entry.type,
    entry.decision?.outcome ?? '',
    entry.decision?.recipient.id ?? '',
    `${receipt.origin.split('/').pop()} #${receipt.index}`,
    h(
      'button',
      { type: 'button', class: 'link', onclick: open, 'aria-label': `Open entry ${receipt.entryId}` },
      'Open',
    ),
  ];
}
