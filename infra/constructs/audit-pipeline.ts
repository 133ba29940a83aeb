import {
  Duration,
  Validations,
  aws_events as events,
  aws_events_targets as targets,
  aws_lambda as lambda,
  aws_sqs as sqs,
} from 'aws-cdk-lib';
import type { aws_dynamodb as dynamodb, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { RETAIN_EXCEPT_ON_CREATE } from './retry-safe.ts';

/** The archiver's failure queue: created before the functions because their grants name it. */
export class ArchiverFailureQueue extends Construct {
  readonly queue: sqs.Queue;

  constructor(scope: Construct, id: string, props: { readonly encryptionKey: kms.IKey }) {
    super(scope, id);
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.encryptionKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      // Its messages name the archive gaps still to fill: a redeploy of this stack must not drop them.
      removalPolicy: RETAIN_EXCEPT_ON_CREATE,
    });
    Validations.of(this.queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the on-failure destination of the audit stream; it holds batch coordinates, and the entries stay in the table to be re-archived.',
    });
  }
}

export interface AuditPipelineProps {
  readonly checkpointer: lambda.IFunction;
  readonly archiver: lambda.IFunction;
  readonly auditLog: dynamodb.ITable;
  readonly archiverFailures: sqs.IQueue;
}

/** What drives the audit functions: a signing run every minute and the stream into the archive. */
export class AuditPipeline extends Construct {
  constructor(scope: Construct, id: string, props: AuditPipelineProps) {
    super(scope, id);
    new events.Rule(this, 'CheckpointEveryMinute', {
      description: 'Sign a checkpoint for every log that grew (audit.md §4)',
      schedule: events.Schedule.rate(Duration.minutes(1)),
      // A missed run is superseded by the next one a minute later; retrying would only queue up.
      targets: [new targets.LambdaFunction(props.checkpointer, { retryAttempts: 0, maxEventAge: Duration.minutes(1) })],
    });
    new lambda.EventSourceMapping(this, 'AuditStream', {
      target: props.archiver,
      eventSourceArn: props.auditLog.tableStreamArn ?? failNoStream(),
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: 100,
      maxBatchingWindow: Duration.seconds(5),
      bisectBatchOnError: true,
      // The archiver reports the records it could not archive, so retries resume from the first of them.
      reportBatchItemFailures: true,
      retryAttempts: 10,
      parallelizationFactor: 1,
      // The destination is named directly rather than through SqsDlq, which would also add
      // grants to the role; the role's managed policy already allows exactly sqs:SendMessage.
      onFailure: { bind: () => ({ destination: props.archiverFailures.queueArn }) },
    });
  }
}

function failNoStream(): never {
  throw new Error('The AuditLog table must have a stream (infra/tables.ts)');
}
