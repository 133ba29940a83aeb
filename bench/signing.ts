/**
 * Issue 2: what request signing costs. (a) verifySignedRequest alone with in-memory registry and
 * replay store, per algorithm: jose verify plus the api.md §1 checks, pure CPU. (b) A signed
 * GET /v1/recipients over HTTP against the local stack NEXT TO a raw DynamoDB Local GetItem, both
 * sequential in the same run, so the verification overhead reads against one storage round trip.
 */
import { DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { registryKeys } from '../shared/adapters/dynamodb/registry.ts';
import { verifySignedRequest, type SignedRequestInput, type VerifierDeps } from '../shared/auth/verify.ts';
import { buildSignature, generateClientKey, type ClientKeyAlgorithm } from '../shared/client/index.ts';
import { FixedClock, MemoryClientRegistry, MemoryReplayStore } from '../test/support/memory-registry.ts';
import { signedInput } from '../test/support/signed-input.ts';
import { ENV } from '../shared/config/environment.ts';
import { LOCAL_AUDIENCE } from '../infra/local/stack.ts';
import { byMode, type Suite, type SuiteContext } from './lib/context.ts';
import { fmt, measureInterleaved, measureSequential, perSecond, summarise } from './lib/stats.ts';
import type { Table } from './lib/table.ts';

const ALGORITHMS: readonly ClientKeyAlgorithm[] = ['ES256', 'EdDSA', 'PS256'];
const NOW = Date.UTC(2026, 10, 22, 9, 0, 0);
const AUDIENCE = 'gatekeeper-local';
const BODY = new TextEncoder().encode('{"requestId":"r-1","patientId":"MRN-1"}');

export const signingSuite: Suite = {
  name: 'signing',
  summary:
    'signed-request verification per algorithm (pure CPU); signed GET /v1/recipients over HTTP next to a raw GetItem',
  async run(context) {
    const verification = await verificationCost(context);
    return [verification.table, await endToEnd(context, verification.es256MeanMs)];
  },
};

async function verificationCost(context: SuiteContext): Promise<{ table: Table; es256MeanMs: number }> {
  const count = byMode(context.mode, { full: 3000, quick: 200, tiny: 20 });
  const rows: string[][] = [];
  let es256MeanMs = 0;
  for (const alg of ALGORITHMS) {
    context.progress(`signing: ${count} ${alg} verifications`);
    const key = await generateClientKey(alg, `k-${alg}`);
    const clock = new FixedClock(NOW);
    const deps: VerifierDeps = {
      registry: new MemoryClientRegistry().register({
        clientId: 'c1',
        org: 'demo',
        scopes: ['disclosure:check'],
        keys: [key.publicJwk],
      }),
      // A fresh jti per request, as in production: the replay store grows by one entry each time.
      replay: new MemoryReplayStore(clock),
      clock,
      audience: AUDIENCE,
    };
    const warmup = Math.min(200, count);
    // Signed before timing: only the server side is measured.
    const inputs: SignedRequestInput[] = Array.from({ length: warmup + count }, () =>
      signedInput({ privateJwk: key.privateJwk, nowMs: NOW, audience: AUDIENCE, body: BODY }),
    );
    const { samples, wallMs } = await measureSequential({ count, warmup, maxMs: 60_000 }, (i) =>
      verifySignedRequest(inputs[i]!, deps),
    );
    const us = summarise(samples.map((ms) => ms * 1000));
    rows.push([alg, String(us.n), fmt(us.mean), fmt(us.p50), fmt(us.p99), fmt(perSecond(us.n, wallMs))]);
    if (alg === 'ES256') es256MeanMs = us.mean / 1000;
  }
  const table: Table = {
    title: 'signing · verifySignedRequest, in-memory ports (pure CPU, one core)',
    columns: ['algorithm', 'n', 'mean µs', 'p50 µs', 'p99 µs', 'ops/s'],
    rows,
    note: 'Server side only: tokens are signed before timing; registry and replay store are in memory; each request has a fresh jti.',
  };
  return { table, es256MeanMs };
}

async function endToEnd(context: SuiteContext, es256VerifyMs: number): Promise<Table> {
  const count = byMode(context.mode, { full: 500, quick: 60, tiny: 5 });
  const warmup = byMode(context.mode, { full: 100, quick: 10, tiny: 2 });
  const stack = await context.stack();
  const admin = await context.client('demo-admin');
  const signer = await context.clientKey('demo-admin');
  const dynamo = new DynamoDBClient({});
  try {
    context.progress(`signing: ${count} signed GET /v1/recipients interleaved with raw GetItem and the floors`);
    // The same item the verifier looks up (the calling client), strongly consistent like the registry read.
    const key = registryKeys.client('demo', 'demo-admin');
    const getItem = new GetItemCommand({
      TableName: stack.environment[ENV.tableRegistry]!,
      Key: { pk: { S: key.pk }, sk: { S: key.sk } },
      ConsistentRead: true,
    });
    const replay = replayPuts(stack.environment);
    const threeCalls = threeCallsInOnePhase(stack.environment, getItem, replay);
    const twoCalls = twoCallsInOnePhase(stack.environment, replay);
    const health = new URL('/v1/health', stack.url);
    const runs = await measureInterleaved({ count, warmup, maxMs: 180_000 }, [
      async () => {
        const response = await admin.request('GET', '/v1/recipients');
        if (response.status !== 200) throw new Error(`GET /v1/recipients answered ${response.status}`);
      },
      async () => {
        const result = await dynamo.send(getItem);
        if (!result.Item) throw new Error('The demo-admin client item is missing');
      },
      () => threeCalls(dynamo),
      () => twoCalls(dynamo),
      async () => {
        const response = await fetch(health);
        if (response.status !== 200) throw new Error(`GET /v1/health answered ${response.status}`);
        await response.text();
      },
    ]);
    // Pure CPU, so timed on its own: in the rounds above it would also be charged the HTTP client's leftover work.
    const signing = await measureSequential({ count, warmup, maxMs: 30_000 }, () =>
      Promise.resolve(buildSignature({ ...signer, audience: LOCAL_AUDIENCE, method: 'GET', path: '/v1/recipients' })),
    );
    const [http, raw, floor, fewest, unsigned] = runs;
    const baseline = summarise(raw!.samples).mean;
    const row = (what: string, run: { samples: number[]; wallMs: number }) => {
      const ms = summarise(run.samples);
      return [what, String(ms.n), fmt(ms.p50), fmt(ms.p99), fmt(ms.mean), `${fmt(ms.mean / baseline)}×`];
    };
    const bound = [fewest!, unsigned!, signing].reduce((sum, run) => sum + summarise(run.samples).mean, es256VerifyMs);
    return {
      title: 'signing · signed GET /v1/recipients over HTTP vs raw DynamoDB Local GetItem (sequential)',
      columns: ['request', 'n', 'p50 ms', 'p99 ms', 'mean ms', 'vs GetItem'],
      rows: [
        row('signed GET /v1/recipients (ES256)', http!),
        row('raw GetItem (Registry, consistent)', raw!),
        row('floor: its three calls in one phase, raw', floor!),
        row('· the fewest calls it could make: two, raw', fewest!),
        row('· GET /v1/health over HTTP (no signature, no storage)', unsigned!),
        row('· the client signing one request (ES256)', signing),
        [
          'lower bound: fewest calls + HTTP + client signature + ES256 check',
          '–',
          '–',
          '–',
          fmt(bound),
          `${fmt(bound / baseline)}×`,
        ],
      ],
      note: `One of each in turn (same load), after ${warmup} warm-up rounds; "vs GetItem" is the mean over the GetItem's mean. The HTTP figure includes client-side signing, the handler and Node's HTTP stack; client, server and KMS share one process, DynamoDB Local is a JVM on the same machine. The floor is the storage the handler reads and writes, raw and together as it sends them: the consistent GetItem of the client, a conditional PutItem of a fresh jti's replay item and the Query of the org's recipients. The fewest calls any implementation could make are two: one consistent Query of the org's partition from the client's item to its last recipient (the client's record and the recipients in one call; not taken, as it reads every client whose id sorts between them too) and the replay put. The lower bound adds what no signed request over HTTP can skip: an unsigned request's HTTP round trip through the same server, the client's signature (timed on its own after the rounds, pure CPU) and the server's ES256 check (mean of the verification table above).`,
    };
  } finally {
    dynamo.destroy();
  }
}

/**
 * The signed GET's storage in one phase (issue 15), raw: the client's registry item read
 * consistently, a conditional PutItem of a fresh jti's replay item, the org's recipients queried.
 */
function threeCallsInOnePhase(
  environment: Readonly<Record<string, string>>,
  getClient: GetItemCommand,
  replay: () => PutItemCommand,
) {
  const recipients = new QueryCommand({
    TableName: environment[ENV.tableRegistry]!,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': { S: 'ORG#demo' }, ':prefix': { S: 'RECIPIENT#' } },
  });
  return async (dynamo: DynamoDBClient): Promise<void> => {
    const [client, , listed] = await Promise.all([
      dynamo.send(getClient),
      dynamo.send(replay()),
      dynamo.send(recipients),
    ]);
    if (!client.Item || (listed.Items ?? []).length === 0) throw new Error('The demo registry items are missing');
  };
}

/**
 * The fewest calls a signed GET of the recipients could make, raw: the org's partition queried
 * consistently from the client's item to the last recipient's (the client's record and the
 * recipients in one call), beside a conditional PutItem of a fresh jti's replay item.
 */
function twoCallsInOnePhase(environment: Readonly<Record<string, string>>, replay: () => PutItemCommand) {
  const clientWithRecipients = new QueryCommand({
    TableName: environment[ENV.tableRegistry]!,
    ConsistentRead: true,
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :client AND :past',
    FilterExpression: 'clientId = :clientId OR attribute_exists(recipientId)',
    ExpressionAttributeValues: {
      ':pk': { S: 'ORG#demo' },
      ':client': { S: 'CLIENT#demo-admin' },
      ':past': { S: 'RECIPIENT$' },
      ':clientId': { S: 'demo-admin' },
    },
  });
  return async (dynamo: DynamoDBClient): Promise<void> => {
    const [, listed] = await Promise.all([dynamo.send(replay()), dynamo.send(clientWithRecipients)]);
    if ((listed.Items ?? []).length < 2) throw new Error('The demo registry items are missing');
  };
}

/** A conditional PutItem of a fresh jti's replay item each time, as the replay store writes it. */
function replayPuts(environment: Readonly<Record<string, string>>): () => PutItemCommand {
  let n = 0;
  const run = Date.now().toString(36);
  return () => {
    n += 1;
    const expiresAt = Math.ceil(Date.now() / 1000) + 180;
    return new PutItemCommand({
      TableName: environment[ENV.tableReplay]!,
      Item: { pk: { S: `demo#bench-floor#${run}-${n}` }, expiresAt: { N: String(expiresAt) }, attempt: { S: run } },
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
      ExpressionAttributeValues: { ':now': { N: String(Math.floor(Date.now() / 1000)) } },
    });
  };
}
