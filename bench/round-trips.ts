/**
 * Issue 15: where a request's time goes between the caller and storage. One signed
 * `GET /v1/recipients` and one `POST /v1/disclosures` (P06) at a time, with every DynamoDB and KMS
 * call the handlers make recorded in order (what, on which table, when it started and ended,
 * relative to the request's start). Medians over the traced requests; the calls are counted, so
 * the sequence (what runs in series, what overlaps) is read off the table, not guessed. The
 * disclosure is traced a second time with every KMS Sign made to wait longer, as a remote KMS
 * would, to show how much of a Sign's wait reaches the answer.
 */
import { randomUUID } from 'node:crypto';
import type { GatekeeperClient } from '../shared/client/index.ts';
import { decideOnce, preparePatient } from './decisions.ts';
import { byMode, type Suite } from './lib/context.ts';
import { interceptSdkSends, tableOf } from './lib/sdk-calls.ts';
import { fmt, nowMs, summarise } from './lib/stats.ts';
import type { Table } from './lib/table.ts';

/**
 * What a KMS Sign waits for on AWS (a network round trip, no CPU here) beyond the local endpoint's
 * own time: the third trace adds it to every Sign, to show how much of such a wait reaches the answer.
 */
const REMOTE_SIGN_WAIT_MS = 5;

export const roundTripsSuite: Suite = {
  name: 'trips',
  summary: 'the DynamoDB and KMS calls of one signed GET and one disclosure, in order, with their timings',
  async run(context) {
    const admin = await context.client('demo-admin');
    const clinical = await context.client('demo-clinical');
    const patientId = `TRIPS-${randomUUID().slice(0, 8)}`;
    await preparePatient(clinical, patientId);
    const count = byMode(context.mode, { full: 60, quick: 15, tiny: 2 });
    context.progress(`trips: ${count} traced requests of each kind`);
    const get = await traced(count, 'signed GET /v1/recipients', () => expectStatus(admin, 'GET', '/v1/recipients'));
    const disclose = () => decideOnce(clinical, patientId);
    const local = await traced(count, 'POST /v1/disclosures (P06)', disclose);
    const remote = await traced(
      count,
      `POST /v1/disclosures (P06), every KMS Sign waiting ${REMOTE_SIGN_WAIT_MS} ms more`,
      disclose,
      REMOTE_SIGN_WAIT_MS,
    );
    return [
      get.table,
      local.table,
      {
        ...remote.table,
        note: `${remote.table.note ?? ''} After its transaction ended, the answer waited for the Sign a median ${fmt(remote.signAfterCommitMs)} ms here and ${fmt(local.signAfterCommitMs)} ms in the trace above (same run; per request, the Sign's end minus the TransactWrite's, 0 when the Sign ended first): a Sign in series passes on all of its wait, one overlapping the transaction only what outlasts it.`,
      },
    ];
  },
};

interface Call {
  readonly what: string;
  readonly startMs: number;
  endMs: number;
}

let recording: { origin: number; calls: Call[]; signWaitMs: number } | undefined;

/** Wraps `send` of the SDK clients the handlers use; records only while a traced request runs. */
function instrument(): () => void {
  return interceptSdkSends((command, send) => {
    const session = recording;
    if (!session) return send();
    const call: Call = { what: describe(command), startMs: nowMs() - session.origin, endMs: Number.NaN };
    session.calls.push(call);
    const settle = () => {
      call.endMs = nowMs() - session.origin;
    };
    const wait = session.signWaitMs > 0 && (command as object).constructor.name === 'SignCommand';
    const result = wait ? new Promise((resolve) => setTimeout(resolve, session.signWaitMs)).then(send) : send();
    result.then(settle, settle);
    return result;
  });
}

