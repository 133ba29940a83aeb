import { RemovalPolicy, Validations, aws_dynamodb as dynamodb, aws_iam as iam } from 'aws-cdk-lib';
import type { aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { TABLES } from '../tables.ts';
import type { KeyAttribute, TableDefinition, TableId } from '../tables.ts';

/** Short-lived request state (replay guard, idempotent answers), expired by TTL: not worth a backup. */
export const EPHEMERAL_TABLES: readonly TableId[] = ['Replay', 'Idempotency'];

/**
 * The data-plane writes that could change or remove an audit entry, denied to every principal by
 * the AuditLog table's own policy, so no identity policy (not even an administrator's) can grant
 * them. PutItem stays: it is the append path, and every append is a conditional put of a new key
 * (entries and sealed nodes are write-once). An unconditional put over an existing entry is still
 * possible for whoever holds PutItem; the leaf hashes, signed checkpoints and the WORM archive
 * expose it. UpdateItem and DeleteItem also cover their use inside TransactWriteItems.
 */
export const AUDIT_LOG_DENIED_ACTIONS = [
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PartiQLDelete',
  // Unused by the code: appends go through conditional PutItem only, one path to reason about.
  'dynamodb:PartiQLInsert',
];

const appendOnlyPolicy = () =>
  new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({
        sid: 'AuditEntriesAreAppendOnly',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: AUDIT_LOG_DENIED_ACTIONS,
        // A table's resource policy can only name the table itself, which '*' denotes here.
        resources: ['*'],
      }),
    ],
  });

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
      ...(definition.id === 'AuditLog' ? { resourcePolicy: appendOnlyPolicy() } : {}),
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
        reason:
          'Holds only used request ids and stored answers that expire by TTL within minutes to days; PITR covers it, and restoring expired replay state has no value.',
      });
    }
    return table;
  }
}

function attribute(key: KeyAttribute): dynamodb.Attribute {
  return { name: key.name, type: key.type === 'S' ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER };
}
