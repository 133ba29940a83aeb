import { RemovalPolicy, Stack, aws_iam as iam, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/**
 * The customer-managed key for data at rest: tables, the archive bucket, log groups, the alarm
 * topic and the archiver's failure queue. Account identities get access only through their own
 * IAM policies (the default key policy); AWS services that encrypt on our behalf without a caller
 * identity (CloudWatch Logs, CloudWatch alarms and EventBridge rules publishing to SNS, CloudTrail)
 * are named here or next to what uses them.
 */
export class DataEncryptionKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: { readonly deployment: string }) {
    super(scope, id);
    const { region, account, partition } = Stack.of(this);
    this.key = new kms.Key(this, 'Key', {
      description: `${props.deployment}: data at rest (tables, audit archive, logs, alarms)`,
      keySpec: kms.KeySpec.SYMMETRIC_DEFAULT,
      keyUsage: kms.KeyUsage.ENCRYPT_DECRYPT,
      enableKeyRotation: true,
      alias: `alias/${props.deployment}/data`,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogsEncryptsOurLogGroups',
        principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
        actions: [
          'kms:Encrypt',
          'kms:Decrypt',
          'kms:ReEncryptFrom',
          'kms:ReEncryptTo',
          'kms:GenerateDataKey',
          'kms:DescribeKey',
        ],
        resources: ['*'],
        conditions: {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${account}:log-group:*` },
        },
      }),
    );
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToEncryptedTopic',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'EventBridgeRulesPublishToEncryptedTopic',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );
  }
}
