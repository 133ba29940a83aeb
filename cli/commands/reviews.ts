import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { GatekeeperClient } from '../../shared/client/client.ts';
import { EXIT, UsageError, type CliIo, type Command } from '../command.ts';
import { connect, CONNECTION_OPTIONS, CONNECTION_USAGE } from '../connection.ts';
import { section, table } from './explain.ts';
import { openedSection, type NotificationRow } from './notification-report.ts';

/** A review case as the API answers it (reviews.md §1), as far as the report reads it. */
interface ReviewBody {
  readonly reviewId: string;
  readonly kind: string;
  readonly status: string;
  readonly overdue: boolean;
  readonly patientId: string;
  readonly decision: {
    readonly outcome: string;
    readonly reasonCodes: readonly string[];
    readonly explanations: readonly string[];
    readonly recipientId: string;
    readonly purpose: string;
    readonly receipt: { readonly origin: string; readonly index: number };
  };
  readonly openedAt: string;
  readonly dueAt: string;
  readonly closedAt?: string;
  readonly closedBy?: { readonly clientId: string; readonly role: string };
  readonly obligations: readonly string[];
  readonly history: ReadonlyArray<{ at: string; event: string; by: string; status: string }>;
  readonly justification?: string;
  readonly conditions?: string;
  readonly grounds?: string;
  readonly notifications?: readonly NotificationRow[];
}

const USAGE = [
  'gatekeeper reviews <action> …   (the review queue, reviews.md; default client demo-cg)',
  '  list [--status OPEN|APPROVED|…] [--kind REFER|RETROSPECTIVE|CONTEST] [--patient <id>] [--overdue] [--limit <n>]',
  '  show <reviewId>',
  '  decide <reviewId> --outcome <APPROVED|REJECTED|UPHELD|NOT_UPHELD|OVERTURNED> --role <CALDICOTT_GUARDIAN|DPO>',
  '         --justification <text> [--conditions <text>] [--request-id <id>]',
  CONNECTION_USAGE,
].join('\n');

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  ...Object.fromEntries(
    ['status', 'kind', 'patient', 'limit', 'outcome', 'role', 'justification', 'conditions', 'request-id'].map(
      (name) => [name, { type: 'string' as const }],
    ),
  ),
  overdue: { type: 'boolean' },
} as const;

/** The queue as one line per case, overdue first (the server's order). */
export function formatQueue(reviews: readonly ReviewBody[]): string {
  if (reviews.length === 0) return 'No review cases match.';
  const rows = reviews.map((review) => [
    review.overdue ? '!' : '',
    review.reviewId,
    review.kind,
    review.status,
    review.dueAt.slice(0, 16).replace('T', ' '),
    review.patientId,
    review.decision.recipientId,
    `${review.decision.outcome} ${review.decision.reasonCodes[0] ?? ''}`,
  ]);
  const lines = table(['', 'REVIEW', 'KIND', 'STATUS', 'DUE (UTC)', 'PATIENT', 'RECIPIENT', 'DECISION'], rows);
  return [...lines, '', '! = overdue'].join('\n');
}

/** One case as a readable report: the decision under review, the case, what the reviewer said. */
export function formatReview(review: ReviewBody): string {
  const { decision } = review;
  const reasons = decision.reasonCodes.map((code, i) => [code, decision.explanations[i] ?? '']);
  const closed = review.closedAt
    ? `${review.closedAt}${review.closedBy ? ` by ${review.closedBy.clientId} (${review.closedBy.role})` : ''}`
    : '-';
  const text = (value: string | undefined) => (value ? [`  ${value}`] : []);
  return [
    `Review    ${review.reviewId} (${review.kind})`,
    `Status    ${review.status}${review.overdue ? ' OVERDUE' : ''}`,
    `Patient   ${review.patientId}`,
    `Opened    ${review.openedAt}`,
    `Due       ${review.dueAt}`,
    `Closed    ${closed}`,
    ...section('Decision under review', [
      `  ${decision.outcome} to ${decision.recipientId} for ${decision.purpose} (${decision.receipt.origin} #${decision.receipt.index})`,
      ...table(['CODE', 'EXPLANATION'], reasons),
    ]),
    ...(review.grounds ? section("Patient's grounds", text(review.grounds)) : []),
    ...section('Justification', text(review.justification)),
    ...(review.conditions ? section('Conditions', text(review.conditions)) : []),
    ...section(
      'Obligations',
      review.obligations.map((obligation) => `  ${obligation}`),
    ),
    ...section(
      'History',
      table(
        ['AT', 'EVENT', 'BY', 'STATUS'],
        review.history.map((h) => [h.at, h.event, h.by, h.status]),
      ),
    ),
    ...(review.notifications ? openedSection(review.notifications) : []),
  ].join('\n');
}

async function act(client: GatekeeperClient, action: string, ids: readonly string[], v: Record<string, unknown>) {
  const one = () => {
    if (ids.length !== 1) throw new UsageError(`usage: reviews ${action} <reviewId>`);
    return encodeURIComponent(ids[0]!);
  };
  const need = (name: string) => {
    if (typeof v[name] !== 'string' || v[name] === '') throw new UsageError(`--${name} is required`);
    return v[name];
  };
  if (action === 'list')
    return client.request<{ reviews: ReviewBody[] }>('POST', '/v1/reviews/search', {
      ...(v['status'] ? { status: v['status'] } : {}),
      ...(v['kind'] ? { kind: v['kind'] } : {}),
      ...(v['patient'] ? { patientId: v['patient'] } : {}),
      ...(v['overdue'] ? { overdue: true } : {}),
      ...(v['limit'] ? { limit: Number(v['limit']) } : {}),
    });
  if (action === 'show') return client.request<ReviewBody>('GET', `/v1/reviews/${one()}`);
  if (action === 'decide') {
    const id = one();
    return client.request<ReviewBody>('POST', `/v1/reviews/${id}/decide`, {
      requestId: v['request-id'] ?? `rev-${randomUUID()}`,
      outcome: need('outcome'),
      role: need('role'),
      justification: need('justification'),
      ...(v['conditions'] ? { conditions: v['conditions'] } : {}),
    });
  }
  throw new UsageError(`unknown action ${action}; one of: list, show, decide`);
}

/** `reviews list|show|decide`: the Caldicott Guardian's and DPO's queue (reviews.md §2, §5). */
export const reviewsCommand: Command = {
  name: 'reviews',
  summary: 'the review queue: list cases (overdue first), show one, decide it',
  usage: USAGE,
  run: async (argv: readonly string[], io: CliIo) => {
    const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: OPTIONS });
    const [action, ...ids] = positionals;
    if (!action) throw new UsageError('an action is required: list, show or decide');
    if (action === 'list' && ids.length > 0) throw new UsageError('usage: reviews list [filters]');
    const client = await connect(values, io, 'demo-cg');
    const response = await act(client, action, ids, values);
    if (response.status >= 400) {
      io.err(JSON.stringify(response.body ?? null, null, 2));
      return EXIT.rejected;
    }
    const body = response.body as { reviews?: ReviewBody[] } & ReviewBody;
    io.out(action === 'list' ? formatQueue(body.reviews ?? []) : formatReview(body));
    return EXIT.ok;
  },
};
