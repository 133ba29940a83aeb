import { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { OVER_256_KIB, OVER_5_MIB } from '../../../infra/constructs/api-firewall.ts';
import { FUNCTION_ENTRIES, ROUTES } from '../../../infra/routes.ts';
import { TABLES } from '../../../infra/tables.ts';
import { PROBLEMS, problemDocumentOf } from '../../../functions/lib/problems.ts';
import { ENV } from '../../../shared/config/environment.ts';
import { readDeploymentConfig } from '../../../infra/stacks/config.ts';
import type { StatefulResources } from '../../../infra/stacks/stateful-stack.ts';
import { functionEnvironment } from '../../../infra/stacks/stateless-stack.ts';
import { logicalIdOf, resourceOf, synthGatekeeper } from './gatekeeper-app.ts';
import type { CfnResource } from './gatekeeper-app.ts';

type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: unknown };

let stateful: Template;
let stateless: Template;
let statefulResources: StatefulResources;

beforeAll(() => {
  const synthesised = synthGatekeeper();
  ({ statefulTemplate: stateful, statelessTemplate: stateless } = synthesised);
  statefulResources = synthesised.stateful.resources;
});

const resources = (template: Template) => Object.values(template.toJSON()['Resources'] as Record<string, CfnResource>);
/** The gatekeeper's own functions: all but the console's static-file function (console-site.test.ts). */
const gatekeeperFunctions = (template: Template) =>
  resources(template).filter(
    (r) =>
      r.Type === 'AWS::Lambda::Function' &&
      !String((r as { Metadata?: Record<string, unknown> }).Metadata?.['aws:cdk:path']).includes('/Console/'),
  );
/** GET /console and GET /console/{file}: the console's, outside the operation table. */
const CONSOLE_METHODS = 2;

/** Every statement of every identity policy (inline or managed) in both stacks. */
function identityStatements(): Statement[] {
  const statements: Statement[] = [];
  for (const resource of [...resources(stateful), ...resources(stateless)]) {
    const props = resource.Properties ?? {};
    const documents =
      resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy'
        ? [props['PolicyDocument']]
        : resource.Type === 'AWS::IAM::Role'
          ? ((props['Policies'] ?? []) as { PolicyDocument: unknown }[]).map((p) => p.PolicyDocument)
          : [];
    for (const document of documents) statements.push(...(document as { Statement: Statement[] }).Statement);
  }
  return statements;
}
const actionsOf = (s: Statement) => [s.Action].flat();
const resourcesOf = (s: Statement) => [s.Resource].flat();

function managedPolicyStatements(functionId: string): Statement[] {
  const id = logicalIdOf(stateless, 'AWS::IAM::ManagedPolicy', `Functions/${functionId}Policy/`);
  return (resourceOf(stateless, id).Properties['PolicyDocument'] as { Statement: Statement[] }).Statement;
}

