/**
 * Issue 3: what the verifiable log costs. Append throughput through DynamoDbAuditLog with 1–8 logs
 * under concurrent appenders NEXT TO raw conditional PutItem at the same concurrency (same table,
 * same item shape, same run); items read per proof at 10^4 / 10^5 entries; and (suite `verify`)
 * offline verification speed of verifyAuditLog in full mode next to its parse-and-hash floor.
 */
import { CreateTableCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { DynamoDbAuditLog } from '../shared/adapters/dynamodb/audit-log.ts';
import { DynamoDbAuditStore } from '../shared/adapters/dynamodb/audit-store.ts';
import { auditKeys } from '../shared/adapters/dynamodb/audit-keys.ts';
import { auditIndexAttributes } from '../shared/audit/index-projection.ts';
import { createDocumentClient } from '../shared/adapters/dynamodb/client.ts';
import { canonicalBytes } from '../shared/canonical-json.ts';
import { checkpointBody, signCheckpoint } from '../shared/audit/checkpoint.ts';
import { appendLeaf, leafHash, nodeKey } from '../shared/audit/merkle.ts';
import { MemoryTree } from '../shared/audit/memory-tree.ts';
import { vkey } from '../shared/audit/note.ts';
import { consistencyProof, inclusionProof } from '../shared/audit/proofs.ts';
import { verifyAuditLog } from '../shared/audit/verifier.ts';
import type { AuditSource } from '../shared/audit/verifier-types.ts';
import { decisionEntry, ed25519Key, POLICY_DIGEST } from '../test/unit/audit/helpers.ts';
import { ENV } from '../shared/config/environment.ts';
import { byMode, type Suite, type SuiteContext } from './lib/context.ts';
import { fmt, measureConcurrent, nowMs, perSecond, summarise } from './lib/stats.ts';
import type { Table } from './lib/table.ts';

const TABLE_PREFIX = 'gk-bench';
const DEPLOYMENT = 'bench.local';

export const auditSuite: Suite = {
  name: 'audit',
  summary: 'append throughput (1–8 logs) next to raw conditional PutItem; items read per proof',
  async run(context) {
    return [await appendThroughput(context), await proofCost(context)];
  },
};

/** Pure CPU and in memory, so a suite of its own: `--only verify` needs no local stack. */
export const verificationSuite: Suite = {
  name: 'verify',
  summary: 'offline verification in full mode next to its floor (parse and hash every entry), one core',
  async run(context) {
    return [await verificationSpeed(context)];
  },
};

interface Counting {
  readonly doc: DynamoDBDocumentClient;
  readonly counts: { transactions: number; headReads: number };
}

/** A document client that counts what the adapter sends, without touching the adapter. */
function countingClient(): Counting {
  const doc = createDocumentClient();
  const counts = { transactions: 0, headReads: 0 };
  const send = doc.send.bind(doc) as (command: unknown, ...rest: unknown[]) => Promise<unknown>;
  (doc as unknown as { send: typeof send }).send = (command, ...rest) => {
    if (command instanceof TransactWriteCommand) counts.transactions += 1;
    else if (command instanceof GetCommand) counts.headReads += 1;
    return send(command, ...rest);
  };
  return { doc, counts };
}

/** A decision entry of realistic size (about 1 KB canonical) for log `origin`, unique by n. */
function entryFor(origin: string, n: number) {
  return { ...decisionEntry(origin, n), id: ulidOf(n) };
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A distinct, well-formed ULID per n (the test helper's ulidOf folds some digits together). */
function ulidOf(n: number): string {
  let tail = '';
  for (let rest = n; tail.length < 16; rest = Math.floor(rest / 32)) tail = CROCKFORD[rest % 32]! + tail;
  return `01JD000000${tail}`;
}

/**
 * The floor of one audited write: the entry item the adapter writes for entry `index` of `origin`
 * (same attributes, so the same index writes), as one conditional PutItem round trip.
 */
export async function putRawEntry(doc: DynamoDBDocumentClient, table: string, origin: string, index: number) {
  const entry = entryFor(origin, index);
  const bytes = canonicalBytes(entry);
  await doc.send(
    new PutCommand({
      TableName: table,
      Item: {
        pk: auditKeys.entryPartition(origin),
        sk: index,
        entry: new TextDecoder().decode(bytes),
        leafHash: leafHash(bytes),
        id: entry.id,
        ...auditIndexAttributes(entry, { origin, index }, `v1.patient-${index % 97}`),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function appendThroughput(context: SuiteContext): Promise<Table> {
  const total = byMode(context.mode, { full: 2000, quick: 256, tiny: 40 });
  const concurrency = byMode(context.mode, { full: 64, quick: 64, tiny: 8 });
  const tables = await context.benchTables(TABLE_PREFIX);
  const names = { audit: tables[ENV.tableAudit]!, auditHeads: tables[ENV.tableAuditHeads]! };
  const run = `r${Date.now().toString(36)}`;
  const rows: string[][] = [];
  const row = (
    what: string,
    result: { samples: number[]; wallMs: number },
    perEntry: string,
    callsPerEntry: string,
  ) => {
    const ms = summarise(result.samples);
    return [what, String(ms.n), fmt(perSecond(ms.n, result.wallMs)), fmt(ms.p50), fmt(ms.p99), perEntry, callsPerEntry];
  };

  for (const logs of [1, 2, 4, 8]) {
    context.progress(`audit: ${total} appends, ${concurrency} appenders over ${logs} log(s)`);
    const { doc, counts } = countingClient();
    try {
      const log = new DynamoDbAuditLog(doc, names);
      const origins = Array.from({ length: logs }, (_, i) => `${DEPLOYMENT}/${run}/logs${logs}/p${i}`);
      // Appender w writes to log w mod L, like patients hashed onto a fixed set of logs.
      const result = await measureConcurrent({ total, concurrency, maxMs: 120_000 }, async (index, worker) => {
        const origin = origins[worker % logs]!;
        await log.append({ origin, entry: entryFor(origin, index), patientIndexKey: `v1.patient-${index % 97}` });
      });
      const n = result.samples.length;
      rows.push(
        row(
          `DynamoDbAuditLog, ${logs} log${logs === 1 ? '' : 's'}`,
          result,
          fmt(counts.transactions / n),
          fmt((counts.transactions + counts.headReads) / n),
        ),
      );
    } finally {
      doc.destroy();
    }
  }

  context.progress(`audit: ${total} raw conditional PutItem, ${concurrency} workers`);
  const doc = createDocumentClient();
  try {
    const origin = `${DEPLOYMENT}/${run}/raw`;
    // The entry item the adapter writes (same attributes, so the same index writes), one round trip each.
    const result = await measureConcurrent({ total, concurrency, maxMs: 120_000 }, (index) =>
      putRawEntry(doc, names.audit, origin, index),
    );
    rows.push(row('raw conditional PutItem (entry item only)', result, '–', '1'));
  } finally {
    doc.destroy();
  }
  return {
    title: `audit · append throughput, ${total} entries, ${concurrency} concurrent appenders`,
    columns: ['writer', 'n', 'entries/s', 'p50 ms', 'p99 ms', 'tx/entry', 'calls/entry'],
    rows,
    note: 'Same table (AuditLog schema with its five search indexes), same entry items, same run. tx/entry counts TransactWriteItems sends; calls/entry adds the head reads. The raw PutItem writes no tree nodes and no head, so it is the floor of one conditional write per entry, not an equivalent log. Entries carry no companion writes (decisions add a records ConditionCheck and an idempotency put).',
  };
}

/**
 * The proof logs live in their own pair of tables with the audit key schema but no search indexes
 * and no stream: proofs read by key only, and index and stream upkeep would triple the build time
 * of a 10^5-entry log without changing what a proof reads.
 */
async function proofTables(context: SuiteContext): Promise<{ audit: string; auditHeads: string }> {
  await context.stack();
  const names = { audit: `${TABLE_PREFIX}-proofs-AuditLog`, auditHeads: `${TABLE_PREFIX}-proofs-AuditHeads` };
  const dynamo = new DynamoDBClient({});
  try {
    for (const [name, sortKey] of [
      [names.audit, true],
      [names.auditHeads, false],
    ] as const) {
      try {
        await dynamo.send(
          new CreateTableCommand({
            TableName: name,
            BillingMode: 'PAY_PER_REQUEST',
            AttributeDefinitions: [
              { AttributeName: 'pk', AttributeType: 'S' },
              ...(sortKey ? [{ AttributeName: 'sk', AttributeType: 'N' as const }] : []),
            ],
            KeySchema: [
              { AttributeName: 'pk', KeyType: 'HASH' },
              ...(sortKey ? [{ AttributeName: 'sk', KeyType: 'RANGE' as const }] : []),
            ],
          }),
        );
      } catch (error) {
        if (!(error instanceof ResourceInUseException)) throw error;
      }
    }
  } finally {
    dynamo.destroy();
  }
  return names;
}

/** Writes a complete log of `size` entries (leaf hashes, sealed nodes, head) with BatchWriteItem. */
async function buildLog(
  doc: DynamoDBDocumentClient,
  names: { audit: string; auditHeads: string },
  origin: string,
  size: number,
): Promise<MemoryTree> {
  const tree = new MemoryTree();
  const items: Record<string, unknown>[] = [];
  let frontier: Uint8Array[] = [];
  for (let i = 0; i < size; i += 1) {
    const leaf = leafHash(new TextEncoder().encode(`{"bench":${i}}`));
    const next = appendLeaf(frontier, i, leaf);
    tree.appendHash(leaf);
    items.push({ pk: auditKeys.entryPartition(origin), sk: i, leafHash: leaf });
    for (const node of next.sealed)
      if (node.level > 0)
        items.push({ pk: auditKeys.nodePartition(origin), sk: nodeKey(node.level, node.index), hash: node.hash });
    frontier = next.frontier;
  }
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let nextBatch = 0;
  const writer = async () => {
    while (nextBatch < batches.length) {
      let pending = batches[nextBatch]!.map((Item) => ({ PutRequest: { Item } }));
      nextBatch += 1;
      for (let attempt = 0; pending.length > 0; attempt += 1) {
        if (attempt >= 20) throw new Error('BatchWriteItem kept returning unprocessed items');
        const result = await doc.send(new BatchWriteCommand({ RequestItems: { [names.audit]: pending } }));
        pending = (result.UnprocessedItems?.[names.audit] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, writer));
  await doc.send(new PutCommand({ TableName: names.auditHeads, Item: { pk: origin, org: 'bench', size, frontier } }));
  return tree;
}

export async function proofCost(context: SuiteContext): Promise<Table> {
  const sizes = byMode(context.mode, { full: [10_000, 100_000], quick: [10_000], tiny: [100] });
  const proofs = byMode(context.mode, { full: 500, quick: 50, tiny: 10 });
  const names = await proofTables(context);
  const doc = createDocumentClient();
  const rows: string[][] = [];
  const buildNotes: string[] = [];
  try {
    const store = new DynamoDbAuditStore(doc, names);
    for (const size of sizes) {
      const origin = `${DEPLOYMENT}/proofs-${Date.now().toString(36)}/n${size}`;
      context.progress(`audit: building a ${size}-entry log in DynamoDB Local (BatchWriteItem)`);
      const t0 = nowMs();
      const tree = await buildLog(doc, names, origin, size);
      buildNotes.push(`${size.toLocaleString('en-GB')} entries in ${fmt((nowMs() - t0) / 1000)} s`);
      const random = seeded(size);
      for (const kind of ['inclusion', 'consistency'] as const) {
        context.progress(`audit: ${proofs} ${kind} proofs at ${size}`);
        const reads: number[] = [];
        let checked = false;
        const result = await measureConcurrent({ total: proofs, concurrency: 1, maxMs: 60_000 }, async () => {
          const source = store.nodeSource(origin);
          const m = 1 + Math.floor(random() * (size - 1));
          const proof =
            kind === 'inclusion' ? await inclusionProof(m, size, source) : await consistencyProof(m, size, source);
          reads.push(source.reads);
          if (!checked) {
            // Once per series: the stored tree proves exactly what the in-memory reference does.
            const expected =
              kind === 'inclusion' ? await inclusionProof(m, size, tree) : await consistencyProof(m, size, tree);
            if (Buffer.compare(Buffer.concat(proof), Buffer.concat(expected)) !== 0)
              throw new Error(`The stored ${kind} proof differs from the reference`);
            checked = true;
          }
        });
        const items = summarise(reads);
        const ms = summarise(result.samples);
        rows.push([
          `${kind}`,
          size.toLocaleString('en-GB'),
          String(ms.n),
          fmt(items.mean),
          String(items.max),
          fmt(ms.p50),
          fmt(ms.p99),
        ]);
      }
    }
  } finally {
    doc.destroy();
  }
  return {
    title: 'audit · proof generation from DynamoDB Local (items read per proof)',
    columns: ['proof', 'log size', 'n', 'mean items', 'max items', 'p50 ms', 'p99 ms'],
    rows,
    note: `Random index (inclusion) or old size (consistency) against the full size; items = nodes the plan reads in one BatchGetItem (DynamoDbAuditStore.nodeSource reads). Logs written directly with BatchWriteItem: ${buildNotes.join(', ')}.`,
  };
}

export async function verificationSpeed(context: SuiteContext): Promise<Table> {
  const size = byMode(context.mode, { full: 100_000, quick: 5_000, tiny: 200 });
  const origin = `${DEPLOYMENT}/demo/p0`;
  context.progress(`audit: preparing ${size} entries and a signed checkpoint in memory`);
  const entries: Uint8Array[] = [];
  const tree = new MemoryTree();
  for (let n = 0; n < size; n += 1) {
    const bytes = canonicalBytes(entryFor(origin, n));
    entries.push(bytes);
    tree.append(bytes);
  }
  const key = ed25519Key();
  const checkpoint = await signCheckpoint(checkpointBody(origin, size, tree.root()), origin, key.sign, key.publicKey);
  const source: AuditSource = {
    listOrigins: () => Promise.resolve([origin]),
    checkpoints: () => Promise.resolve([checkpoint]),
    entries: (_origin, start, limit) => Promise.resolve(entries.slice(start, start + limit)),
  };
  const runs = byMode(context.mode, { full: 3, quick: 2, tiny: 1 });
  const measured: { label: string; ms: number; cpuMs: number }[] = [];
  for (let run = 0; run < runs; run += 1) {
    context.progress(`audit: verifyAuditLog full mode over ${size} entries (run ${run + 1}/${runs})`);
    const t0 = nowMs();
    const cpu0 = process.cpuUsage();
    const report = await verifyAuditLog({
      source,
      vkeys: [vkey(origin, key.publicKey)],
      mode: 'full',
      pageSize: 1000,
      knownPolicyDigests: [POLICY_DIGEST],
    });
    const cpuMs = cpuMsSince(cpu0);
    const ms = nowMs() - t0;
    if (!report.ok || report.stats.entries !== size)
      throw new Error(`The bench log did not verify: ${JSON.stringify(report.failures)}`);
    measured.push({ label: `run ${run + 1}`, ms, cpuMs });
  }
  const floor = parseAndHashFloor(entries);
  // Read against the floor of the same run: on a loaded machine both rates fall, their ratio far less.
  const rows = [...measured, { label: 'floor: JSON.parse + leaf hash only', ...floor }].map(({ label, ms, cpuMs }) => [
    label,
    size.toLocaleString('en-GB'),
    fmt(ms / 1000),
    fmt(perSecond(size, ms)),
    fmt(cpuMs / 1000),
    `${fmt((100 * floor.ms) / ms)}%`,
    `${fmt((100 * floor.cpuMs) / cpuMs)}%`,
  ]);
  return {
    title: 'audit · offline verification, verifyAuditLog full mode (in-memory source)',
    columns: ['run', 'entries', 'seconds', 'entries/s', 'CPU s', 'rate ÷ floor (wall)', 'rate ÷ floor (CPU)'],
    rows,
    note: "One log of decision entries (about 1 KB each) with one signed checkpoint; full mode parses and checks every entry (UTF-8, JCS form, schema, ids, the log's promises), recomputes the tree and checks the root. The floor, in the same run, is the part no verifier can skip: decode and parse every entry and hash its leaf, nothing checked. CPU s is the process's user + system time over the same interval: close to wall time on an idle core, and the steadier ratio on a loaded one. Reading from an archive adds file I/O.",
  };
}

/** Wall and CPU milliseconds to decode, JSON.parse and leaf-hash every entry once (after one warm-up pass). */
function parseAndHashFloor(entries: readonly Uint8Array[]): { ms: number; cpuMs: number } {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let sink = 0;
  const pass = () => {
    for (const bytes of entries) {
      sink += (JSON.parse(decoder.decode(bytes)) as { id: string }).id.length + leafHash(bytes)[0]!;
    }
  };
  pass();
  const t0 = nowMs();
  const cpu0 = process.cpuUsage();
  pass();
  const cpuMs = cpuMsSince(cpu0);
  const ms = nowMs() - t0;
  if (sink < 0) throw new Error('unreachable: keeps the loop from being optimised away');
  return { ms, cpuMs };
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** Deterministic pseudo-random numbers (mulberry32), so runs draw the same proofs. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
