import { RemovalPolicy, Validations, aws_dynamodb as dynamodb } from 'aws-cdk-lib';
import type { aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { TABLES } from '../tables.ts';
import type { KeyAttribute, TableDefinition, TableId } from '../tables.ts';

/** Short-lived request state (replay guard, idempotent answers), expired by TTL: not worth a backup. */
export const EPHEMERAL_TABLES: readonly TableId[] = ['Replay', 'Idempotency'];

/** Every table of infra/tables.ts, built the same way: the local runtime uses the same keys. */
export class DataTables extends Construct {
  readonly tables: Readonly<Record<TableId, dynamodb.Table>>;

  constructor(scope: Construct, id: string, props: { readonly encryptionKey: kms.IKey }) {
    super(scope, id);
    const built = {} as Record<TableId, dynamodb.Table>;
    for (const definition of TABLES) built[definition.id] = this.buildTable(definition, props.encryptionKey);
    this.tables = Object.freeze(built);
  }

  private buildTable(definition: TableDefinition, encryptionKey: kms.IKey): dynamodb.Table {
    const table = new dynamodb.Table(this, definition.id, {
      partitionKey: attribute(definition.partitionKey),
      ...(definition.sortKey ? { sortKey: attribute(definition.sortKey) } : {}),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey,
      ...(definition.timeToLiveAttribute ? { timeToLiveAttribute: definition.timeToLiveAttribute } : {}),
      ...(definition.stream ? { stream: dynamodb.StreamViewType.NEW_IMAGE } : {}),
      // Evidence must outlive the stack; the other tables hold registrations and legal bases that
      // a careless `cdk destroy` must not take either (deletion protection backs this up).
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of definition.globalSecondaryIndexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    if (EPHEMERAL_TABLES.includes(definition.id)) {
      Validations.of(table).acknowledge({
        id: 'HIPAA.Security-DynamoDBInBackupPlan',
        reason: 'Holds only used request ids and stored answers that expire by TTL within minutes to days; PITR covers it, and restoring expired replay state has no value.',
      });
    }
    return table;
  }
}

function attribute(key: KeyAttribute): dynamodb.Attribute {
  return { name: key.name, type: key.type === 'S' ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER };
}
