/**
 * The load generator, run as its own process by bench/load/run.ts so it competes with the
 * gatekeeper for the machine as a real client would, over loopback only. It reads its job from
 * the environment (LOAD_URL, LOAD_KEYS_DIR, LOAD_DYNAMODB, LOAD_TOTAL, LOAD_CONCURRENCY,
 * LOAD_MAX_MS, LOAD_SEED), sets the demo patients up, sends the mixed workload, then measures the
 * raw DynamoDB Local baseline with the same count and concurrency, and prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, QueryCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { GatekeeperClient } from '../../shared/client/index.ts';
import type { ClientPrivateJwk } from '../../shared/client/sign.ts';
import { SeededRandom } from '../../test/soak/random.ts';
import { Workload } from '../../test/soak/workload.ts';
import { measureConcurrent } from '../lib/stats.ts';

const env = (name: string) => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const url = env('LOAD_URL');
if (!/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/u.test(url))
  throw new Error('the load generator only targets loopback');
const bounds = {
  total: Number(env('LOAD_TOTAL')),
  concurrency: Number(env('LOAD_CONCURRENCY')),
  maxMs: Number(env('LOAD_MAX_MS')),
};
const keyOf = (clientId: string) =>
  JSON.parse(readFileSync(join(env('LOAD_KEYS_DIR'), `${clientId}.private.jwk.json`), 'utf8')) as ClientPrivateJwk;
const clients = {
  clinical: new GatekeeperClient({
    baseUrl: url,
    clientId: 'demo-clinical',
    org: 'demo',
    audience: 'gatekeeper-local',
    privateJwk: keyOf('demo-clinical'),
  }),
  auditor: new GatekeeperClient({
    baseUrl: url,
    clientId: 'demo-auditor',
    org: 'demo',
    audience: 'gatekeeper-local',
    privateJwk: keyOf('demo-auditor'),
  }),
};

const workload = new Workload(new SeededRandom(Number(env('LOAD_SEED'))), {
  patients: 50,
  tag: `load${env('LOAD_SEED')}`,
});
for (const op of workload.setup()) await clients[op.role].request(op.method, op.path, op.body);

const statuses: Record<string, number> = {};
const kinds: Record<string, number> = {};
const gatekeeper = await measureConcurrent(bounds, async () => {
  const op = workload.next();
  kinds[op.kind] = (kinds[op.kind] ?? 0) + 1;
  const status = await clients[op.role].request(op.method, op.path, op.body).then(
    (answer) => {
      const receipt = (answer.body as { receipt?: { origin: string } } | undefined)?.receipt;
      if (receipt) workload.knowOrigin(receipt.origin);
      return String(answer.status);
    },
    () => 'network',
  );
  statuses[status] = (statuses[status] ?? 0) + 1;
});

const dynamo = new DynamoDBClient({
  endpoint: env('LOAD_DYNAMODB'),
  region: 'eu-west-2',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const table = `load-baseline-${Date.now()}`;
await dynamo.send(
  new CreateTableCommand({
    TableName: table,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
  }),
);
/** What a decision costs DynamoDB at the least: read one partition, then write two items atomically. */
const baseline = await measureConcurrent(bounds, async (index) => {
  const pk = `p${index % 50}`;
  await dynamo.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: pk } },
      ConsistentRead: true,
    }),
  );
  await dynamo.send(
    new TransactWriteItemsCommand({
      TransactItems: [
        { Put: { TableName: table, Item: { pk: { S: pk }, sk: { S: `e${index}` }, body: { S: 'x'.repeat(512) } } } },
        { Put: { TableName: table, Item: { pk: { S: `head-${pk}` }, sk: { S: `e${index}` } } } },
      ],
    }),
  );
});
dynamo.destroy();
process.stdout.write(`${JSON.stringify({ gatekeeper: { ...gatekeeper, statuses, kinds }, baseline })}\n`);
