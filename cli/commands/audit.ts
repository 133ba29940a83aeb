import { parseArgs } from 'node:util';
import { EXIT, UsageError, type CliIo, type Command } from '../command.ts';
import { CONNECTION_OPTIONS, CONNECTION_USAGE, connect } from '../connection.ts';
import { VERIFY_USAGE, runVerify } from './audit-verify.ts';

const SEARCH_USAGE = [
  'gatekeeper audit search [--patient <id>] [--recipient <id>] [--category <c>] [--decision <d>] [--type <t>]',
  '                        [--actor <clientId>] [--from <iso>] [--to <iso>] [--limit <n>] [--cursor <c>] [--json]',
  CONNECTION_USAGE,
].join('\n');
const CHECKPOINTS_USAGE = [
  "gatekeeper audit checkpoints   (prints each log's latest checkpoint and the --vkey options to pin)",
  CONNECTION_USAGE,
].join('\n');

/** Search flag → body field of POST /v1/audit/search. */
const FILTERS = {
  patient: 'patientId',
  recipient: 'recipientId',
  category: 'recipientCategory',
  decision: 'decision',
  type: 'type',
  actor: 'clientId',
  from: 'from',
  to: 'to',
  cursor: 'cursor',
} as const;

interface SearchItem {
  entry: Record<string, unknown>;
  receipt: { origin: string; index: number };
}

/** Search results as rows: when, what, outcome, who, where in the log. */
export function formatSearch(answer: { entries: SearchItem[]; nextCursor?: string }): string {
  const rows = answer.entries.map(({ entry, receipt }) => {
    const outcome = (entry['decision'] as { outcome?: string } | undefined)?.outcome ?? '';
    const actor = (entry['actor'] as { clientId?: string } | undefined)?.clientId ?? '';
    return [String(entry['time']), String(entry['type']), outcome, actor, `${receipt.origin}#${receipt.index}`];
  });
  const all = [['TIME', 'TYPE', 'OUTCOME', 'ACTOR', 'LOG#INDEX'], ...rows];
  const widths = all[0]!.map((_, column) => Math.max(...all.map((row) => row[column]!.length)));
  const lines = all.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd(),
  );
  return [...lines, '', answer.nextCursor ? `more: --cursor ${answer.nextCursor}` : `${rows.length} entries`].join(
    '\n',
  );
}

function answerOf(io: CliIo, response: { status: number; body: unknown }): number {
  if (response.status === 200) return EXIT.ok;
  io.err(JSON.stringify(response.body ?? null, null, 2));
  return response.status >= 500 ? EXIT.failure : EXIT.rejected;
}

async function runSearch(argv: readonly string[], io: CliIo): Promise<number> {
  const text = { type: 'string' } as const;
  const options = {
    ...CONNECTION_OPTIONS,
    patient: text,
    recipient: text,
    category: text,
    decision: text,
    type: text,
    actor: text,
    from: text,
    to: text,
    cursor: text,
    limit: text,
    json: { type: 'boolean' },
  } as const;
  const { values } = parseArgs({ args: [...argv], options });
  const body: Record<string, unknown> = {};
  for (const [flag, field] of Object.entries(FILTERS)) {
    const value = values[flag as keyof typeof FILTERS];
    if (value !== undefined) body[field] = value;
  }
  if (values.limit !== undefined) {
    const limit = Number(values.limit);
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > 500) throw new UsageError('--limit is 1 to 500');
    body['limit'] = limit;
  }
  const client = await connect(values, io, 'demo-auditor');
  const response = await client.request<{ entries: SearchItem[]; nextCursor?: string }>(
    'POST',
    '/v1/audit/search',
    body,
  );
  const code = answerOf(io, response);
  if (code === EXIT.ok)
    io.out(values.json === true ? JSON.stringify(response.body, null, 2) : formatSearch(response.body));
  return code;
}

async function runCheckpoints(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: [...argv], options: CONNECTION_OPTIONS });
  const client = await connect(values, io, 'demo-auditor');
  const response = await client.request<{ checkpoints: Array<{ origin: string; size: number }>; vkeys: string[] }>(
    'GET',
    '/v1/audit/checkpoints',
  );
  const code = answerOf(io, response);
  if (code !== EXIT.ok) return code;
  const { checkpoints, vkeys } = response.body;
  io.out(
    [
      ...checkpoints.map(({ origin, size }) => `${origin}  size ${size}`),
      '',
      'pin (after checking them out of band):',
      ...vkeys.map((vkey) => `  --vkey ${vkey}`),
    ].join('\n'),
  );
  return EXIT.ok;
}

/** `audit verify|search|checkpoints`: the auditor's side of api.md §4.3 and audit.md §8. */
export const auditCommand: Command = {
  name: 'audit',
  summary: 'verify the audit log offline (API or archive), search it, list its checkpoints',
  usage: [VERIFY_USAGE, '', SEARCH_USAGE, '', CHECKPOINTS_USAGE].join('\n'),
  run: async (argv, io) => {
    const [sub, ...rest] = argv;
    if (sub === 'verify') return runVerify(rest, io);
    if (sub === 'search') return runSearch(rest, io);
    if (sub === 'checkpoints') return runCheckpoints(rest, io);
    throw new UsageError('expected: audit verify|search|checkpoints');
  },
};
