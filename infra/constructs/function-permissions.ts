import { Stack, aws_iam as iam } from 'aws-cdk-lib';
import type { aws_dynamodb as dynamodb, aws_kms as kms, aws_sqs as sqs } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { FunctionId } from '../routes.ts';
import { AUDIT_INDEXES, tableDefinition } from '../tables.ts';
import type { TableId } from '../tables.ts';

/** The resources a function's permissions may name. */
export interface PermissionTargets {
  readonly tables: Readonly<Record<TableId, dynamodb.ITable>>;
  readonly dataKey: kms.IKey;
  readonly archiverFailures: sqs.IQueue;
}

/**
 * The grant table: exactly the DynamoDB, S3, SQS and data-key actions each function needs, on
 * named resources. Use of the pseudonym and signing keys is granted in their key policies
 * (crypto-keys.ts), not here. Nobody gets UpdateItem, DeleteItem or BatchWriteItem on AuditLog:
 * entries, sealed hashes and checkpoints are written once (audit.md §7).
 */
export function functionStatements(scope: IConstruct, id: FunctionId, t: PermissionTargets): iam.PolicyStatement[] {
  const { tables } = t;
  const indexArns = (table: TableId, indexes: readonly string[]) => indexes.map((index) => `${tables[table].tableArn}/index/${index}`);
  const ddb = (sid: string, table: TableId, actions: string[], resources = [tables[table].tableArn]) =>
    new iam.PolicyStatement({ sid, actions: actions.map((action) => `dynamodb:${action}`), resources });
  const dataKeyVia = (sid: string, service: string, actions: string[]) =>
    new iam.PolicyStatement({
      sid,
      actions,
      resources: [t.dataKey.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `${service}.${Stack.of(scope).region}.amazonaws.com` } },
    });
  // Reading and writing a table encrypted with the customer-managed key needs the key, through DynamoDB only.
  const tableKey = dataKeyVia('DataKeyThroughDynamoDb', 'dynamodb', ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']);
  const authenticate = [ddb('ClientLookup', 'Registry', ['GetItem']), ddb('ReplayGuard', 'Replay', ['PutItem'])];
  const auditAppend = [
    ddb('AuditAppendOnce', 'AuditLog', ['PutItem', 'ConditionCheckItem']),
    ddb('AuditHeads', 'AuditHeads', ['GetItem', 'PutItem', 'UpdateItem']),
  ];
  const idempotency = ddb('Idempotency', 'Idempotency', ['GetItem', 'PutItem']);
  const auditIndexes = tableDefinition('AuditLog').globalSecondaryIndexes.map((index) => index.indexName);

  switch (id) {
    case 'public':
      return []; // Only kms:GetPublicKey, granted by the signing keys' policies.
    case 'admin':
      return [...authenticate, tableKey, ddb('Registry', 'Registry', ['GetItem', 'PutItem', 'UpdateItem', 'Query']), ...auditAppend];
    case 'records':
      return [
        ...authenticate,
        tableKey,
        ddb('Records', 'Records', ['GetItem', 'Query', 'PutItem', 'UpdateItem']),
        idempotency,
        ...auditAppend,
        // Subject access: the patient's disclosure history.
        ddb('DisclosureHistory', 'AuditLog', ['Query'], indexArns('AuditLog', [AUDIT_INDEXES.byPatient])),
      ];
    case 'disclosures':
      return [
        ...authenticate,
        tableKey,
        ddb('RecipientLookup', 'Registry', ['Query']),
        ddb('RecordsAsOfVersion', 'Records', ['Query', 'ConditionCheckItem']),
        idempotency,
        ...auditAppend,
      ];
    case 'auditRead':
      return [
        ...authenticate,
        tableKey,
        ddb('AuditSearch', 'AuditLog', ['GetItem', 'Query', 'BatchGetItem'], [
          tables.AuditLog.tableArn,
          ...indexArns('AuditLog', auditIndexes),
        ]),
        ...auditAppend, // Every read of the log is itself an audit.read entry.
      ];
    case 'checkpointer':
      return [
        tableKey,
        ddb('LogHeads', 'AuditHeads', ['Scan', 'GetItem']),
        ddb('TreeAndCheckpoints', 'AuditLog', ['GetItem', 'Query', 'BatchGetItem', 'PutItem']),
      ];
    case 'archiver':
      // Stream and archive access sit with the table and bucket (stateful ArchiverAccess); here only
      // the failure queue, which lives with the event source mapping.
      return [
        new iam.PolicyStatement({ sid: 'ReportFailedBatches', actions: ['sqs:SendMessage'], resources: [t.archiverFailures.queueArn] }),
        dataKeyVia('DataKeyThroughSqs', 'sqs', ['kms:GenerateDataKey', 'kms:Decrypt']),
      ];
  }
}

