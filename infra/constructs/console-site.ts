import { fileURLToPath } from 'node:url';
import path from 'node:path';
import {
  Duration,
  Validations,
  aws_apigateway as apigw,
  aws_iam as iam,
  aws_lambda as lambda,
  aws_logs as logs,
} from 'aws-cdk-lib';
import type { aws_kms as kms } from 'aws-cdk-lib';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { FUNCTION_BUNDLING, LOG_RETENTION, RUNTIME_ENVIRONMENT } from './gatekeeper-function.ts';
import { RETAIN_EXCEPT_ON_CREATE } from './retry-safe.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ConsoleSiteProps {
  readonly api: apigw.RestApi;
  readonly audience: string;
  readonly logKey: kms.IKey;
}

/**
 * The console (console.md §3) served by the API itself at /console/: same origin as the endpoints
 * it signs requests to, behind the same stage, throttle, web ACL and access logs. A function with
 * no permission beyond its own log group returns the built files (written next to its code when it
 * is bundled) with the console's security headers; it reads no table and holds no key.
 */
export class ConsoleSite extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: ConsoleSiteProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', {
      encryptionKey: props.logKey,
      retention: LOG_RETENTION,
      removalPolicy: RETAIN_EXCEPT_ON_CREATE,
    });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'The console function: writes its own logs, nothing else',
    });
    // A managed policy, as every gatekeeper function has: one reviewable document of its grants.
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'Least privilege of the console function: its own log group',
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [logGroup.logGroupArn],
        }),
      ],
    });
    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(REPO_ROOT, 'infra/console/lambda-handler.ts'),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      role,
      memorySize: 256,
      timeout: Duration.seconds(5),
      logGroup,
      environment: { ...RUNTIME_ENVIRONMENT },
      bundling: {
        ...FUNCTION_BUNDLING,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir, outputDir) => [
            `"${process.execPath}" "${path.join(REPO_ROOT, 'infra/console/write-assets.ts')}" "${outputDir}/console" "${props.audience}"`,
          ],
        },
      },
    });
    this.function.node.addDependency(policy);
    const integration = new apigw.LambdaIntegration(this.function, { proxy: true, allowTestInvoke: false });
    const root = props.api.root.resourceForPath('/console');
    root.addMethod('GET', integration, {
      authorizationType: apigw.AuthorizationType.NONE,
      operationName: 'getConsole',
    });
    root.addResource('{file}').addMethod('GET', integration, {
      authorizationType: apigw.AuthorizationType.NONE,
      operationName: 'getConsoleFile',
    });
    this.acknowledge();
  }

  private acknowledge(): void {
    Validations.of(this.function).acknowledge(
      {
        id: 'HIPAA.Security-LambdaDLQ',
        reason: 'Invoked synchronously by API Gateway to return a static file; there is no event to dead-letter.',
      },
      {
        id: 'HIPAA.Security-LambdaInsideVPC',
        reason: 'Returns files bundled with its own code and calls nothing: there is no network resource to protect.',
      },
      {
        id: 'HIPAA.Security-LambdaConcurrency',
        reason: 'Bounded by the API stage throttle (rate and burst), like the API functions it sits beside.',
      },
    );
  }
}
