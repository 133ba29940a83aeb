import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { TableEnvName } from '../../shared/config/environment.ts';
import { TABLES, type TableDefinition, type TableId } from '../tables.ts';

/** Physical table name of each table for a name prefix, e.g. `gk-local-AuditLog`. */
export function localTableNames(prefix: string): Record<TableId, string> {
  return Object.fromEntries(TABLES.map((t) => [t.id, `${prefix}-${t.id}`])) as Record<TableId, string>;
}

/** The environment variables that tell functions their table names (the same ones the CDK app sets). */
export function tableEnvironment(prefix: string): Record<TableEnvName, string> {
  const names = localTableNames(prefix);
  return Object.fromEntries(TABLES.map((t) => [t.envVar, names[t.id]])) as Record<TableEnvName, string>;
}

/** Creates every table of infra/tables.ts that does not exist yet (idempotent: restarts keep data). */
export async function ensureTables(client: DynamoDBClient, prefix: string): Promise<void> {
  const names = localTableNames(prefix);
  for (const table of TABLES) {
    const name = names[table.id];
    try {
      await client.send(new CreateTableCommand(createTableInput(table, name)));
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
      continue;
    }
    await client.send(new DescribeTableCommand({ TableName: name }));
    if (table.timeToLiveAttribute) {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: name,
          TimeToLiveSpecification: { Enabled: true, AttributeName: table.timeToLiveAttribute },
        }),
      );
    }
  }
}

function createTableInput(table: TableDefinition, name: string): CreateTableCommandInput {
  const attributes = new Map<string, AttributeDefinition>();
  const add = (a: { name: string; type: 'S' | 'N' }) =>
    attributes.set(a.name, { AttributeName: a.name, AttributeType: a.type });
  add(table.partitionKey);
  if (table.sortKey) add(table.sortKey);
  for (const index of table.globalSecondaryIndexes) {
    add(index.partitionKey);
    add(index.sortKey);
  }
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes.values()],
    KeySchema: [
      { AttributeName: table.partitionKey.name, KeyType: 'HASH' },
      ...(table.sortKey ? [{ AttributeName: table.sortKey.name, KeyType: 'RANGE' as const }] : []),
    ],
    ...(table.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } } : {}),
    ...(table.globalSecondaryIndexes.length > 0
      ? {
          GlobalSecondaryIndexes: table.globalSecondaryIndexes.map((index) => ({
            IndexName: index.indexName,
            KeySchema: [
              { AttributeName: index.partitionKey.name, KeyType: 'HASH' as const },
              { AttributeName: index.sortKey.name, KeyType: 'RANGE' as const },
            ],
            Projection: { ProjectionType: 'ALL' as const },
          })),
        }
      : {}),
  };
}
