/**
 * Issue 15: the floor a PHIN submission is read against beside the raw PutItem one, "the calls an
 * episode cannot avoid", raw, on the same local stack: one KMS GenerateMac per distinct identifier
 * (as the batch's warm-up makes them), then per episode one TransactWriteItems of the items its
 * release writes (the log head under its size condition, the entry, one tree node, the patient's
 * records META release mark, the stored answer) started together with the KMS Sign of its
 * authorisation. No decision, no HTTP, no grouping: what is left between this and the submission
 * is our own work and the calls we make beyond these.
 */
import { GenerateMacCommand, SignCommand } from '@aws-sdk/client-kms';
import { GetCommand, PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { auditKeys } from '../shared/adapters/dynamodb/audit-keys.ts';
import { createDocumentClient } from '../shared/adapters/dynamodb/client.ts';
import { DynamoDbIdempotencyStore } from '../shared/adapters/dynamodb/idempotency-store.ts';
import { DynamoDbRecordsStore } from '../shared/adapters/dynamodb/records-store.ts';
import { createKmsClient } from '../shared/adapters/kms/client.ts';
import { auditIndexAttributes } from '../shared/audit/index-projection.ts';
import { leafHash, nodeKey } from '../shared/audit/merkle.ts';
import { canonicalBytes } from '../shared/canonical-json.ts';
import { ENV } from '../shared/config/environment.ts';
import { decisionEntry } from '../test/unit/audit/helpers.ts';
import type { SuiteContext } from './lib/context.ts';
import { headPut } from './lib/raw-audit.ts';
import { measureConcurrent } from './lib/stats.ts';

export interface CallFloor {
  /** Episodes per second: the MACs, then one transaction per episode with its signature. */
  readonly perSecond: number;
  /** The same, with the batch's concurrent episodes (distinct patients) in one transaction. */
  readonly groupedPerSecond: number;
  readonly macWallMs: number;
  readonly episodeWallMs: number;
  readonly groupedWallMs: number;
}

export interface CallFloorInput {
  readonly episodes: number;
  readonly distinctIdentifiers: number;
  readonly concurrency: number;
  /** A stored answer of the submission (its JSON), so the floor writes one of the same size. */
  readonly answer: string;
}

/** A ~500-byte JWS signing input, the size of an authorisation's (audit.md §6). */
const SIGNING_INPUT = new TextEncoder().encode('e'.repeat(512));

export async function phinCallFloor(context: SuiteContext, input: CallFloorInput): Promise<CallFloor> {
  const stack = await context.stack();
  const tables = await context.benchTables('gk-bench');
  const kms = createKmsClient();
  const doc = createDocumentClient();
  const run = `phin-calls-${Date.now().toString(36)}`;
  try {
    const writer = new EpisodeWrites(doc, tables, run, input.answer);
    await writer.prepare(input.concurrency);
    context.progress(
      `phin: floor, ${input.distinctIdentifiers} GenerateMac, then ${input.episodes} episodes alone and grouped`,
    );
    const macs = await measureConcurrent(
      { total: input.distinctIdentifiers, concurrency: input.concurrency, maxMs: 300_000 },
      (index) =>
        kms.send(
          new GenerateMacCommand({
            KeyId: stack.environment[index % 3 === 2 ? ENV.keyPseudonymAudit : ENV.keyPseudonymPhin]!,
            Message: new TextEncoder().encode(`${run}/${index}`),
            MacAlgorithm: 'HMAC_SHA_256',
          }),
        ),
    );
    const sign = () =>
      kms.send(
        new SignCommand({
          KeyId: stack.environment[ENV.keyAuthorisation]!,
          Message: SIGNING_INPUT,
          MessageType: 'RAW',
          SigningAlgorithm: 'ECDSA_SHA_256',
        }),
      );
    const { episodes, concurrency } = input;
    const alone = await measureConcurrent({ total: episodes, concurrency, maxMs: 300_000 }, (index, worker) =>
      Promise.all([writer.release(worker, index, 1), sign()]),
    );
    // One worker, each transaction the `concurrency` episodes in flight (as many patients).
    const grouped = await measureConcurrent(
      { total: Math.ceil(episodes / concurrency), concurrency: 1, maxMs: 300_000 },
      (index) =>
        Promise.all([
          writer.release(0, episodes + index * concurrency, concurrency),
          ...Array.from({ length: concurrency }, sign),
        ]),
    );
    return {
      perSecond: (alone.samples.length * 1000) / (macs.wallMs + alone.wallMs),
      groupedPerSecond: (grouped.samples.length * concurrency * 1000) / (macs.wallMs + grouped.wallMs),
      macWallMs: macs.wallMs,
      episodeWallMs: alone.wallMs,
      groupedWallMs: grouped.wallMs,
    };
  } finally {
    kms.destroy();
    doc.destroy();
  }
}

/** One release's items per episode, each worker on its own log and patient (so no two race). */
class EpisodeWrites {
  readonly #heads = new Map<number, number>();
  readonly #doc: DynamoDBDocumentClient;
  readonly #tables: Record<string, string>;
  readonly #run: string;
  readonly #answer: unknown;
  readonly #records: DynamoDbRecordsStore;
  readonly #answers: DynamoDbIdempotencyStore;

  constructor(doc: DynamoDBDocumentClient, tables: Record<string, string>, run: string, answer: string) {
    this.#doc = doc;
    this.#tables = tables;
    this.#run = run;
    this.#answer = JSON.parse(answer) as unknown;
    this.#records = new DynamoDbRecordsStore(doc, tables[ENV.tableRecords]!);
    this.#answers = new DynamoDbIdempotencyStore(doc, tables[ENV.tableIdempotency]!);
  }

  /** Each worker's patient has records at version 1, as a registered patient would. */
  async prepare(workers: number): Promise<void> {
    for (let worker = 0; worker < workers; worker += 1)
      await this.#doc.send(
        new PutCommand({
          TableName: this.#tables[ENV.tableRecords]!,
          Item: { pk: `PATIENT#demo#${this.#patient(worker)}`, sk: 'META', version: 1 },
        }),
      );
  }

  /** Episodes `first`.. of `group` distinct patients released in one transaction on the worker's log. */
  async release(worker: number, first: number, group: number): Promise<void> {
    const origin = `bench.local/${this.#run}/p${worker}`;
    const size = this.#heads.get(worker) ?? 0;
    const now = Date.now();
    const items = Array.from({ length: group }, (_, k) =>
      this.#episodeItems(origin, worker * group + k, size + k, first + k, now),
    );
    await this.#doc.send(
      new TransactWriteCommand({
        TransactItems: [
          headPut(this.#tables[ENV.tableAuditHeads]!, origin, size, size + group, items[0]!.leaf),
          ...items.flatMap((episode) => episode.items),
        ],
      }),
    );
    this.#heads.set(worker, size + group);
  }

  /** An episode's own items: its entry at `index`, one tree node, its patient's release mark, its answer. */
  #episodeItems(origin: string, patientSlot: number, index: number, episode: number, now: number) {
    const entry = { ...decisionEntry(origin, index), id: `${this.#run}-${episode}` };
    const bytes = canonicalBytes(entry);
    const leaf = leafHash(bytes);
    const patient = this.#patient(patientSlot);
    const items = [
      {
        Put: {
          TableName: this.#tables[ENV.tableAudit]!,
          Item: {
            pk: auditKeys.entryPartition(origin),
            sk: index,
            entry: new TextDecoder().decode(bytes),
            leafHash: leaf,
            id: entry.id,
            ...auditIndexAttributes(entry, { origin, index }, `v1.${patient}`),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: this.#tables[ENV.tableAudit]!,
          Item: { pk: auditKeys.nodePartition(origin), sk: nodeKey(1, index), hash: leaf },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      this.#records.releaseMark('demo', patient, 1, now).item as never,
      this.#answers.put('demo', 'demo-clinical', `${this.#run}-${episode}`, 'digest', this.#answer, now).item as never,
    ];
    return { leaf, items };
  }

  #patient(worker: number): string {
    return `${this.#run}-w${worker}`;
  }
}

/** The JSON of one stored answer of the submission (what the floor's answer put writes). */
export async function storedAnswer(context: SuiteContext, requestId: string): Promise<string> {
  const stack = await context.stack();
  const doc = createDocumentClient();
  try {
    const found = await doc.send(
      new GetCommand({
        TableName: stack.environment[ENV.tableIdempotency]!,
        Key: { pk: `demo#demo-clinical#${requestId}` },
      }),
    );
    const answer: unknown = found.Item?.['answer'];
    if (typeof answer !== 'string') throw new Error(`No stored answer for ${requestId}`);
    return answer;
  } finally {
    doc.destroy();
  }
}