describe('least privilege', () => {
  it('grants nobody UpdateItem, DeleteItem, BatchWriteItem or a dynamodb wildcard on the AuditLog table', () => {
    // Act
    const auditLogId = logicalIdOf(stateful, 'AWS::DynamoDB::Table', 'Tables/AuditLog/');
    const onAuditLog = identityStatements().filter(
      (s) => s.Effect === 'Allow' && JSON.stringify(s.Resource).includes(auditLogId),
    );

    // Assess
    expect(onAuditLog.length).toBeGreaterThan(0);
    const forbidden = [
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:PartiQLUpdate',
      'dynamodb:PartiQLDelete',
    ];
    for (const statement of onAuditLog) {
      for (const action of actionsOf(statement)) {
        expect(forbidden).not.toContain(action);
        expect(action).not.toContain('*');
      }
    }
  });

  it('has no dynamodb:* or kms:* action, and no KMS action on a wildcard resource, in any identity policy', () => {
    // Act / Assess
    for (const statement of identityStatements()) {
      for (const action of actionsOf(statement)) {
        if (action.startsWith('dynamodb:') || action.startsWith('kms:')) expect(action).not.toContain('*');
        if (action.startsWith('kms:')) expect(resourcesOf(statement)).not.toContain('*');
      }
    }
  });

  it('uses wildcard resources only for X-Ray', () => {
    // Act
    const wildcard = identityStatements().filter((s) => resourcesOf(s).includes('*'));

    // Assess
    for (const statement of wildcard) expect(actionsOf(statement).every((a) => a.startsWith('xray:'))).toBe(true);
  });

  it('gives the public function no data access at all', () => {
    // Act
    const actions = managedPolicyStatements('public').flatMap(actionsOf);

    // Assess
    expect(actions.filter((a) => !a.startsWith('logs:') && !a.startsWith('xray:'))).toEqual([]);
  });

  it.each([
    ['admin', ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']],
    ['records', ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query']],
    [
      'disclosures',
      [
        'dynamodb:GetItem',
        'dynamodb:BatchGetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:Query',
        'dynamodb:ConditionCheckItem',
      ],
    ],
    ['auditRead', ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:BatchGetItem']],
    ['checkpointer', ['dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:Scan']],
    ['archiver', []],
  ])('%s uses only the DynamoDB actions of the grant table', (functionId, allowed) => {
    // Act
    const used = new Set(
      managedPolicyStatements(functionId)
        .flatMap(actionsOf)
        .filter((a) => a.startsWith('dynamodb:')),
    );

    // Assess
    expect([...used].sort()).toEqual([...allowed].sort());
  });

  it('lets the records function query only the byPatient index of the audit log', () => {
    // Act
    const history = managedPolicyStatements('records').find((s) => s.Sid === 'DisclosureHistory')!;

    // Assess
    expect(JSON.stringify(history.Resource)).toContain('/index/byPatient');
    expect(resourcesOf(history)).toHaveLength(1);
  });

  it('lets the archiver write only objects of the archive bucket and read only the audit stream', () => {
    // Act
    const statements = (Object.values(stateful.findResources('AWS::IAM::ManagedPolicy'))[0] as CfnResource).Properties![
      'PolicyDocument'
    ] as {
      Statement: Statement[];
    };
    const write = statements.Statement.find((s) => s.Sid === 'WriteArchive')!;

    // Assess
    expect(actionsOf(write)).toEqual(['s3:GetObject', 's3:PutObject', 's3:PutObjectRetention']);
    expect(JSON.stringify(write.Resource)).toContain(logicalIdOf(stateful, 'AWS::S3::Bucket', 'AuditArchive/Bucket/'));
  });
});

describe('functions', () => {
  it('runs every function on nodejs24.x, arm64, traced, logging to a CMK-encrypted group', () => {
    // Act
    const functions = gatekeeperFunctions(stateless);

    // Assess
    expect(functions).toHaveLength(Object.keys(FUNCTION_ENTRIES).length);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Handler: 'index.handler',
      });
    }
    stateless.allResourcesProperties('AWS::Logs::LogGroup', { KmsKeyId: Match.anyValue(), RetentionInDays: 365 });
  });

  it('configures every function through the environment shared/config parses', () => {
    // Prepare
    const expected = [
      'GK_DEPLOYMENT',
      'GK_AUDIENCE',
      ...TABLES.map((t) => t.envVar),
      'GK_KEY_PSEUDONYM_PHIN',
      'GK_KEY_PSEUDONYM_PHIN_VERSION',
      'GK_KEY_PSEUDONYM_AUDIT',
      'GK_KEY_PSEUDONYM_AUDIT_VERSION',
      'GK_KEY_CHECKPOINT',
      'GK_KEY_AUTHORISATION',
      'GK_ARCHIVE_BUCKET',
      'POWERTOOLS_SERVICE_NAME',
    ];

    // Act / Assess
    for (const fn of gatekeeperFunctions(stateless)) {
      expect(fn.Properties).toMatchObject({
        Environment: {
          Variables: expect.objectContaining({
            ...Object.fromEntries(expected.map((name) => [name, expect.anything()])),
            GK_KEY_PSEUDONYM_PHIN_VERSION: '1',
            POWERTOOLS_SERVICE_NAME: 'gatekeeper',
          }) as unknown,
        },
      });
    }
  });

  it('sets only variables the config parser names, and no local configuration', () => {
    // Prepare
    const known = new Set<string>(Object.values(ENV));
    // Act
    const functions = resources(stateless).filter((r) => r.Type === 'AWS::Lambda::Function');
    const names = functions.flatMap((fn) =>
      Object.keys(
        (fn.Properties!['Environment'] as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {},
      ),
    );
    // Assess
    expect(names.filter((name) => name.startsWith('GK_') && !known.has(name))).toEqual([]);
    expect(names).not.toContain(ENV.policySwitches);
    expect(names).not.toContain(ENV.signCheckpointsOnRead);
  });

  it('gives every function the policy switches the deployment chose (checked at synth: stateful.test.ts)', () => {
    // Prepare
    const chosen = { 'police.voluntary': 'DENY', 'se-default': { 'se.police': 'DENY' } };
    const config = readDeploymentConfig(new App({ context: { 'gatekeeper:policySwitches': chosen } }));

    // Act
    const environment = functionEnvironment(config, statefulResources);

    // Assess
    expect(JSON.parse(environment[ENV.policySwitches]!)).toEqual(chosen);
  });

  it('signs checkpoints one run at a time, every minute', () => {
    // Act / Assess
    stateless.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 1, Timeout: 55 });
    stateless.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)' });
  });

  it('archives the audit stream with bisection, bounded retries and an encrypted failure queue', () => {
    // Act / Assess
    stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 10,
      StartingPosition: 'TRIM_HORIZON',
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('ArchiverFailures'), 'Arn'] } },
      },
    });
    stateless.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: Match.anyValue() });
  });
});

