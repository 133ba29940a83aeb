/**
 * TESTS ONLY (integration project). Every table of infra/tables.ts under a prefix unique to the
 * test file, on the DynamoDB Local the integration stack runs (test/global-setup.ts), so a file
 * that tests a DynamoDB adapter starts no JVM of its own. Call `startTestDynamoDb()` in beforeAll
 * and `close()` in afterAll; the SDK reaches it through AWS_ENDPOINT_URL_DYNAMODB, exactly as in
 * local mode. test/unit never imports this (test/unit/architecture/unit-isolation.test.ts): unit
 * tests use the in-memory stores of test/support/memory/.
 */
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
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
  const endpoint = inject('stack').dynamoDbEndpoint;
  process.env['AWS_REGION'] = 'eu-west-2';
  process.env['AWS_ACCESS_KEY_ID'] = 'local';
  process.env['AWS_SECRET_ACCESS_KEY'] = 'local';
  process.env['AWS_ENDPOINT_URL_DYNAMODB'] = endpoint;
  // Every file of the run makes its tables on the one DynamoDB Local: the prefix keeps them apart.
  const prefix = `${options.prefix ?? 't'}${randomBytes(4).toString('hex')}`;
  const admin = new DynamoDBClient({});
  try {
    await ensureTables(admin, prefix);
  } finally {
    admin.destroy();
  }
  const doc = createDocumentClient();
  return {
    endpoint,
    prefix,
    tables: localTableNames(prefix),
    doc,
    close: () => {
      doc.destroy();
      return Promise.resolve();
    },
  };
}
