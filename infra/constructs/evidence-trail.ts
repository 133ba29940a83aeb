import {
  RemovalPolicy,
  Stack,
  Validations,
  aws_cloudtrail as cloudtrail,
  aws_iam as iam,
  aws_s3 as s3,
} from 'aws-cdk-lib';
import type { aws_dynamodb as dynamodb, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface EvidenceTrailProps {
  readonly encryptionKey: kms.IKey;
  /** Read and written item by item: who touched the evidence and the legal bases, and when. */
  readonly tables: readonly dynamodb.ITable[];
  readonly archiveBucket: s3.IBucket;
  readonly accessLogBucket: s3.IBucket;
}

/**
 * A CloudTrail trail of the account's management writes (key policy changes, deletions, IAM) and of
 * every data-plane call on the audit and records tables and the WORM archive: the evidence of who
 * read or changed the evidence, outside anything the gatekeeper's own roles can write. Deployments
 * that use an organisation trail instead set `gatekeeper:organisationTrail` (docs/operations.md).
 */
export class EvidenceTrail extends Construct {
  readonly trail: cloudtrail.Trail;
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: EvidenceTrailProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: true,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogBucket,
      serverAccessLogsPrefix: 'trail/',
      // RETAIN even on a failed create: the trail writes within minutes, and a rollback cannot
      // delete a bucket that is not empty. Its generated name never blocks a retry.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    allowCloudTrailToEncrypt(props.encryptionKey);
    this.trail = new cloudtrail.Trail(this, 'Trail', {
      bucket: this.bucket,
      encryptionKey: props.encryptionKey,
      enableFileValidation: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      sendToCloudWatchLogs: false,
    });
    (this.trail.node.defaultChild as cloudtrail.CfnTrail).eventSelectors = [
      // Writes only: KMS PutKeyPolicy/ScheduleKeyDeletion/DisableKey, IAM and resource policy changes.
      { readWriteType: 'WriteOnly', includeManagementEvents: true, dataResources: [] },
      {
        readWriteType: 'All',
        includeManagementEvents: false,
        dataResources: [
          { type: 'AWS::DynamoDB::Table', values: props.tables.map((table) => table.tableArn) },
          { type: 'AWS::S3::Object', values: [`${props.archiveBucket.bucketArn}/`] },
        ],
      },
    ];
    this.acknowledge();
  }

  private acknowledge(): void {
    Validations.of(this.trail).acknowledge({
      id: 'HIPAA.Security-CloudTrailCloudWatchLogsEnabled',
      reason:
        'The trail carries data events of the health-data tables; copying them into CloudWatch Logs would spread them further. Alerting on key changes uses EventBridge rules instead.',
    });
    Validations.of(this.bucket).acknowledge({
      id: 'HIPAA.Security-S3BucketReplicationEnabled',
      reason:
        'Single-region deployment by design (UK data residency); CloudTrail log file validation proves the trail files complete and unaltered.',
    });
  }
}

/** CloudTrail has no identity of ours: the key policy itself must let it encrypt this account's trails. */
function allowCloudTrailToEncrypt(key: kms.IKey): void {
  const { account, partition } = Stack.of(key);
  const thisAccount = { 'aws:SourceAccount': account };
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'CloudTrailEncryptsTrailsOfThisAccount',
      principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
      actions: ['kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: {
        StringEquals: thisAccount,
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${partition}:cloudtrail:*:${account}:trail/*` },
      },
    }),
  );
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'CloudTrailDescribesTheKey',
      principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
      actions: ['kms:DescribeKey'],
      resources: ['*'],
      conditions: { StringEquals: thisAccount },
    }),
  );
}
