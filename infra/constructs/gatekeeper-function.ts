import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { aws_iam as iam, aws_lambda as lambda, aws_logs as logs } from 'aws-cdk-lib';
import type { Duration, aws_kms as kms } from 'aws-cdk-lib';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { RETAIN_EXCEPT_ON_CREATE } from './retry-safe.ts';
import { FUNCTION_ENTRIES } from '../routes.ts';
import type { FunctionId } from '../routes.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** How long function and API logs are kept; they hold security events, never bodies or identifiers. */
export const LOG_RETENTION = logs.RetentionDays.ONE_YEAR;

/** Bundled ESM needs `require` for the CommonJS dependencies esbuild inlines (AWS SDK internals). */
const REQUIRE_SHIM =
  "import { createRequire as __gkCreateRequire } from 'node:module'; const require = __gkCreateRequire(import.meta.url);";

/**
 * `import … from 'node:http'` in an ES module makes Node build the module's ES facade, which reads
 * every export of node:http, the lazy WebSocket getters included, and so loads Node's bundled
 * undici: ~40 ms of CPU at each cold start against ~4 ms for the same module through require
 * (docs/benchmarks.md). @middy/util and the SDK import it that way; the alias hands them the very
 * same module object, taken with process.getBuiltinModule by a CommonJS shim.
 */
const NODE_HTTP_SHIM = path.join(REPO_ROOT, 'infra/constructs/node-http.cjs');
const NODE_HTTP_ALIAS = [`node:http=${NODE_HTTP_SHIM}`, `http=${NODE_HTTP_SHIM}`];

/**
 * The SDK clients' default credential chain, narrowed to the environment provider Lambda's
 * credentials come from (lambda-credentials.ts): the chain's other providers and their nested
 * STS/SSO clients were ~100 KB of each bundle (docs/benchmarks.md). The providers that remain are
 * the lockfile's, the same code the chain runs first in every test.
 */
const LAMBDA_CREDENTIALS = path.join(REPO_ROOT, 'infra/constructs/lambda-credentials.ts');
const CREDENTIALS_ALIAS = [`@aws-sdk/credential-provider-node=${LAMBDA_CREDENTIALS}`];

/**
 * Injected first into every bundle: stack traces mapped through the bundle's source map, read only
 * when a trace is first formatted (Node's --enable-source-maps read it at every cold start).
 */
const STACK_TRACE_SOURCES = path.join(REPO_ROOT, 'infra/constructs/stack-trace-sources.ts');

/**
 * How every function is bundled. keepNames: minified class names would otherwise turn
 * `error.name` (set from `new.target.name`) into "$o" in every log line. The source maps stay
 * (without sources) and the injected STACK_TRACE_SOURCES applies them: a stack trace names the .ts
 * file and line. The map is about half the zip; the first stack trace a sandbox formats pays to
 * parse it, once, on the error path only (docs/benchmarks.md, bundles).
 */
export const FUNCTION_BUNDLING: BundlingOptions = {
  forceDockerBundling: false,
  format: OutputFormat.ESM,
  target: 'node24',
  mainFields: ['module', 'main'],
  minify: true,
  keepNames: true,
  sourceMap: true,
  sourcesContent: false,
  // Bundle the AWS SDK too: the deployed code runs exactly the locked versions that were tested, and the
  // minified bundle imports faster than the unbundled SDK a runtime provides (docs/benchmarks.md, bundles).
  externalModules: [],
  banner: REQUIRE_SHIM,
  inject: [STACK_TRACE_SOURCES],
  esbuildArgs: { '--alias': [...NODE_HTTP_ALIAS, ...CREDENTIALS_ALIAS] },
};

/**
 * Set on every function next to its own configuration. No NODE_OPTIONS: --enable-source-maps cost
 * every cold start 5-13% of its import, and the bundles map their own traces (STACK_TRACE_SOURCES).
 */
export const RUNTIME_ENVIRONMENT: Readonly<Record<string, string>> = {};

/** How a function invoked asynchronously (by a schedule) treats a failed or late event. */
export interface AsyncInvokePolicy {
  readonly retryAttempts: number;
  readonly maxEventAge: Duration;
}

export interface GatekeeperFunctionProps {
  readonly functionId: FunctionId;
  /** Execution role from the stateful stack; imported immutable so nothing adds permissions implicitly. */
  readonly roleArn: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly logKey: kms.IKey;
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly reservedConcurrentExecutions?: number;
  readonly asyncInvoke?: AsyncInvokePolicy;
}

/** One gatekeeper function: Node 24 on arm64, bundled locally by esbuild, with its own encrypted log group. */
export class GatekeeperFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.IRole;

  constructor(scope: Construct, id: string, props: GatekeeperFunctionProps) {
    super(scope, id);
    this.role = iam.Role.fromRoleArn(this, 'Role', props.roleArn, { mutable: false });
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      encryptionKey: props.logKey,
      retention: LOG_RETENTION,
      removalPolicy: RETAIN_EXCEPT_ON_CREATE,
    });
    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(REPO_ROOT, FUNCTION_ENTRIES[props.functionId]),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      role: this.role,
      memorySize: props.memorySize,
      timeout: props.timeout,
      tracing: lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      environment: { ...props.environment, ...RUNTIME_ENVIRONMENT },
      ...(props.reservedConcurrentExecutions === undefined
        ? {}
        : { reservedConcurrentExecutions: props.reservedConcurrentExecutions }),
      ...(props.asyncInvoke ?? {}),
      bundling: FUNCTION_BUNDLING,
    });
  }

  /** The permissions every function needs to run: its own log group and X-Ray. */
  static runtimeStatements(logGroup: logs.ILogGroup): iam.PolicyStatement[] {
    return [
      new iam.PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
      new iam.PolicyStatement({
        sid: 'XRayTraces',
        actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
        resources: ['*'],
      }),
    ];
  }
}
