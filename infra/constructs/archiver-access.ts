import { Stack, Validations, aws_iam as iam } from 'aws-cdk-lib';
import type { CfnElement, aws_dynamodb as dynamodb, aws_kms as kms, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface ArchiverAccessProps {
  readonly role: iam.IRole;
  readonly auditLog: dynamodb.Table;
  readonly archiveBucket: s3.Bucket;
  readonly dataKey: kms.IKey;
}

/**
 * Who may read the audit stream and write into the WORM archive: the archiver, and only it. Kept
 * next to the table and bucket (not with the function) so that the two unavoidable wildcards below
 * name their resources by logical id and can be acknowledged precisely.
 */
export class ArchiverAccess extends Construct {
  readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: ArchiverAccessProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    const viaService = (service: string) => ({
      StringEquals: { 'kms:ViaService': `${service}.${region}.amazonaws.com` },
    });
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'The archiver reads the audit stream and writes the WORM archive',
      roles: [props.role],
      statements: [
        new iam.PolicyStatement({
          sid: 'ReadAuditStream',
          actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
          resources: [props.auditLog.tableStreamArn ?? failNoStream()],
        }),
        new iam.PolicyStatement({
          sid: 'ListAuditStreams',
          actions: ['dynamodb:ListStreams'],
          resources: [`${props.auditLog.tableArn}/stream/*`],
        }),
        new iam.PolicyStatement({
          sid: 'DecryptStream',
          actions: ['kms:Decrypt'],
          resources: [props.dataKey.keyArn],
          conditions: viaService('dynamodb'),
        }),
        new iam.PolicyStatement({
          sid: 'WriteArchive',
          // GetObject only authorises the HeadObject that checks an existing object's SHA-256 on a retried write.
          actions: ['s3:PutObject', 's3:PutObjectRetention', 's3:GetObject'],
          resources: [props.archiveBucket.arnForObjects('*')],
        }),
        new iam.PolicyStatement({
          sid: 'EncryptArchive',
          actions: ['kms:GenerateDataKey'],
          resources: [props.dataKey.keyArn],
          conditions: viaService('s3'),
        }),
      ],
    });
    Validations.of(this.policy).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::<${logicalId(props.auditLog.node.defaultChild as CfnElement)}.Arn>/stream/*]`,
        reason:
          'dynamodb:ListStreams is authorised on the stream pattern of this one table (the stream label is not known before deployment); Lambda requires it to map the stream.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${logicalId(props.archiveBucket.node.defaultChild as CfnElement)}.Arn>/*]`,
        reason:
          'One object per entry, sealed tile and checkpoint, keyed by origin and index; the wildcard covers objects of this bucket only, and Object Lock COMPLIANCE stops any overwrite of a locked version.',
      },
    );
  }
}

function logicalId(element: CfnElement): string {
  return Stack.of(element).resolve(element.logicalId) as string;
}

function failNoStream(): never {
  throw new Error('The AuditLog table must have a stream (infra/tables.ts)');
}