describe('API', () => {
  it('has one method per route, unauthorised at the gateway (requests are signed), proxied to its function', () => {
    // Prepare
    const paths = new Set(ROUTES.map((route) => route.path)).size;

    // Act / Assess
    stateless.resourceCountIs('AWS::ApiGateway::Method', ROUTES.length + paths + CONSOLE_METHODS);
    stateless.allResourcesProperties('AWS::ApiGateway::Method', {
      AuthorizationType: 'NONE',
      Integration: { Type: 'AWS_PROXY' },
    });

    // Act
    const pathParts = resources(stateless)
      .filter((r) => r.Type === 'AWS::ApiGateway::Resource')
      .map((r) => r.Properties!['PathPart']);

    // Assess
    expect(pathParts).toEqual(expect.arrayContaining(['.well-known', 'jwks.json', 'v1', '{patientId}', 'batch']));
    for (const route of ROUTES) {
      stateless.hasResourceProperties('AWS::ApiGateway::Method', {
        HttpMethod: route.method,
        OperationName: route.operationId,
      });
    }
  });

  it("sends any other method of a path to that path's function, which answers 405 naming the path's methods", () => {
    // Prepare
    const methods = Object.values(stateless.findResources('AWS::ApiGateway::Method')) as CfnResource[];
    const byResource = new Map<string, CfnResource[]>();
    for (const method of methods) {
      const key = JSON.stringify(method.Properties!['ResourceId']);
      byResource.set(key, [...(byResource.get(key) ?? []), method]);
    }

    // Act
    const catchAlls = methods.filter((method) => method.Properties!['HttpMethod'] === 'ANY');

    // Assess
    expect(catchAlls).toHaveLength(new Set(ROUTES.map((route) => route.path)).size);
    for (const catchAll of catchAlls) {
      const siblings = byResource.get(JSON.stringify(catchAll.Properties!['ResourceId']))!;
      const uris = new Set(siblings.map((method) => JSON.stringify(method.Properties!['Integration'])));
      expect(uris.size, 'every method of a path, ANY included, is one integration').toBe(1);
    }
  });

  it('logs access as JSON to an encrypted group, throttles, traces and never logs bodies', () => {
    // Act / Assess
    stateless.hasResourceProperties('AWS::ApiGateway::Stage', {
      TracingEnabled: true,
      AccessLogSetting: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('"requestId"') },
      MethodSettings: [
        Match.objectLike({
          DataTraceEnabled: false,
          LoggingLevel: 'ERROR',
          ThrottlingRateLimit: 100,
          ThrottlingBurstLimit: 200,
        }),
      ],
    });

    // Act
    const api = Object.values(stateless.findResources('AWS::ApiGateway::RestApi'))[0] as CfnResource;

    // Assess
    expect(api.Properties).not.toHaveProperty('MinimumCompressionSize');
  });

  it('passes every body to the functions byte-exact (base64), since the signature digests raw bytes', () => {
    // Act / Assess
    stateless.hasResourceProperties('AWS::ApiGateway::RestApi', { BinaryMediaTypes: ['*/*'] });
  });

  it('puts a web ACL with size limits and the AWS common rule set in front of the stage', () => {
    // Act / Assess
    stateless.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      Rules: Match.arrayWith([
        Match.objectLike({ Name: 'BodyOver5MiB', Action: { Block: {} } }),
        Match.objectLike({ Name: 'AWSManagedRulesCommonRuleSet' }),
      ]),
    });
    stateless.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
    stateless.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: Match.arrayWith([{ SingleHeader: { Name: 'authorization' } }]),
    });
  });

  it.each([
    [OVER_5_MIB, 5 * 1024 * 1024],
    [OVER_256_KIB, 256 * 1024],
  ])('the Content-Length pattern %s matches exactly the values above %i', (pattern, limit) => {
    // Prepare
    const regex = new RegExp(pattern);

    // Act / Assess
    for (const value of [0, 1, 9, 10, limit - 1, limit, 99_999, 100_000, 999_999, 1_000_000, 9_999_999, 10_485_760]) {
      if (value <= limit) expect(regex.test(String(value)), String(value)).toBe(false);
    }
    for (let value = limit + 1; value < limit + 2000; value++)
      expect(regex.test(String(value)), String(value)).toBe(true);
    for (const value of [limit * 2, limit * 10, 10_485_760, 123_456_789])
      expect(regex.test(String(value)), String(value)).toBe(true);
    for (let value = Math.max(0, limit - 2000); value <= limit; value++)
      expect(regex.test(String(value)), String(value)).toBe(false);
  });
});

