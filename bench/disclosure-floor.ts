/**
 * Issue 15: beside the raw pair (one Query, one TransactWriteItems), the calls a disclosure
 * makes today, raw and in the fewest phases they allow: the client's and the recipient's registry
 * records in one BatchGetItem beside the patient's records Query (both consistent), then one TransactWriteItems of
 * the five items the answer commits (log head, entry, the jti's replay put, the patient's release
 * mark, the stored answer) while the KMS Sign of its authorisation runs. Why each call is there:
 * api.md §1 (the client read and the jti; a revocation takes effect at once), the recipient's
 * category and status decide the flow, audit.md §2 and §6 (the entry, the authorisation), api.md §2
 * (the stored answer), reviews.md §3 (releases counted for notifications). What lies between this
 * and the HTTP figure is our own work, the client's request signature and HTTP.
 */
import { SignCommand } from '@aws-sdk/client-kms';
import { PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { auditKeys } from '../shared/adapters/dynamodb/audit-keys.ts';
import { DynamoDbIdempotencyStore } from '../shared/adapters/dynamodb/idempotency-store.ts';
import { DynamoDbRecordsStore } from '../shared/adapters/dynamodb/records-store.ts';
import { DynamoDbRegistry } from '../shared/adapters/dynamodb/registry.ts';
import { DynamoDbReplayStore } from '../shared/adapters/dynamodb/replay-store.ts';
import type { KMSClient } from '@aws-sdk/client-kms';
import { auditIndexAttributes } from '../shared/audit/index-projection.ts';
import { leafHash } from '../shared/audit/merkle.ts';
import { canonicalBytes } from '../shared/canonical-json.ts';
import { ENV } from '../shared/config/environment.ts';
import { decisionEntry } from '../test/unit/audit/helpers.ts';
import { headPut } from './lib/raw-audit.ts';
import { randomUUID } from 'node:crypto';
import { buildSignature } from '../shared/client/index.ts';
import { LOCAL_AUDIENCE } from '../infra/local/stack.ts';
import { request } from '../test/unit/policy/fixtures.ts';
import type { SuiteContext } from './lib/context.ts';
import { fmt, summarise } from './lib/stats.ts';

/** A ~500-byte JWS signing input, the size of an authorisation's (audit.md §6). */
const SIGNING_INPUT = new TextEncoder().encode('e'.repeat(512));
/** A stored answer of about a P06 answer's size. */
const ANSWER = { decision: 'ALLOW_WITH_REDACTION', padding: 'a'.repeat(3000) };

export interface FloorTables {
  /** The stack's tables, read as the handler reads them. */
  readonly stack: Record<string, string>;
  /** Bench tables of the same schemas, written instead of the stack's. */
  readonly bench: Record<string, string>;
}

export class RawDisclosureCalls {
  readonly #doc: DynamoDBDocumentClient;
  readonly #kms: KMSClient;
  readonly #tables: FloorTables;
  readonly #run: string;
  readonly #recipientId: string;
  readonly #heads = new Map<number, number>();
  readonly #registry: DynamoDbRegistry;
  readonly #replay: DynamoDbReplayStore;
  readonly #records: DynamoDbRecordsStore;
  readonly #answers: DynamoDbIdempotencyStore;
  #sequence = 0;

  constructor(doc: DynamoDBDocumentClient, kms: KMSClient, tables: FloorTables, run: string, recipientId: string) {
    this.#doc = doc;
    this.#kms = kms;
    this.#tables = tables;
    this.#run = run;
    this.#recipientId = recipientId;
    this.#registry = new DynamoDbRegistry(doc, tables.stack[ENV.tableRegistry]!);
    this.#replay = new DynamoDbReplayStore(doc, tables.bench[ENV.tableReplay]!);
    this.#records = new DynamoDbRecordsStore(doc, tables.bench[ENV.tableRecords]!);
    this.#answers = new DynamoDbIdempotencyStore(doc, tables.bench[ENV.tableIdempotency]!);
  }

  /** A records META item per worker slot at version 1, for the release mark's condition. */
  async prepare(slots: number): Promise<void> {
    for (let slot = 0; slot < slots; slot += 1)
      await this.#doc.send(
        new PutCommand({
          TableName: this.#tables.bench[ENV.tableRecords]!,
          Item: { pk: `PATIENT#demo#${this.#patient(slot)}`, sk: 'META', version: 1 },
        }),
      );
  }

  /** One disclosure's calls for `patientId` (its real records partition), written on worker `slot`'s log. */
  async disclosure(patientId: string, slot: number): Promise<void> {
    const [{ client, recipient }, records] = await Promise.all([
      this.#registry.getClientWithRecipient('demo', 'demo-clinical', this.#recipientId),
      this.#doc.send(
        new QueryCommand({
          TableName: this.#tables.stack[ENV.tableRecords]!,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `PATIENT#demo#${patientId}` },
          ConsistentRead: true,
        }),
      ),
    ]);
    if (!client || !recipient || (records.Items ?? []).length === 0) throw new Error('The floor read nothing');
    await Promise.all([this.#commit(slot), this.#sign()]);
  }

  #commit(slot: number) {
    const origin = `bench.local/${this.#run}/d${slot}`;
    const size = this.#heads.get(slot) ?? 0;
    const entry = { ...decisionEntry(origin, size), id: `${this.#run}-${slot}-${size}` };
    const bytes = canonicalBytes(entry);
    const leaf = leafHash(bytes);
    const now = Date.now();
    const requestId = `${this.#run}-${(this.#sequence += 1)}`;
    this.#heads.set(slot, size + 1);
    return this.#doc.send(
      new TransactWriteCommand({
        TransactItems: [
          headPut(this.#tables.bench[ENV.tableAuditHeads]!, origin, size, size + 1, leaf),
          {
            Put: {
              TableName: this.#tables.bench[ENV.tableAudit]!,
              Item: {
                pk: auditKeys.entryPartition(origin),
                sk: size,
                entry: new TextDecoder().decode(bytes),
                leafHash: leaf,
                id: entry.id,
                ...auditIndexAttributes(entry, { origin, index: size }, `v1.${this.#patient(slot)}`),
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          this.#replay.claim('demo', 'demo-clinical', requestId, now + 600_000, requestId, now).item as never,
          this.#records.releaseMark('demo', this.#patient(slot), 1, now).item as never,
          this.#answers.put('demo', 'demo-clinical', requestId, 'digest', ANSWER, now).item as never,
        ],
      }),
    );
  }

  #sign() {
    return this.#kms.send(
      new SignCommand({
        KeyId: this.#tables.stack[ENV.keyAuthorisation]!,
        Message: SIGNING_INPUT,
        MessageType: 'RAW',
        SigningAlgorithm: 'ECDSA_SHA_256',
      }),
    );
  }

  #patient(slot: number): string {
    return `RAWD-${this.#run}-${slot}`;
  }
}

