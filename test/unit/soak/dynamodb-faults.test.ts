/**
 * The soak's DynamoDB fault proxy, seen through the real SDK client: each fault arrives as the
 * exception DynamoDB would raise, "before" faults never reach the backend, "after" faults do, and a
 * retry carrying a lost transaction's ClientRequestToken meets the same fault without reaching it.
 * The backend is a stub that counts calls and answers an empty success.
 */
import { createServer, type Server } from 'node:http';
import { DynamoDBClient, PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDynamoFaultProxy, type DynamoFaultProxy } from '../../soak/dynamodb-faults.ts';

let backend: Server;
let backendCalls: string[] = [];
let proxy: DynamoFaultProxy;
let client: DynamoDBClient;

beforeAll(async () => {
  backend = createServer((request, response) => {
    backendCalls.push(String(request.headers['x-amz-target']).split('.').pop()!);
    request.resume();
    request.on('end', () => response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{}'));
  });
  await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
  const address = backend.address() as { port: number };
  proxy = await startDynamoFaultProxy({ backend: `http://127.0.0.1:${address.port}`, seed: 1 });
  client = new DynamoDBClient({
    endpoint: proxy.endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'k', secretAccessKey: 's' },
    maxAttempts: 1,
  });
});

afterEach(() => {
  proxy.setRates({});
  backendCalls = [];
});

afterAll(async () => {
  client.destroy();
  await proxy.close();
  await new Promise((resolve) => backend.close(resolve));
});

const put = () => client.send(new PutItemCommand({ TableName: 't', Item: { pk: { S: 'a' } } }));
const transact = (token: string) =>
  client.send(
    new TransactWriteItemsCommand({
      ClientRequestToken: token,
      TransactItems: [
        { Put: { TableName: 't', Item: { pk: { S: 'a' } } } },
        { Put: { TableName: 't', Item: { pk: { S: 'b' } } } },
      ],
    }),
  );

type Raised = Error & { CancellationReasons?: Array<{ Code: string }> };

/** The exception `pending` raised; a success fails the test. */
async function raised(pending: Promise<unknown>): Promise<Raised> {
  try {
    await pending;
  } catch (error) {
    return error as Raised;
  }
  throw new Error('expected the call to fail');
}

describe('DynamoDB fault proxy', () => {
  it.each([
    { fault: 'throttle', name: 'ProvisionedThroughputExceededException' },
    { fault: 'unavailable', name: 'InternalServerError' },
  ] as const)('$fault: the SDK raises $name and nothing reaches DynamoDB', async ({ fault, name }) => {
    // Prepare
    proxy.setRates({ [fault]: 1 });

    // Act
    const error = await raised(put());

    // Assess
    expect(error).toMatchObject({ name });
    expect(backendCalls).toEqual([]);
  });

  it('conflict: a transaction is cancelled for TransactionConflict, with one reason per item, and not applied', async () => {
    // Prepare
    proxy.setRates({ conflict: 1 });

    // Act
    const error = await raised(transact('tok-conflict'));

    // Assess
    expect(error.name).toBe('TransactionCanceledException');
    expect(error.CancellationReasons?.map((reason) => reason.Code)).toEqual(['TransactionConflict', 'None']);
    expect(backendCalls).toEqual([]);
  });

  it('commitThenError: the write reaches DynamoDB, the answer is a 500, and a retry with the same token meets it again unapplied', async () => {
    // Prepare
    proxy.setRates({ commitThenError: 1 });

    // Act
    const first = await raised(transact('tok-lost'));
    proxy.setRates({});
    const retry = await raised(transact('tok-lost'));
    const other = await transact('tok-other');

    // Assess
    expect([first.name, retry.name]).toEqual(['InternalServerError', 'InternalServerError']);
    expect(other.$metadata.httpStatusCode).toBe(200);
    expect(backendCalls).toEqual(['TransactWriteItems', 'TransactWriteItems']);
  });

  it('dropBefore: the connection is cut and nothing reaches DynamoDB', async () => {
    // Prepare
    proxy.setRates({ dropBefore: 1 });

    // Act
    const error = await raised(put());

    // Assess
    expect(error).toBeInstanceOf(Error);
    expect(backendCalls).toEqual([]);
    expect(proxy.counts().dropBefore).toBeGreaterThan(0);
  });
});