describe('alarms', () => {
  it('alarms on AuditUnavailable, API 5XX and every function error and throttle, to an encrypted topic', () => {
    // Act / Assess
    stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Gatekeeper',
      MetricName: 'AuditUnavailable',
      Threshold: 1,
      Period: 60,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('AlarmsTopic') }],
    });
    stateless.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: '5XXError', Namespace: 'AWS/ApiGateway' });

    // Act
    const functionCount = Object.keys(FUNCTION_ENTRIES).length;
    const alarms = resources(stateless).filter((r) => r.Type === 'AWS::CloudWatch::Alarm');

    // Assess
    expect(alarms.filter((a) => a.Properties!['MetricName'] === 'Errors')).toHaveLength(functionCount);
    expect(alarms.filter((a) => a.Properties!['MetricName'] === 'Throttles')).toHaveLength(functionCount);
    stateless.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  });

  it('alarms on any review case overdue (the gauge the checkpointer publishes every minute)', () => {
    // Act / Assess
    stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Gatekeeper',
      MetricName: 'OverdueReviews',
      Statistic: 'Maximum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('AlarmsTopic') }],
    });
  });

  it('alarms on any notification to an earlier recipient overdue (the gauge published with it)', () => {
    // Act / Assess
    stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Gatekeeper',
      MetricName: 'OverdueNotifications',
      Statistic: 'Maximum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('AlarmsTopic') }],
    });
  });
});

// What API Gateway answers where no function runs is the error catalogue's document for the code,
// the one a function (and the local server, test/unit/infra/http-server.test.ts) answers with.
describe('API Gateway gateway responses', () => {
  it('answer not_found, rate_limited and payload_too_large with the catalogue rows, uncached', () => {
    // Act
    const responses = Object.values(stateless.findResources('AWS::ApiGateway::GatewayResponse')).map(
      (resource) => (resource as { Properties: Record<string, unknown> }).Properties,
    );

    // Assess
    interface GatewayResponse {
      readonly StatusCode?: string;
      readonly ResponseTemplates?: Record<string, string>;
      readonly ResponseParameters?: Record<string, string>;
    }
    const byType = new Map(responses.map((response) => [response['ResponseType'], response as GatewayResponse]));
    for (const [type, code] of [
      ['MISSING_AUTHENTICATION_TOKEN', 'not_found'],
      ['THROTTLED', 'rate_limited'],
      ['REQUEST_TOO_LARGE', 'payload_too_large'],
    ] as const) {
      const response = byType.get(type);
      expect(response?.StatusCode).toBe(String(PROBLEMS[code].status));
      expect(JSON.parse(response?.ResponseTemplates?.['application/json'] ?? 'null')).toEqual(
        problemDocumentOf(code, '$context.requestId'),
      );
      expect(response?.ResponseParameters).toMatchObject({
        'gatewayresponse.header.Content-Type': "'application/problem+json'",
        'gatewayresponse.header.Cache-Control': "'no-store'",
      });
    }
    expect(byType.get('THROTTLED')?.ResponseParameters).toMatchObject({
      'gatewayresponse.header.Retry-After': "'1'",
    });
  });
});
