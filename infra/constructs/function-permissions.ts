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
  const indexArns = (table: TableId, indexes: readonly string[]) =>
    indexes.map((index) => `${tables[table].tableArn}/index/${index}`);
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
  const tableKey = dataKeyVia('DataKeyThroughDynamoDb', 'dynamodb', [
    'kms:Decrypt',
    'kms:Encrypt',
    'kms:GenerateDataKey',
  ]);
  const authenticate = [ddb('ClientLookup', 'Registry', ['GetItem']), ddb('ReplayGuard', 'Replay', ['PutItem'])];
  // An append is one transaction of conditional Puts (entry, sealed nodes, the head moved from n to
  // n+1): the head is replaced whole, never updated in place.
  const auditAppend = [
    ddb('AuditAppendOnce', 'AuditLog', ['PutItem']),
    ddb('AuditHeads', 'AuditHeads', ['GetItem', 'PutItem']),
  ];
  const auditIndexes = tableDefinition('AuditLog').globalSecondaryIndexes.map((index) => index.indexName);

  switch (id) {
    case 'public':
      return []; // Only kms:GetPublicKey, granted by the signing keys' policies.
    case 'admin':
      return [...authenticate, tableKey, ddb('Registry', 'Registry', ['GetItem', 'PutItem', 'Query']), ...auditAppend];
    case 'records':
      return [
        ...authenticate,
        tableKey,
        // One Query reads a patient's records; changes are transactional Puts and Updates with their audit entry.
        // A review case is read by key and replaced whole, with its review.* entry.
        ddb('Records', 'Records', ['Query', 'GetItem', 'PutItem', 'UpdateItem']),
        ...auditAppend,
        // Subject access: the patient's disclosure history.
        ddb('DisclosureHistory', 'AuditLog', ['Query'], indexArns('AuditLog', [AUDIT_INDEXES.byPatient])),
      ];
    case 'disclosures':
      return [
        ...authenticate,
        tableKey,
        // A release also counts itself on the patient's META (ADD releaseCount, conditional on the version
        // read), so a notification trigger planned on fewer releases fails (reviews.md §3).
        ddb('RecordsAsOfVersion', 'Records', ['Query', 'ConditionCheckItem', 'UpdateItem']),
        // A REFER or retrospective release opens its review case; a release on an approval uses it up.
        ddb('ReviewCases', 'Records', ['GetItem', 'PutItem']),
        // A batch looks up all its requestIds' stored answers in one BatchGetItem (api.md §4.1).
        ddb('Idempotency', 'Idempotency', ['GetItem', 'BatchGetItem', 'PutItem']),
        // A warm function reads the caller's client record and the recipient in one BatchGetItem.
        ddb('ClientWithRecipient', 'Registry', ['BatchGetItem']),
        ...auditAppend,
      ];
    case 'auditRead':
      return [
        ...authenticate,
        tableKey,
        ddb('AuditSearch', 'AuditLog', ['Query'], [tables.AuditLog.tableArn, ...indexArns('AuditLog', auditIndexes)]),
        // Proofs read the sealed nodes they need in one batch; GetItem and BatchGetItem have no meaning on an index.
        ddb('AuditNodes', 'AuditLog', ['BatchGetItem']),
        ...auditAppend, // Every read of the log is itself an audit.read entry.
        // The checkpoint listing reads the org's own heads by key (p0…p{P−1} and org), never a Scan.
        ddb('OrgLogHeads', 'AuditHeads', ['BatchGetItem']),
      ];
    case 'checkpointer':
      return [
        tableKey,
        // Every log that grew, across orgs: the one Scan in the system.
        ddb('LogHeads', 'AuditHeads', ['Scan']),
        ddb('TreeAndCheckpoints', 'AuditLog', ['Query', 'BatchGetItem', 'PutItem']),
        // The overdue-review count: the review partitions only, never a patient's records.
        new iam.PolicyStatement({
          sid: 'ReviewQueues',
          actions: ['dynamodb:Query'],
          resources: [tables.Records.tableArn],
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['REVIEWS#*'] } },
        }),
        // The overdue-notification count: the orgs' notification indexes only, never whose they are.
        new iam.PolicyStatement({
          sid: 'NotificationIndexes',
          actions: ['dynamodb:Query'],
          resources: [tables.Records.tableArn],
          conditions: {
            'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['NOTIFICATIONS#*'] },
            'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['pk', 'sk', 'dueAt', 'status'] },
            StringEqualsIfExists: { 'dynamodb:Select': 'SPECIFIC_ATTRIBUTES' },
          },
        }),
      ];
    case 'archiver':
      // Stream and archive access sit with the table and bucket (stateful ArchiverAccess); here only
      // the failure queue, which lives with the event source mapping.
      return [
        new iam.PolicyStatement({
          sid: 'ReportFailedBatches',
          actions: ['sqs:SendMessage'],
          resources: [t.archiverFailures.queueArn],
        }),
        dataKeyVia('DataKeyThroughSqs', 'sqs', ['kms:GenerateDataKey', 'kms:Decrypt']),
      ];
  }
}
