import { Duration, Fn, Validations, aws_backup as backup, aws_events as events } from 'aws-cdk-lib';
import type { aws_dynamodb as dynamodb, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { RETAIN_EXCEPT_ON_CREATE, stackInstanceSuffix } from './retry-safe.ts';

/**
 * Daily AWS Backup copies of the tables that hold evidence, registrations and legal bases, on top
 * of PITR (35 days). The WORM archive remains the long-term copy of the audit log; these backups
 * cover the mutable Registry, Records and AuditHeads as well.
 */
export class TableBackups extends Construct {
  constructor(
    scope: Construct,
    id: string,
    props: {
      readonly deployment: string;
      readonly tables: readonly dynamodb.ITable[];
      readonly encryptionKey: kms.IKey;
    },
  ) {
    super(scope, id);
    const vault = new backup.BackupVault(this, 'Vault', {
      // Retained vaults keep their name: the suffix lets a retried or re-created stack make its own.
      // At most 31 + 8 + 8 = 47 characters, within the 50 AWS Backup allows.
      backupVaultName: Fn.join('-', [props.deployment, 'tables', stackInstanceSuffix()]),
      encryptionKey: props.encryptionKey,
      removalPolicy: RETAIN_EXCEPT_ON_CREATE,
    });
    const plan = new backup.BackupPlan(this, 'Plan', {
      backupPlanName: `${props.deployment}-tables`,
      backupVault: vault,
    });
    plan.addRule(
      new backup.BackupPlanRule({
        ruleName: 'Daily',
        scheduleExpression: events.Schedule.cron({ hour: '3', minute: '0' }),
        deleteAfter: Duration.days(35),
      }),
    );
    const selection = plan.addSelection('Tables', {
      resources: props.tables.map((table) => backup.BackupResource.fromDynamoDbTable(table)),
    });
    Validations.of(selection).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      reason:
        'The AWS Backup service role policy is the documented, AWS-maintained permission set for the backup service principal.',
    });
  }
}
