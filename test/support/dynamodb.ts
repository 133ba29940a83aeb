/**
 * TESTS ONLY. One DynamoDB Local per test file, on a free port, with every table of infra/tables.ts
 * created under a prefix unique to the file. Call `startTestDynamoDb()` in beforeAll and `close()`
 * in afterAll; the SDK reaches it through AWS_ENDPOINT_URL_DYNAMODB, exactly as in local mode.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { ensureTables, localTableNames } from '../../infra/local/tables.ts';
import type { TableId } from '../../infra/tables.ts';

export interface TestDynamoDb {
  readonly endpoint: string;
  readonly prefix: string;
  readonly tables: Record<TableId, string>;
  readonly doc: DynamoDBDocumentClient;
  close(): Promise<void>;
}

export async function startTestDynamoDb(options: { prefix?: string } = {}): Promise<TestDynamoDb> {
  const port = await freePort();
  const local: DynamoDbLocal = await startDynamoDbLocal({ port });
  process.env['AWS_REGION'] = 'eu-west-2';
  process.env['AWS_ACCESS_KEY_ID'] = 'local';
  process.env['AWS_SECRET_ACCESS_KEY'] = 'local';
  process.env['AWS_ENDPOINT_URL_DYNAMODB'] = local.endpoint;
  const prefix = options.prefix ?? `t${randomBytes(4).toString('hex')}`;
  const admin = new DynamoDBClient({});
  try {
    await ensureTables(admin, prefix);
  } catch (error) {
    admin.destroy();
    await local.close();
    throw error;
  }
  admin.destroy();
  const doc = createDocumentClient();
  return {
    endpoint: local.endpoint,
    prefix,
    tables: localTableNames(prefix),
    doc,
    close: async () => {
      doc.destroy();
      await local.close();
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}
