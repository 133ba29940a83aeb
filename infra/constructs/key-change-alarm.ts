import { aws_events as events, aws_iam as iam } from 'aws-cdk-lib';
import type { aws_kms as kms, aws_sns as sns } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** The KMS calls that could take a key away from the gatekeeper or hand its use to someone else. */
export const WATCHED_KEY_CALLS = ['PutKeyPolicy', 'ScheduleKeyDeletion', 'DisableKey'];

export interface KeyChangeAlarmProps {
  readonly keys: readonly kms.IKey[];
  readonly topic: sns.ITopic;
}

/**
 * Tells the operators, within a minute, when someone changes the policy of, disables or schedules
 * the deletion of one of the gatekeeper's keys. Matched on the CloudTrail record that EventBridge
 * receives (a trail must record management writes: the evidence trail or an organisation trail).
 * Attempts that KMS refused are reported too: a denied ScheduleKeyDeletion is worth knowing.
 */
export class KeyChangeAlarm extends Construct {
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: KeyChangeAlarmProps) {
    super(scope, id);
    const field = (path: string) => events.EventField.fromPath(path);
    this.rule = new events.Rule(this, 'Rule', {
      description: 'PutKeyPolicy, ScheduleKeyDeletion or DisableKey on a gatekeeper key',
      eventPattern: {
        source: ['aws.kms'],
        detailType: ['AWS API Call via CloudTrail'],
        detail: {
          eventSource: ['kms.amazonaws.com'],
          eventName: WATCHED_KEY_CALLS,
          // CloudTrail names the key in `resources` when KMS resolved it; a refused call may carry
          // only what the caller sent (these three calls take a key id or key ARN, never an alias).
          $or: [
            { resources: { ARN: props.keys.map((key) => key.keyArn) } },
            { requestParameters: { keyId: props.keys.flatMap((key) => [key.keyId, key.keyArn]) } },
          ],
        },
      },
    });
    const message = events.RuleTargetInput.fromText(
      `KMS ${field('$.detail.eventName')} on a gatekeeper key by ${field('$.detail.userIdentity.arn')} ` +
        `at ${field('$.detail.eventTime')} (error: ${field('$.detail.errorCode')}). See docs/operations.md §2, key-change message.`,
    );
    // Bound by hand rather than with targets.SnsTopic, whose topic grant names no source: this one
    // lets exactly this rule publish.
    this.rule.addTarget({ bind: () => ({ arn: props.topic.topicArn, input: message }) });
    props.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'KeyChangeRulePublishes',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [props.topic.topicArn],
        conditions: { ArnEquals: { 'aws:SourceArn': this.rule.ruleArn } },
      }),
    );
  }
}
