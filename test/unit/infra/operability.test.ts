import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Match } from 'aws-cdk-lib/assertions';
import type { Template } from 'aws-cdk-lib/assertions';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { ARCHIVE_LAG_ALARM } from '../../../infra/constructs/operational-alarms.ts';
import { FUNCTION_BUNDLING, RUNTIME_ENVIRONMENT } from '../../../infra/constructs/gatekeeper-function.ts';
import { esbuildOptionsOf } from '../../../infra/constructs/esbuild-options.ts';
import { logicalIdOf, synthGatekeeper } from './gatekeeper-app.ts';
import type { CfnResource } from './gatekeeper-app.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const runFile = promisify(execFile);
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
  it('ships every function minified with its source map, and without Node reading the map at each cold start', () => {
    // Act
    const variables = resourcesOfType('AWS::Lambda::Function').map(
      (fn) =>
        (fn.Properties?.['Environment'] as { Variables?: Record<string, unknown> } | undefined)?.Variables?.[
          'NODE_OPTIONS'
        ],
    );

    // Assess
    expect(variables.length).toBeGreaterThanOrEqual(7);
    expect(variables.filter((value) => String(value).includes('--enable-source-maps'))).toEqual([]);
    expect(FUNCTION_BUNDLING).toMatchObject({ minify: true, sourceMap: true, keepNames: true });
  });

  it('maps a bundle’s stack traces to the .ts file and line, reading the map only when a trace is formatted', async () => {
    // Prepare
    const { outdir, run } = await bundledThrower();
    try {
      // Act
      // The map is unreadable until after the import: a bundle that read it at load would fail here.
      const stack = await run({ hideMapDuringImport: true });

      // Assess
      expect(stack.split('\n').slice(0, 2)).toEqual([
        'AuditUnavailableError: test',
        expect.stringMatching(/^ {4}at (Module\.)?fail \(.*thrower\.ts:3:9\)$/),
      ]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('still gives a stack trace, into index.mjs, when the source map cannot be read', async () => {
    // Prepare
    const { outdir, run } = await bundledThrower();
    try {
      // Prepare
      rmSync(path.join(outdir, 'index.mjs.map'));

      // Act
      const stack = await run({ hideMapDuringImport: false });

      // Assess
      expect(stack.split('\n').slice(0, 2)).toEqual([
        'AuditUnavailableError: test',
        expect.stringMatching(/^ {4}at (Module\.)?\S+ \(file:\/\/.*index\.mjs:\d+:\d+\)$/),
      ]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
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

/**
 * A bundle built with the deployed options (FUNCTION_BUNDLING, its injected trace mapping included)
 * whose `fail` throws from a .ts file, and a way to print that error's stack from a fresh Node
 * process with the functions' runtime environment.
 */
async function bundledThrower() {
  const outdir = mkdtempSync(path.join(tmpdir(), 'gk-trace-'));
  const entry = path.join(outdir, 'thrower.ts');
  writeFileSync(
    entry,
    `import { AuditUnavailableError } from ${JSON.stringify(path.join(REPO_ROOT, 'shared/errors.ts'))};\nexport function fail(): never {\n  throw new AuditUnavailableError('test');\n}\n`,
  );
  await build({
    ...esbuildOptionsOf(FUNCTION_BUNDLING),
    absWorkingDir: REPO_ROOT,
    entryPoints: [entry],
    outfile: path.join(outdir, 'index.mjs'),
    logLevel: 'silent',
  });
  const bundle = path.join(outdir, 'index.mjs');
  const run = async ({ hideMapDuringImport }: { hideMapDuringImport: boolean }): Promise<string> => {
    const script = [
      `import { renameSync } from 'node:fs';`,
      hideMapDuringImport
        ? `renameSync(${JSON.stringify(`${bundle}.map`)}, ${JSON.stringify(`${bundle}.hidden`)});`
        : '',
      `const { fail } = await import(${JSON.stringify(pathToFileURL(bundle).href)});`,
      hideMapDuringImport
        ? `renameSync(${JSON.stringify(`${bundle}.hidden`)}, ${JSON.stringify(`${bundle}.map`)});`
        : '',
      `try { fail(); } catch (error) { process.stdout.write(error.stack); }`,
    ].join('\n');
    const { stdout } = await runFile(process.execPath, ['--input-type=module', '-e', script], {
      env: { PATH: process.env['PATH'] ?? '', ...RUNTIME_ENVIRONMENT },
    });
    return stdout;
  };
  return { outdir, run };
}
