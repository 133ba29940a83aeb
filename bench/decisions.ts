/**
 * Issue 4: what a decision costs. The engine alone over the P01–P22 mix (pure CPU, one core), and
 * POST /v1/disclosures end to end at 1, 8 and 32 concurrent callers NEXT TO the DynamoDB Local
 * round trips such a request cannot avoid (a strongly consistent Query of the patient's records
 * partition and one TransactWriteItems appending an audit entry under a head condition and a
 * records ConditionCheck), measured in the same run at the same concurrency.
 */
import { randomUUID } from 'node:crypto';
import { PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { auditKeys } from '../shared/adapters/dynamodb/audit-keys.ts';
import { auditIndexAttributes } from '../shared/audit/index-projection.ts';
import { createDocumentClient } from '../shared/adapters/dynamodb/client.ts';
import { canonicalBytes } from '../shared/canonical-json.ts';
import { leafHash } from '../shared/audit/merkle.ts';
import { decide, type DecisionInput } from '../shared/policy/engine.ts';
import { Pseudonymiser } from '../shared/pseudonym/pseudonymiser.ts';
import { HmacTestKeyService } from '../test/support/hmac-test-key-service.ts';
import { decide as referenceDecide } from '../test/support/policy-reference/engine.ts';
import type { GatekeeperClient } from '../shared/client/index.ts';
import type { DisclosureRequest } from '../shared/schemas/disclosure.ts';
import { decisionEntry } from '../test/unit/audit/helpers.ts';
import { ORG, REGISTERED_NHS, fullPayload, request } from '../test/unit/policy/fixtures.ts';
import { decisionFloors } from './decision-floors.ts';
import { aloneLoop, engineRow, TAIL_NOTE } from './decision-alone.ts';
import { headPut } from './lib/raw-audit.ts';
import { lowerBoundOps, lowerBoundRows, RawDisclosureCalls } from './disclosure-floor.ts';
import { createKmsClient } from '../shared/adapters/kms/client.ts';
import { ENGINE_SCENARIOS } from './decision-scenarios.ts';
import { ENV } from '../shared/config/environment.ts';
import { byMode, type Suite, type SuiteContext } from './lib/context.ts';
import { fmt, measureConcurrentRounds, measureSequential, perSecond, summarise } from './lib/stats.ts';
import type { Table } from './lib/table.ts';

export const decisionsSuite: Suite = {
  name: 'decisions',
  summary:
    'decide() over the P01–P22 mix; POST /v1/disclosures at 1/8/32 callers next to its unavoidable DynamoDB round trips',
  async run(context) {
    return [await engineMix(context), await endToEnd(context)];
  },
};

/** Each alone loop's warm-up, in multiples of the decisions it times (see engineMix). */
const ALONE_WARMUP_COUNTS = 4;

/** The engine as shipped, and next to it the interpreter it replaced (issue 15), kept test-only as the baseline. */
const ENGINES = [
  { name: 'decide(), compiled plan', decide },
  { name: 'previous interpreter (test-only reference)', decide: referenceDecide },
] as const;

export async function engineMix(context: SuiteContext): Promise<Table> {
  const rounds = byMode(context.mode, { full: 500, quick: 40, tiny: 2 });
  for (const scenario of ENGINE_SCENARIOS) {
    for (const engine of ENGINES) {
      const decision = await engine.decide(scenario.input);
      if (decision.decision !== scenario.decision || decision.reasonCodes[0] !== scenario.first) {
        throw new Error(
          `${engine.name}: ${scenario.id} decided ${decision.decision} ${decision.reasonCodes[0]}, not ${scenario.decision} ${scenario.first}`,
        );
      }
    }
  }
  const count = rounds * ENGINE_SCENARIOS.length;
  context.progress(`decisions: ${count} engine decisions per engine (${rounds} rounds of P01–P22)`);
  // One decision of each engine in turn, on the same scenario, so both see the same load.
  const scenarioOf = (i: number) => Math.floor(i / ENGINES.length) % ENGINE_SCENARIOS.length;
  const warmup = Math.min(count, 22 * 20) * ENGINES.length;
  const { samples } = await measureSequential({ count: count * ENGINES.length, warmup, maxMs: 120_000 }, (i) =>
    ENGINES[i % ENGINES.length]!.decide(ENGINE_SCENARIOS[scenarioOf(i)]!.input),
  );
  const runs = ENGINES.map((_, e) => samples.filter((_, i) => (warmup + i) % ENGINES.length === e));
  const rows = ENGINES.map((engine, e) => engineRow(engine.name, runs[e]!));
  // The goal's own figure: the engine with nothing between its decisions (no interpreter sharing its gates);
  // then the same with the pseudonyms served as a deployed decision gets them (production's Pseudonymiser, cached).
  // Each warmed by four times as many decisions as it times, until the JIT has settled. Production's port is
  // reached by no loop before its own: moving to it, V8 deoptimised 11 functions and still completed 24
  // optimisations between decisions 11,000 and 22,000, at most 2 per 5,500 after 33,000 (--trace-opt
  // --trace-deopt). In quiet minutes that row's p99 was over 20 µs in 3 of 10 runs warmed by one count, and in
  // 1 of 17 warmed by four (docs/bench-notes/decide.md, seventh pass).
  const steady = { count, warmup: count * ALONE_WARMUP_COUNTS };
  const alone = await aloneLoop(
    { row: 'decide(), compiled plan, alone', floor: 'floor · the p99 of "alone": its dearest scenario\'s median' },
    ENGINE_SCENARIOS.map((scenario) => scenario.input),
    steady,
  );
  const cached = await aloneLoop(
    {
      row: "decide(), compiled plan, alone, production's pseudonyms (cache hits)",
      floor: "floor · the same, production's pseudonyms",
    },
    await deployedInputs(),
    steady,
  );
  rows.push(alone.row, cached.row);
  const floors = await decisionFloors(ENGINE_SCENARIOS, count);
  rows.push(...floors.rows, alone.floorRow, cached.floorRow);
  // Per scenario, to show the spread the mix averages over.
  const byScenario = ENGINE_SCENARIOS.map((scenario, k) => ({
    id: scenario.id,
    p50: summarise(
      samples
        .filter((_, i) => (warmup + i) % ENGINES.length === 0 && scenarioOf(warmup + i) === k)
        .map((ms) => ms * 1000),
    ).p50,
  })).sort((a, b) => a.p50 - b.p50);
  const cheapest = byScenario[0]!;
  const dearest = byScenario[byScenario.length - 1]!;
  return {
    title: 'decisions · decide() over the P01–P22 mix (pure CPU, one core)',
    columns: ['engine', 'n', 'decisions/s', 'mean µs', 'p50 µs', 'p99 µs'],
    rows,
    note: `Sequential on the main thread, one decision of each engine in turn on the same scenario (so both see the same load); decisions/s is 1 / mean, per core. "Alone" is the compiled plan again with no other engine between its decisions (the goal's figure), warmed by ${ALONE_WARMUP_COUNTS} times as many decisions as it times (until the JIT settles); the row after it is the same loop with production's Pseudonymiser as the port, every pseudonym a cache hit, as a deployed decision usually gets them. The floors are timed the same way, one scenario per sample: the fixture's HMAC for each pseudonym the scenario's decision asks for (${fmt(floors.pseudonymsPerDecision)} per decision over the mix), the same pseudonyms as production's Pseudonymiser serves them from its cache, and a deep copy of its answer; a decision here costs at least the first and the last together. The baseline is the interpreter decide() ran before issue 15, kept in test/support/policy-reference/ and proven equivalent by test/unit/policy/plan-equivalence.test.ts. Inputs from test/unit/policy/fixtures.ts (HMAC test pseudonymiser, no KMS); each scenario checked to give its policy-uk.md §8 outcome under both before timing. Compiled plan: cheapest ${cheapest.id} (p50 ${fmt(cheapest.p50)} µs), dearest ${dearest.id} (p50 ${fmt(dearest.p50)} µs). ${TAIL_NOTE} Alone, fixture's HMAC: ${alone.tail}. Alone, production's pseudonyms: ${cached.tail}.`,
  };
}

/**
 * The mix's inputs with production's Pseudonymiser as the port (its KeyService the test HMAC, so the
 * pseudonyms are the fixture's), warmed so every pseudonym is a cache hit, each checked to decide as
 * its scenario says.
 */
async function deployedInputs(): Promise<DecisionInput[]> {
  const production = new Pseudonymiser(new HmacTestKeyService());
  const inputs = ENGINE_SCENARIOS.map((scenario): DecisionInput => ({
    ...scenario.input,
    pseudonymise: (domain, idType, value) => production.pseudonymiseNow(ORG, { domain, idType, value }),
  }));
  for (const [k, scenario] of ENGINE_SCENARIOS.entries()) {
    const decision = await decide(inputs[k]!);
    if (decision.decision !== scenario.decision || decision.reasonCodes[0] !== scenario.first)
      throw new Error(`production pseudonyms: ${scenario.id} decided ${decision.decision} ${decision.reasonCodes[0]}`);
  }
  return inputs;
}

interface Level {
  readonly concurrency: number;
  readonly total: number;
  /** Shares each kind of request is measured in, turn about with the others (measureConcurrentRounds). */
  readonly rounds: number;
}

export async function endToEnd(context: SuiteContext): Promise<Table> {
  const levels: Level[] = byMode(context.mode, {
    full: [
      { concurrency: 1, total: 200, rounds: 5 },
      { concurrency: 8, total: 400, rounds: 5 },
      // Ten requests a caller a round, so the stragglers at the end of a share weigh little in its wall.
      { concurrency: 32, total: 1280, rounds: 4 },
    ],
    quick: [
      { concurrency: 1, total: 10, rounds: 2 },
      { concurrency: 8, total: 32, rounds: 2 },
      { concurrency: 32, total: 64, rounds: 1 },
    ],
    tiny: [
      { concurrency: 1, total: 3, rounds: 1 },
      { concurrency: 4, total: 8, rounds: 1 },
    ],
  });
  const stack = await context.stack();
  const clinical = await context.client('demo-clinical');
  const patients = Math.max(...levels.map((level) => level.concurrency));
  const run = randomUUID().slice(0, 8);
  context.progress(`decisions: setting up ${patients} patients through the records API`);
  const patientIds = Array.from({ length: patients }, (_, i) => `BENCH-${run}-${i}`);
  for (const patientId of patientIds) await preparePatient(clinical, patientId);

  const doc = createDocumentClient();
  const tables = await context.benchTables('gk-bench');
  const raw = new RawDecisionWrites(
    doc,
    {
      records: stack.environment[ENV.tableRecords]!,
      audit: tables[ENV.tableAudit]!,
      auditHeads: tables[ENV.tableAuditHeads]!,
      benchRecords: tables[ENV.tableRecords]!,
    },
    run,
  );
  const kms = createKmsClient();
  const calls = new RawDisclosureCalls(
    doc,
    kms,
    { stack: stack.environment, bench: tables },
    run,
    request().recipientId,
  );
  const rows: string[][] = [];
  try {
    await raw.prepare(patients);
    await calls.prepare(patients);
    const bound = await lowerBoundOps(context);
    for (const { concurrency, total, rounds } of levels) {
      // One warm-up request per caller (first use of each patient's log and pseudonyms), not timed.
      await Promise.all(patientIds.slice(0, concurrency).map((patientId) => decideOnce(clinical, patientId)));
      await Promise.all(
        patientIds.slice(0, concurrency).map((patientId, worker) => raw.pair(patientId, `c${concurrency}-w${worker}`)),
      );
      context.progress(
        `decisions: ${total} each of POST /v1/disclosures, the raw pair and its own calls raw, ${concurrency} concurrent callers, in ${rounds} rounds`,
      );
      const queries: number[] = [];
      const writes: number[] = [];
      const ops = [
        (_i: number, worker: number) => decideOnce(clinical, patientIds[worker]!),
        async (_i: number, worker: number) => {
          const timing = await raw.pair(patientIds[worker]!, `c${concurrency}-w${worker}`);
          queries.push(timing.queryMs);
          writes.push(timing.writeMs);
        },
        (_i: number, worker: number) => calls.disclosure(patientIds[worker]!, worker),
        // At one caller, what the lower bound adds to the calls, in the same rounds.
        ...(concurrency === 1 ? [bound.health, bound.signing] : []),
      ];
      const [http, pairs, own, health, signing] = await measureConcurrentRounds(
        { total, concurrency, rounds, maxMs: 300_000 },
        ops,
      );
      const row = (what: string, samples: number[], wallMs: number | undefined) => {
        const ms = summarise(samples);
        return [
          what,
          String(concurrency),
          String(ms.n),
          fmt(ms.p50),
          fmt(ms.p99),
          fmt(ms.mean),
          wallMs === undefined ? '–' : fmt(perSecond(ms.n, wallMs)),
        ];
      };
      rows.push(
        row('POST /v1/disclosures (P06)', http!.samples, http!.wallMs),
        row('raw Query + TransactWriteItems', pairs!.samples, pairs!.wallMs),
        row('· its Query (records, consistent)', queries, undefined),
        row('· its TransactWriteItems (head + entry + check)', writes, undefined),
        row('raw: the calls it makes (BatchGet ‖ Query, then TransactWriteItems ‖ Sign)', own!.samples, own!.wallMs),
      );
      if (health && signing) rows.push(...lowerBoundRows(own!.samples, health.samples, signing.samples, row));
    }
  } finally {
    doc.destroy();
    kms.destroy();
  }
  return {
    title: 'decisions · POST /v1/disclosures vs the DynamoDB round trips it cannot avoid',
    columns: ['request', 'callers', 'n', 'p50 ms', 'p99 ms', 'mean ms', 'per s'],
    rows,
    note: `Each caller has its own patient (set up through the records API) and sends distinct requestIds; P06 (GP direct care, ALLOW_WITH_REDACTION: pseudonyms, minimisation, audit append, KMS-signed authorisation). Beside it at the same concurrency, the raw pair: a consistent Query of the caller's real records partition, then one TransactWriteItems (conditional head put, entry put of a ~1 KB decision entry, records ConditionCheck) on bench tables of the same schema. Then the calls the handler makes, raw and in the fewest phases they allow (bench/disclosure-floor.ts): one BatchGetItem of the client's and the recipient's registry records beside the records Query, then a TransactWriteItems of its five items (head, entry, jti, release mark, stored answer) while the authorisation is signed on the local KMS. At one caller, a lower bound: those calls, an unsigned GET /v1/health round trip through the same server and the client's signature of a P06 request. All of them in rounds, one kind at a time, the order turned each round (${levels.map((level) => `${level.rounds} at ${level.concurrency}`).join(', ')} callers), so each sees the store as the others do. Client, handlers and local KMS share one Node process; DynamoDB Local is a JVM on the same machine.`,
  };
}

async function expectOk(
  client: GatekeeperClient,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const response = await client.request<Record<string, unknown>>(method, path, body);
  if (response.status !== 200)
    throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

/** The policy-uk.md §8 baseline patient (as test/support/scenarios.ts sets it up): registered, GP Y01234, NDOP checked now. */
export async function preparePatient(client: GatekeeperClient, patientId: string): Promise<void> {
  const base = `/v1/patients/${patientId}`;
  await expectOk(client, 'PUT', base, {
    identifiers: [{ system: 'NHS_NUMBER', value: REGISTERED_NHS }],
    registeredGpOds: 'Y01234',
  });
  await expectOk(client, 'PUT', `${base}/ndop`, { status: 'NOT_OPTED_OUT', checkedAt: new Date().toISOString() });
}

/** P06 for `patientId` with a fresh requestId; the answer must be the scenario's. */
export async function decideOnce(client: GatekeeperClient, patientId: string): Promise<void> {
  const payload = fullPayload();
  const body: DisclosureRequest = {
    ...request(),
    requestId: `req-${randomUUID()}`,
    patientId,
    payload: { ...payload, patient: { ...payload.patient, localId: patientId } },
  };
  const answer = await expectOk(client, 'POST', '/v1/disclosures', body);
  if (answer['decision'] !== 'ALLOW_WITH_REDACTION') throw new Error(`P06 answered ${String(answer['decision'])}`);
}

/**
 * The storage floor of one decision: read the records partition (strongly consistent), then
 * append one entry the way the adapter does at its cheapest (a group of one): a head put
 * conditional on the size read, the entry put, and the ConditionCheck on the records version.
 */
class RawDecisionWrites {
  readonly #doc: DynamoDBDocumentClient;
  readonly #tables: { records: string; audit: string; auditHeads: string; benchRecords: string };
  readonly #run: string;
  readonly #heads = new Map<string, number>();

  constructor(
    doc: DynamoDBDocumentClient,
    tables: { records: string; audit: string; auditHeads: string; benchRecords: string },
    run: string,
  ) {
    this.#doc = doc;
    this.#tables = tables;
    this.#run = run;
  }

  /** A records META item per worker slot for the ConditionCheck (version 1). */
  async prepare(slots: number): Promise<void> {
    for (let i = 0; i < slots; i += 1) {
      await this.#doc.send(
        new PutCommand({
          TableName: this.#tables.benchRecords,
          Item: { pk: this.#recordsKey(i), sk: 'META', version: 1 },
        }),
      );
    }
  }

  async pair(patientId: string, head: string): Promise<{ queryMs: number; writeMs: number }> {
    const t0 = performance.now();
    const result = await this.#doc.send(
      new QueryCommand({
        TableName: this.#tables.records,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `PATIENT#demo#${patientId}` },
        ConsistentRead: true,
      }),
    );
    if ((result.Items ?? []).length === 0) throw new Error(`No records for ${patientId}`);
    const t1 = performance.now();
    await this.#append(head);
    return { queryMs: t1 - t0, writeMs: performance.now() - t1 };
  }

  async #append(head: string): Promise<void> {
    const origin = `bench.local/${this.#run}/${head}`;
    const size = this.#heads.get(origin) ?? 0;
    const entry = decisionEntry(origin, size);
    const bytes = canonicalBytes(entry);
    const leaf = leafHash(bytes);
    const slot = Number(/w(\d+)$/.exec(head)?.[1] ?? 0);
    await this.#doc.send(
      new TransactWriteCommand({
        TransactItems: [
          headPut(this.#tables.auditHeads, origin, size, size + 1, leaf),
          {
            Put: {
              TableName: this.#tables.audit,
              Item: {
                pk: auditKeys.entryPartition(origin),
                sk: size,
                entry: new TextDecoder().decode(bytes),
                leafHash: leaf,
                id: `${entry.id}-${size}`,
                ...auditIndexAttributes(entry, { origin, index: size }, `v1.${head}`),
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            ConditionCheck: {
              TableName: this.#tables.benchRecords,
              Key: { pk: this.#recordsKey(slot), sk: 'META' },
              ConditionExpression: '#version = :expected',
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':expected': 1 },
            },
          },
        ],
      }),
    );
    this.#heads.set(origin, size + 1);
  }

  #recordsKey(slot: number): string {
    return `PATIENT#demo#RAW-${this.#run}-${slot}`;
  }
}
