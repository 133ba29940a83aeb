import { RemovalPolicy, Validations, aws_s3 as s3 } from 'aws-cdk-lib';
import type { aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { RETAIN_EXCEPT_ON_CREATE } from './retry-safe.ts';

export interface AuditArchiveProps {
  readonly encryptionKey: kms.IKey;
  readonly retentionYears: number;
}

/**
 * The WORM copy of the audit log (audit.md §7): every entry, sealed hash and checkpoint, under
 * Object Lock COMPLIANCE so that not even the account root can shorten retention or delete a
 * version before it ends. The archive alone is enough to verify the log.
 */
export class AuditArchive extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: AuditArchiveProps) {
    super(scope, id);
    this.accessLogBucket = this.buildAccessLogBucket();
    this.bucket = new s3.Bucket(this, 'Bucket', {
      objectLockEnabled: true,
      versioned: true,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'archive/',
      // Empty when a first create rolls back, so it can go then; kept on every later deletion.
      removalPolicy: RETAIN_EXCEPT_ON_CREATE,
    });
    // In years, not the days the L2 would render: the retention promise is stated in years and
    // S3 counts leap years correctly only this way.
    const cfnBucket = this.bucket.node.defaultChild as s3.CfnBucket;
    cfnBucket.objectLockConfiguration = {
      objectLockEnabled: 'Enabled',
      rule: { defaultRetention: { mode: 'COMPLIANCE', years: props.retentionYears } },
    };
    Validations.of(this.bucket).acknowledge({
      id: 'HIPAA.Security-S3BucketReplicationEnabled',
      reason:
        'Single-region deployment by design (UK data residency). Durability comes from S3 (11 nines) with Object Lock COMPLIANCE and versioning; the DynamoDB tables keep PITR as the second copy.',
    });
  }

  private buildAccessLogBucket(): s3.Bucket {
    const bucket = new s3.Bucket(this, 'AccessLogs', {
      // S3 server access log delivery cannot write to SSE-KMS buckets; SSE-S3 is the supported option.
      encryption: s3.BucketEncryption.S3_MANAGED,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // RETAIN even on a failed create: log delivery may already have written to it, and a rollback
      // cannot delete a bucket that is not empty. Its generated name never blocks a retry.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(bucket).acknowledge(
      {
        id: 'AwsSolutions-S1',
        reason: 'This is the server access log bucket itself; logging it into itself would loop.',
      },
      {
        id: 'HIPAA.Security-S3BucketLoggingEnabled',
        reason: 'This is the server access log bucket itself; logging it into itself would loop.',
      },
      {
        id: 'HIPAA.Security-S3DefaultEncryptionKMS',
        reason:
          'S3 server access log delivery supports only SSE-S3 on the target bucket; the logs hold request metadata, not health data.',
      },
      {
        id: 'HIPAA.Security-S3BucketReplicationEnabled',
        reason: 'Single-region deployment by design (UK data residency); access logs are operational metadata.',
      },
    );
    return bucket;
  }
}