/**
 * At one caller, what no signed disclosure over HTTP can skip besides its calls: an unsigned
 * request's round trip through the same server and the client's signature of a P06 request (the
 * server's ES256 check, ~0.25 ms in the signing suite, is left out: the bound stays a bound). Both
 * are timed in the same rounds as the calls and the disclosure itself.
 */
export async function lowerBoundOps(
  context: SuiteContext,
): Promise<{ health: () => Promise<void>; signing: () => Promise<void> }> {
  const { url } = await context.stack();
  const signer = await context.clientKey('demo-clinical');
  const body = new TextEncoder().encode(JSON.stringify({ ...request(), requestId: `req-${randomUUID()}` }));
  return {
    health: async () => {
      const response = await fetch(new URL('/v1/health', url));
      if (response.status !== 200) throw new Error(`GET /v1/health answered ${response.status}`);
      await response.text();
    },
    signing: () => {
      buildSignature({ ...signer, audience: LOCAL_AUDIENCE, method: 'POST', path: '/v1/disclosures', body });
      return Promise.resolve();
    },
  };
}

export function lowerBoundRows(
  ownSamples: number[],
  healthSamples: number[],
  signingSamples: number[],
  row: (what: string, samples: number[], wallMs: number | undefined) => string[],
): string[][] {
  const mean = (samples: number[]) => summarise(samples).mean;
  const bound = mean(ownSamples) + mean(healthSamples) + mean(signingSamples);
  return [
    row('· GET /v1/health over HTTP (no signature, no storage)', healthSamples, undefined),
    row('· the client signing a P06 request (ES256)', signingSamples, undefined),
    ['lower bound: its calls + HTTP + client signature', '1', '–', '–', '–', fmt(bound), '–'],
  ];
}
