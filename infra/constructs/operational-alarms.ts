import {
  Aws,
  Duration,
  aws_cloudwatch as cloudwatch,
  aws_cloudwatch_actions as actions,
  aws_iam as iam,
  aws_sns as sns,
} from 'aws-cdk-lib';
import type { aws_apigateway as apigw, aws_kms as kms, aws_lambda as lambda, aws_sqs as sqs } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  AUDIT_UNAVAILABLE_METRIC,
  METRICS_NAMESPACE,
  METRICS_SERVICE,
  OVERDUE_REVIEWS_METRIC,
  OVERDUE_NOTIFICATIONS_METRIC,
} from '../../functions/lib/metrics.ts';

export interface OperationalAlarmsProps {
  readonly deployment: string;
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
  /** The function that reads the AuditLog stream (24 h retention) into the archive. */
  readonly streamConsumer: lambda.IFunction;
  /** The function the schedule invokes every minute, whatever the traffic. */
  readonly scheduled: lambda.IFunction;
  readonly api: apigw.RestApi;
  readonly archiverFailures: sqs.IQueue;
  readonly topicKey: kms.IKey;
}

const ONE_MINUTE = Duration.minutes(1);

interface AlarmCondition {
  readonly comparisonOperator: cloudwatch.ComparisonOperator;
  readonly treatMissingData: cloudwatch.TreatMissingData;
}
/** Far below the stream's 24 h retention, far above the seconds the archiver normally lags. */
export const ARCHIVE_LAG_ALARM = Duration.minutes(15);

/** A metric the functions emit through Powertools, which adds the `service` dimension. */
const gatekeeperMetric = (metricName: string) =>
  new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service: METRICS_SERVICE },
    period: ONE_MINUTE,
    statistic: 'Sum',
  });

/**
 * Alarms an operator must act on, published to one encrypted topic (docs/operations.md says what
 * each means). Any function error counts: a failing gatekeeper fails closed, so errors are
 * refusals that clinical systems are waiting on.
 */
export class OperationalAlarms extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: OperationalAlarmsProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: `${props.deployment} alarms`,
      masterKey: props.topicKey,
      enforceSSL: true,
    });
    this.letCloudWatchPublish();
    for (const [name, fn] of Object.entries(props.functions)) {
      this.alarm(
        `${name}Errors`,
        fn.metricErrors({ period: ONE_MINUTE, statistic: 'Sum' }),
        1,
        `${name} function errors`,
      );
      this.alarm(
        `${name}Throttles`,
        fn.metricThrottles({ period: ONE_MINUTE, statistic: 'Sum' }),
        1,
        `${name} function throttled`,
      );
    }
    this.alarm(
      'AuditUnavailable',
      gatekeeperMetric(AUDIT_UNAVAILABLE_METRIC),
      1,
      'Audit log unavailable: disclosures are being refused (503)',
    );
    this.alarm(
      'CheckpointRefused',
      gatekeeperMetric('CheckpointRefused'),
      1,
      'A log does not extend its last signed checkpoint: possible tampering, not signed',
    );
    this.alarm(
      'OverdueReviews',
      gatekeeperMetric(OVERDUE_REVIEWS_METRIC).with({ statistic: 'Maximum' }),
      1,
      'Review cases are open past their due date: a Caldicott Guardian or DPO must decide them (reviews.md)',
    );
    this.alarm(
      'OverdueNotifications',
      gatekeeperMetric(OVERDUE_NOTIFICATIONS_METRIC).with({ statistic: 'Maximum' }),
      1,
      'Earlier recipients are owed a notification past its due date: records staff must send it (UK GDPR Art 19)',
    );
    this.alarm('Api5xx', props.api.metricServerError({ period: ONE_MINUTE, statistic: 'Sum' }), 1, 'API answered 5XX');
    this.alarm(
      'ArchiverFailures',
      props.archiverFailures.metricApproximateNumberOfMessagesVisible({ period: ONE_MINUTE, statistic: 'Maximum' }),
      1,
      'Audit entries failed to reach the WORM archive; re-archive them from the table',
    );
    // Runs every minute even without traffic, so silence means the schedule or the function is gone.
    this.alarm(
      'CheckpointerStopped',
      props.scheduled.metricInvocations({ period: Duration.minutes(5), statistic: 'Sum' }),
      1,
      'The checkpointer has not run for 5 minutes: no checkpoints are being signed',
      {
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      },
    );
    this.alarm(
      'ArchiveLag',
      props.streamConsumer.metric('IteratorAge', { period: Duration.minutes(5), statistic: 'Maximum' }),
      ARCHIVE_LAG_ALARM.toMilliseconds(),
      'The archiver is behind the audit stream; entries leave the stream after 24 h and must then be re-archived from the table',
    );
  }

  /**
   * enforceSSL gives the topic a policy, which replaces SNS's default one; without an explicit
   * allow, CloudWatch (which has no IAM identity of ours) could not deliver a single alarm.
   */
  private letCloudWatchPublish(): void {
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccountPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*` },
        },
      }),
    );
  }

  /** By default a count that reaches the threshold; no data means nothing happened, which is fine. */
  private alarm(
    id: string,
    metric: cloudwatch.IMetric,
    threshold: number,
    description: string,
    when?: AlarmCondition,
  ): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: when?.comparisonOperator ?? cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: when?.treatMissingData ?? cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    alarm.addOkAction(new actions.SnsAction(this.topic));
  }
}
