import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { EXIT, UsageError, type CliIo, type Command } from '../command.ts';
import { connect, CONNECTION_OPTIONS, CONNECTION_USAGE } from '../connection.ts';
import { formatNotification, notificationTable, type NotificationRow, type Receipt } from './notification-report.ts';

const USAGE = [
  'gatekeeper notifications <action> …   (notifications to earlier recipients, reviews.md §3; default client demo-records)',
  '  list [<patientId>] [--patient <id>] [--status DUE|SENT|NOT_REQUIRED] [--recipient <id>] [--overdue]',
  '       [--limit <n>] [--cursor <c>] [--json]      the queue, overdue first, then by due date',
  '  sent <notificationId> --channel <EMAIL|LETTER|API|PHONE> --recorded-by <staff id> [--at <iso>] [--request-id <id>] [--json]',
  '  not-required <notificationId> --reason <RECIPIENT_ALREADY_ERASED|DISPROPORTIONATE_EFFORT|MANDATORY_DISCLOSURE>',
  '       --recorded-by <staff id> [--request-id <id>] [--json]',
  '  a retry is the same request: repeat --request-id with every other option as before (sent: --at too)',
  CONNECTION_USAGE,
].join('\n');

const text = { type: 'string' } as const;
const OPTIONS = {
  ...CONNECTION_OPTIONS,
  ...Object.fromEntries(
    ['channel', 'recorded-by', 'at', 'request-id', 'reason', 'patient', 'status', 'recipient', 'limit', 'cursor'].map(
      (name) => [name, text],
    ),
  ),
  overdue: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

type Values = Readonly<Record<string, string | boolean | undefined>>;
type Call = { method: 'POST'; path: string; body: Record<string, unknown> };

function required(values: Values, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

/** `list`: POST /v1/notifications/search with the flags given (an audit read, like every search). */
function searchCall(ids: readonly string[], values: Values): Call {
  if (ids.length > 1) throw new UsageError(`usage: ${USAGE.split('\n')[1]!.trim()}`);
  const patientId = ids[0] ?? values['patient'];
  const body: Record<string, unknown> = {};
  if (typeof patientId === 'string') body['patientId'] = patientId;
  for (const [flag, field] of [
    ['status', 'status'],
    ['recipient', 'recipientId'],
    ['cursor', 'cursor'],
  ] as const)
    if (typeof values[flag] === 'string') body[field] = values[flag];
  if (values['overdue'] === true) body['overdue'] = true;
  if (values['limit'] !== undefined) {
    const limit = Number(values['limit']);
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > 200) throw new UsageError('--limit is 1 to 200');
    body['limit'] = limit;
  }
  return { method: 'POST', path: '/v1/notifications/search', body };
}

/** `sent` or `not-required`: closes one DUE notification (reviews.md §5). */
function closeCall(action: string, ids: readonly string[], values: Values): Call {
  if (ids.length !== 1) throw new UsageError(`usage: notifications ${action} <notificationId> …`);
  const path = `/v1/notifications/${encodeURIComponent(ids[0]!)}/${action}`;
  const requestId = typeof values['request-id'] === 'string' ? values['request-id'] : `req-${randomUUID()}`;
  const recordedBy = required(values, 'recorded-by');
  if (action === 'sent') {
    const at = typeof values['at'] === 'string' ? values['at'] : new Date().toISOString();
    return { method: 'POST', path, body: { requestId, at, channel: required(values, 'channel'), recordedBy } };
  }
  return { method: 'POST', path, body: { requestId, reasonCode: required(values, 'reason'), recordedBy } };
}

function callFor(action: string | undefined, ids: readonly string[], values: Values): Call {
  if (action === 'list') return searchCall(ids, values);
  if (action === 'sent' || action === 'not-required') return closeCall(action, ids, values);
  throw new UsageError(`unknown action ${action ?? '(none)'}; one of: list, sent, not-required`);
}

/** What a successful answer prints: the queue with a paging hint, or the closed notification. */
function readable(action: string, body: unknown): string {
  if (action === 'list') {
    const { notifications, nextCursor } = body as { notifications: NotificationRow[]; nextCursor: string | null };
    const footer = nextCursor ? `more: --cursor ${nextCursor}` : `${notifications.length} notification(s)`;
    return [...notificationTable(notifications), '', '! = overdue', footer].join('\n');
  }
  const { notification, receipt } = body as { notification: NotificationRow; receipt: Receipt };
  return formatNotification(notification, receipt);
}

/** `notifications list|sent|not-required`: Art 19 notifications to earlier recipients, for records staff. */
export const notificationsCommand: Command = {
  name: 'notifications',
  summary: 'the notifications owed to earlier recipients: list them (overdue first), mark one sent or not required',
  usage: USAGE,
  run: async (argv: readonly string[], io: CliIo) => {
    const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: OPTIONS });
    const [action, ...ids] = positionals;
    const call = callFor(action, ids, values);
    const client = await connect(values, io, 'demo-records');
    const response = await client.request(call.method, call.path, call.body);
    if (response.status >= 400) {
      io.err(JSON.stringify(response.body ?? null, null, 2));
      return EXIT.rejected;
    }
    io.out(values.json === true ? JSON.stringify(response.body, null, 2) : readable(action!, response.body));
    return EXIT.ok;
  },
};
