import { Duration, aws_cloudwatch as cloudwatch, aws_cloudwatch_actions as actions, aws_sns as sns } from 'aws-cdk-lib';
import type { aws_apigateway as apigw, aws_kms as kms, aws_lambda as lambda, aws_sqs as sqs } from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface OperationalAlarmsProps {
  readonly deployment: string;
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
  readonly api: apigw.RestApi;
  readonly archiverFailures: sqs.IQueue;
  readonly topicKey: kms.IKey;
}

const ONE_MINUTE = Duration.minutes(1);

/**
 * Alarms an operator must act on, published to one encrypted topic. Any function error counts: a
 * failing gatekeeper fails closed, so errors are refusals that clinical systems are waiting on.
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
    for (const [name, fn] of Object.entries(props.functions)) {
      this.alarm(`${name}Errors`, fn.metricErrors({ period: ONE_MINUTE, statistic: 'Sum' }), 1, `${name} function errors`);
      this.alarm(`${name}Throttles`, fn.metricThrottles({ period: ONE_MINUTE, statistic: 'Sum' }), 1, `${name} function throttled`);
    }
    // Emitted by the functions through Powertools metrics, which adds the `service` dimension.
    const auditUnavailable = new cloudwatch.Metric({
      namespace: 'Gatekeeper',
      metricName: 'AuditUnavailable',
      dimensionsMap: { service: 'gatekeeper' },
      period: ONE_MINUTE,
      statistic: 'Sum',
    });
    this.alarm('AuditUnavailable', auditUnavailable, 1, 'Audit log unavailable: disclosures are being refused (503)');
    this.alarm('Api5xx', props.api.metricServerError({ period: ONE_MINUTE, statistic: 'Sum' }), 1, 'API answered 5XX');
    this.alarm(
      'ArchiverFailures',
      props.archiverFailures.metricApproximateNumberOfMessagesVisible({ period: ONE_MINUTE, statistic: 'Maximum' }),
      1,
      'Audit entries failed to reach the WORM archive; re-archive them from the table',
    );
  }

  private alarm(id: string, metric: cloudwatch.IMetric, threshold: number, description: string): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    alarm.addOkAction(new actions.SnsAction(this.topic));
  }
}
