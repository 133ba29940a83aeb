import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { EXIT, UsageError, type CliIo, type Command } from '../command.ts';
import { connect, CONNECTION_OPTIONS, CONNECTION_USAGE } from '../connection.ts';

/** A notification as the API answers it (reviews.md §3), the fields the listing shows. */
interface NotificationRow {
  readonly notificationId: string;
  readonly recipientId: string;
  readonly recipientName?: string;
  readonly trigger: string;
  readonly status: string;
  readonly dueAt: string;
  readonly releases: readonly unknown[];
  readonly reasonCode?: string;
}

const USAGE = [
  'gatekeeper notifications <action> …',
  '  list <patientId>                      the patient’s notifications to earlier recipients, due first',
  '  sent <notificationId> --channel <EMAIL|LETTER|API|PHONE> --recorded-by <staff id> [--at <iso>] [--request-id <id>]',
  '  not-required <notificationId> --reason <RECIPIENT_ALREADY_ERASED|DISPROPORTIONATE_EFFORT|MANDATORY_DISCLOSURE> --recorded-by <staff id> [--request-id <id>]',
  CONNECTION_USAGE,
].join('\n');

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  channel: { type: 'string' as const },
  'recorded-by': { type: 'string' as const },
  at: { type: 'string' as const },
  'request-id': { type: 'string' as const },
  reason: { type: 'string' as const },
};

function required(values: Readonly<Record<string, unknown>>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

/** One line per notification, DUE first then by due date: what records staff work through. */
export function notificationTable(rows: readonly NotificationRow[]): string[] {
  const ordered = [...rows].sort(
    (a, b) => Number(b.status === 'DUE') - Number(a.status === 'DUE') || a.dueAt.localeCompare(b.dueAt),
  );
  if (ordered.length === 0) return ['No notifications.'];
  return [
    'status        due         recipient                       trigger              releases  id',
    ...ordered.map((n) =>
      [
        `${n.status}${n.reasonCode ? ` (${n.reasonCode})` : ''}`.padEnd(13),
        n.dueAt.slice(0, 10).padEnd(11),
        (n.recipientName ? `${n.recipientName} (${n.recipientId})` : n.recipientId).padEnd(31),
        n.trigger.padEnd(20),
        String(n.releases.length).padEnd(9),
        n.notificationId,
      ].join(' '),
    ),
  ];
}

/** `notifications …`: Art 19 notifications to earlier recipients, for records staff. */
export const notificationsCommand: Command = {
  name: 'notifications',
  summary: 'list a patient’s notifications to earlier recipients; mark one sent or not required',
  usage: USAGE,
  run: async (argv: readonly string[], io: CliIo) => {
    const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: OPTIONS });
    const [action, id, ...rest] = positionals;
    if (!id || rest.length > 0 || !['list', 'sent', 'not-required'].includes(action ?? ''))
      throw new UsageError(`usage: ${USAGE.split('\n')[0]!}`);
    const request =
      action === 'list'
        ? { method: 'GET' as const, path: `/v1/patients/${encodeURIComponent(id)}/disclosures` }
        : action === 'sent'
          ? {
              method: 'POST' as const,
              path: `/v1/notifications/${encodeURIComponent(id)}/sent`,
              body: {
                requestId: values['request-id'] ?? `req-${randomUUID()}`,
                at: values['at'] ?? new Date().toISOString(),
                channel: required(values, 'channel'),
                recordedBy: required(values, 'recorded-by'),
              },
            }
          : {
              method: 'POST' as const,
              path: `/v1/notifications/${encodeURIComponent(id)}/not-required`,
              body: {
                requestId: values['request-id'] ?? `req-${randomUUID()}`,
                reasonCode: required(values, 'reason'),
                recordedBy: required(values, 'recorded-by'),
              },
            };
    const client = await connect(values, io);
    const response = await client.request(request.method, request.path, 'body' in request ? request.body : undefined);
    if (response.status >= 400) {
      io.err(JSON.stringify(response.body ?? null, null, 2));
      return EXIT.rejected;
    }
    if (action === 'list')
      for (const line of notificationTable((response.body as { notifications: NotificationRow[] }).notifications))
        io.out(line);
    else io.out(JSON.stringify(response.body, null, 2));
    return EXIT.ok;
  },
};
