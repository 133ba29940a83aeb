import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Match } from 'aws-cdk-lib/assertions';
import type { Template } from 'aws-cdk-lib/assertions';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { ARCHIVE_LAG_ALARM } from '../../../infra/constructs/operational-alarms.ts';
import { FUNCTION_BUNDLING } from '../../../infra/constructs/gatekeeper-function.ts';
import { logicalIdOf, synthGatekeeper } from './gatekeeper-app.ts';
import type { CfnResource } from './gatekeeper-app.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
let stateless: Template;

beforeAll(() => {
  stateless = synthGatekeeper().statelessTemplate;
});

const resourcesOfType = (type: string) =>
  Object.values(stateless.toJSON()['Resources'] as Record<string, CfnResource>).filter((r) => r.Type === type);

/** The metrics AWS services publish by themselves for the resource types this app alarms on. */
const AWS_SERVICE_METRICS: Readonly<Record<string, readonly string[]>> = {
  'AWS/Lambda': ['Errors', 'Throttles', 'IteratorAge', 'Invocations'],
  'AWS/ApiGateway': ['5XXError'],
  'AWS/SQS': ['ApproximateNumberOfMessagesVisible'],
};

/** The source of everything deployed into a function (tests live under test/, not here). */
function deployedSource(): string {
  const files = ['shared', 'functions'].flatMap((dir) =>
    (readdirSync(path.join(REPO_ROOT, dir), { recursive: true }) as string[])
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
      .map((file) => path.join(REPO_ROOT, dir, file)),
  );
  return files.map((file) => readFileSync(file, 'utf8')).join('\n');
}

describe('alarms', () => {
  it('alarm only on metrics that an AWS service or the deployed code actually emits', () => {
    // Prepare
    const source = deployedSource();

    // Act
    const alarms = resourcesOfType('AWS::CloudWatch::Alarm').map(
      (a) => a.Properties as { Namespace: string; MetricName: string },
    );

    // Assess
    expect(alarms.length).toBeGreaterThan(15);
    for (const { Namespace: namespace, MetricName: name } of alarms) {
      if (namespace.startsWith('AWS/')) {
        expect(AWS_SERVICE_METRICS[namespace] ?? [], `${namespace} ${name}`).toContain(name);
        continue;
      }
      expect(namespace).toBe('Gatekeeper');
      const emitted = source.includes(`'${name}'`);
      expect(emitted, `${name} is emitted by shared/ or functions/`).toBe(true);
    }
  });

  it('alarms when the archiver falls behind the audit stream, long before its 24 h retention', () => {
    // Act / Assess
    stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'IteratorAge',
      Statistic: 'Maximum',
      Threshold: ARCHIVE_LAG_ALARM.toMilliseconds(),
      Dimensions: [
        {
          Name: 'FunctionName',
          Value: { Ref: logicalIdOf(stateless, 'AWS::Lambda::Function', 'Functions/archiver/') },
        },
      ],
    });
    expect(ARCHIVE_LAG_ALARM.toMinutes()).toBeLessThanOrEqual(60);
  });

  it('alarms when the checkpointer, which runs every minute whatever the traffic, has not run for 5 minutes', () => {
    // Act / Assess
    stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Invocations',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      Dimensions: [
        {
          Name: 'FunctionName',
          Value: { Ref: logicalIdOf(stateless, 'AWS::Lambda::Function', 'Functions/checkpointer/') },
        },
      ],
    });
  });

  it('alarms when the checkpointer refuses to sign a log that does not extend its checkpoint', () => {
    // Act / Assess
    stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Gatekeeper',
      MetricName: 'CheckpointRefused',
      Threshold: 1,
    });
  });

  it('lets CloudWatch alarms of this account, and only those, publish to the SSL-only topic', () => {
    // Prepare
    const topic = { Ref: logicalIdOf(stateless, 'AWS::SNS::Topic', 'Alarms/Topic/') };

    // Act / Assess
    stateless.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [topic],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          {
            Sid: 'CloudWatchAlarmsOfThisAccountPublish',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: topic,
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnLike: {
                'aws:SourceArn': Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([':cloudwatch:', ':alarm:*'])] }),
              },
            },
          },
        ]),
      },
    });
  });
});

describe('the checkpointer', () => {
  it('neither retries a failed run nor keeps a throttled one: the next run a minute later supersedes it', () => {
    // Prepare
    const checkpointer = logicalIdOf(stateless, 'AWS::Lambda::Function', 'Functions/checkpointer/');

    // Act / Assess
    stateless.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: checkpointer },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 120,
    });
  });
});

describe('readable failures', () => {
  it('runs every function with source maps applied to stack traces', () => {
    // Act / Assess
    stateless.allResourcesProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ NODE_OPTIONS: '--enable-source-maps' }) },
    });
    expect(FUNCTION_BUNDLING).toMatchObject({ minify: true, sourceMap: true, keepNames: true });
  });

  it('keeps error class names through minification, so logs say AuditUnavailableError, not $o', async () => {
    // Prepare
    const outdir = mkdtempSync(path.join(tmpdir(), 'gk-bundle-'));
    try {
      const entry = path.join(outdir, 'entry.ts');
      writeFileSync(
        entry,
        `export { AuditUnavailableError } from ${JSON.stringify(path.join(REPO_ROOT, 'shared/errors.ts'))};`,
      );

      // Act
      await build({
        entryPoints: [entry],
        outfile: path.join(outdir, 'index.mjs'),
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: FUNCTION_BUNDLING.target,
        minify: FUNCTION_BUNDLING.minify,
        keepNames: FUNCTION_BUNDLING.keepNames,
        logLevel: 'silent',
      });
      const bundled = (await import(pathToFileURL(path.join(outdir, 'index.mjs')).href)) as {
        AuditUnavailableError: new (m: string) => Error;
      };

      // Assess
      expect(new bundled.AuditUnavailableError('test').name).toBe('AuditUnavailableError');
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