/** `GetCommand Registry`, `TransactWriteCommand AuditHeads+AuditLog×3+Records`: the operation and its tables. */
function describe(command: unknown): string {
  const name = (command as object).constructor.name.replace(/Command$/, '');
  const input = (command as { input?: Record<string, unknown> }).input ?? {};
  if (typeof input['TableName'] === 'string') return `${name} ${tableOf(input['TableName'])}`;
  const items = input['TransactItems'];
  if (Array.isArray(items)) {
    const tables = items.map((item: Record<string, { TableName?: unknown }>) => {
      const [kind, body] = Object.entries(item)[0]!;
      return `${kind} ${tableOf(body.TableName)}`;
    });
    return `${name} [${tables.join(', ')}]`;
  }
  const batch = input['RequestItems'];
  if (batch !== null && typeof batch === 'object') return `${name} ${Object.keys(batch).map(tableOf).join('+')}`;
  return name;
}

async function traced(
  count: number,
  label: string,
  request: () => Promise<void>,
  signWaitMs = 0,
): Promise<{ table: Table; signAfterCommitMs: number }> {
  for (let i = 0; i < 5; i += 1) await request();
  const restore = instrument();
  const traces: { totalMs: number; calls: Call[] }[] = [];
  try {
    for (let i = 0; i < count; i += 1) {
      const session = { origin: nowMs(), calls: [] as Call[], signWaitMs };
      recording = session;
      await request();
      recording = undefined;
      traces.push({ totalMs: nowMs() - session.origin, calls: session.calls });
    }
  } finally {
    recording = undefined;
    restore();
  }
  return sequenceTable(label, traces);
}

/** Medians per position over the traces whose call sequence is the most common one. */
function sequenceTable(
  label: string,
  traces: readonly { totalMs: number; calls: Call[] }[],
): { table: Table; signAfterCommitMs: number } {
  const shapes = new Map<string, typeof traces>();
  for (const trace of traces) {
    const shape = trace.calls.map((call) => call.what).join(' | ');
    shapes.set(shape, [...(shapes.get(shape) ?? []), trace]);
  }
  const common = [...shapes.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  const first = common[0]?.calls ?? [];
  const median = (values: number[]) => summarise(values).p50;
  const rows = first.map((call, i) => [
    String(i + 1),
    call.what,
    fmt(median(common.map((trace) => trace.calls[i]!.startMs))),
    fmt(median(common.map((trace) => trace.calls[i]!.endMs))),
    fmt(median(common.map((trace) => trace.calls[i]!.endMs - trace.calls[i]!.startMs))),
  ]);
  rows.push(['', 'whole request, client to client', '0', fmt(median(common.map((t) => t.totalMs))), '']);
  const table: Table = {
    title: `trips · ${label}: storage and KMS calls in order`,
    columns: ['#', 'call', 'start ms', 'end ms', 'ms'],
    rows,
    note: `${first.length} calls in ${serialPhases(first)} serial phases. Medians over the ${common.length} of ${traces.length} traced requests with the most common sequence (one request at a time, after 5 untimed). A call that starts only after every earlier call has ended opens a new phase (counted on the first of these traces). Times from the start of the client's call (signing included); a call that starts before the one above it ends runs in parallel with it. The names are the SDK commands and the tables they touch.`,
  };
  return { table, signAfterCommitMs: median(traces.flatMap(signAfterCommit)) };
}

/** How long a request still waited for its KMS Sign after its audit transaction ended (none if neither ran). */
function signAfterCommit(trace: { readonly calls: readonly Call[] }): number[] {
  const commit = trace.calls.find((call) => call.what.startsWith('TransactWrite'));
  const sign = trace.calls.find((call) => call.what === 'Sign');
  return commit && sign ? [Math.max(0, sign.endMs - commit.endMs)] : [];
}

/** Round trips in series: a call that starts only after every earlier call has ended opens a phase. */
function serialPhases(calls: readonly Call[]): number {
  let phases = 0;
  let endOfEarlier = Number.NEGATIVE_INFINITY;
  for (const call of calls) {
    if (call.startMs >= endOfEarlier) phases += 1;
    endOfEarlier = Math.max(endOfEarlier, call.endMs);
  }
  return phases;
}

async function expectStatus(client: GatekeeperClient, method: string, path: string): Promise<void> {
  const response = await client.request(method, path);
  if (response.status !== 200) throw new Error(`${method} ${path} answered ${response.status}`);
}
