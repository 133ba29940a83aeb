/**
 * Overview: decisions per day by outcome and by recipient category over the last 30 days, from the
 * audit search API (no second data path), each log's latest checkpoint, open reviews and due
 * notifications where the person may see them.
 */
import { stackedBars, type Series } from '../chart.ts';
import { h, show, statusMessage, table } from '../dom.ts';
import { searchAll, type SearchedEntry } from '../entries.ts';
import { collect, countText } from '../queues.ts';
import { age, minute } from '../time.ts';
import type { Session } from '../session.ts';
import { lastSeen } from '../store.ts';

const DAY = 86_400_000;
const OUTCOMES = ['ALLOW', 'ALLOW_WITH_REDACTION', 'REFER', 'DENY'];
/** The newest this many decisions are charted; beyond them the Overview says the older days are incomplete. */
const CHARTED_MAX = 2000;
/** Beyond this many open cases or due notifications the Overview says "or more". */
const COUNTED_MAX = 2000;

function perDay(entries: readonly SearchedEntry[], keyOf: (e: SearchedEntry) => string, now: number): Series[] {
  const days = Array.from({ length: 30 }, (_, i) => new Date(now - (29 - i) * DAY).toISOString().slice(0, 10));
  const counts = new Map<string, Record<string, number>>(days.map((day) => [day, {}]));
  for (const item of entries) {
    const day = counts.get(item.entry.time.slice(0, 10));
    if (day) day[keyOf(item)] = (day[keyOf(item)] ?? 0) + 1;
  }
  return days.map((day) => ({ label: day, values: counts.get(day)! }));
}

function decisionCount(decisions: readonly SearchedEntry[], more: boolean): string {
  if (!more) return `${decisions.length} ${decisions.length === 1 ? 'decision' : 'decisions'} in the last 30 days.`;
  const oldest = decisions.at(-1)?.entry.time ?? '';
  return `More than ${decisions.length} decisions in the last 30 days: the charts show the newest ${decisions.length}, from ${minute(oldest)}; earlier days are incomplete.`;
}

export async function overviewPage(root: Element, session: Session): Promise<void> {
  const parts: HTMLElement[] = [];
  if (session.can.has('audit')) {
    const now = Date.now();
    const { entries: decisions, more } = await searchAll(
      session.api,
      { type: 'disclosure.decision', from: new Date(now - 30 * DAY).toISOString() },
      CHARTED_MAX,
    );
    const categories = [...new Set(decisions.map((d) => d.entry.decision?.recipient.category ?? 'UNKNOWN'))].sort();
    parts.push(
      h('p', { 'data-testid': 'decision-count' }, decisionCount(decisions, more)),
      stackedBars(
        'Decisions per day by outcome',
        perDay(decisions, (d) => d.entry.decision?.outcome ?? 'UNKNOWN', now),
        OUTCOMES,
      ),
      stackedBars(
        'Decisions per day by recipient category',
        perDay(decisions, (d) => d.entry.decision?.recipient.category ?? 'UNKNOWN', now),
        categories,
      ),
      await checkpointsTable(session),
    );
  }
  if (session.can.has('reviews')) parts.push(await queueCounts(session, '/v1/reviews/search', 'OPEN', 'Reviews'));
  if (session.can.has('notifications'))
    parts.push(await queueCounts(session, '/v1/notifications/search', 'DUE', 'Notifications'));
  if (parts.length === 0) parts.push(statusMessage('Your key has no scope that shows figures here.'));
  show(root, h('h1', { tabindex: -1 }, 'Overview'), ...parts);
}

async function checkpointsTable(session: Session): Promise<HTMLElement> {
  const { checkpoints } = await session.api.ok<{
    checkpoints: Array<{ origin: string; size: number; signedAt?: string }>;
  }>('GET', '/v1/audit/checkpoints');
  const now = Date.now();
  const rows = await Promise.all(
    checkpoints.map(async (c) => {
      const seen = await lastSeen(c.origin);
      const verified = seen ? `${seen.size} entries, ${minute(seen.seenAt)}` : 'never';
      return [
        c.origin,
        String(c.size),
        c.signedAt ? `${minute(c.signedAt)} (${age(now, c.signedAt)})` : 'not recorded',
        verified,
      ];
    }),
  );
  return h(
    'section',
    { 'aria-labelledby': 'logs-h' },
    h('h2', { id: 'logs-h' }, 'Logs and their latest checkpoints'),
    // A C2SP checkpoint carries no time: its age is the gatekeeper's word, its content is checkable.
    h('p', {}, 'When each was signed is as the gatekeeper reports it; verify a log on the Audit log page.'),
    table(
      ['log', 'entries signed', 'signed (age)', 'last verified in this browser'],
      rows,
      'Latest signed checkpoints',
    ),
  );
}

/** Counted by the gatekeeper's own filters (its clock decides "overdue"), every page followed. */
async function queueCounts(
  session: Session,
  path: '/v1/reviews/search' | '/v1/notifications/search',
  open: 'OPEN' | 'DUE',
  title: string,
): Promise<HTMLElement> {
  const [all, overdue] = await Promise.all([
    collect(session.api, path, { status: open }, COUNTED_MAX),
    collect(session.api, path, { status: open, overdue: true }, COUNTED_MAX),
  ]);
  const id = `${title.toLowerCase()}-h`;
  return h(
    'section',
    { 'aria-labelledby': id },
    h('h2', { id }, title),
    h(
      'p',
      { 'data-testid': `${title.toLowerCase()}-count` },
      `${countText(all)} ${open === 'OPEN' ? 'open' : 'due'}, ${countText(overdue)} overdue.`,
    ),
  );
}
