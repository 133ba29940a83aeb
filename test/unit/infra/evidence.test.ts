import { readFileSync } from 'node:fs';
import { Match } from 'aws-cdk-lib/assertions';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_LOG_DENIED_ACTIONS } from '../../../infra/constructs/data-tables.ts';
import { logicalIdOf, resourceOf, synthGatekeeper } from './gatekeeper-app.ts';

let stateful: Template;
let stateless: Template;

beforeAll(() => {
  ({ statefulTemplate: stateful, statelessTemplate: stateless } = synthGatekeeper());
});

const arnOf = (template: Template, type: string, path: string) => ({
  'Fn::GetAtt': [logicalIdOf(template, type, path), 'Arn'],
});
const tableArn = (id: string) => arnOf(stateful, 'AWS::DynamoDB::Table', `Tables/${id}/`);
type Statement = { Sid?: string; Effect: string; Principal?: unknown; Action: string | string[]; Condition?: unknown };
const dataKeyStatements = () =>
  (
    resourceOf(stateful, logicalIdOf(stateful, 'AWS::KMS::Key', 'DataKey/')).Properties['KeyPolicy'] as {
      Statement: Statement[];
    }
  ).Statement;

describe('the evidence trail', () => {
  it('records every data-plane call on the audit and records tables and the archive, and management writes', () => {
    // Act
    const trail = resourceOf(stateful, logicalIdOf(stateful, 'AWS::CloudTrail::Trail', 'EvidenceTrail/'));

    // Assess
    expect(trail.Properties).toMatchObject({
      EnableLogFileValidation: true,
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      IsLogging: true,
      KMSKeyId: arnOf(stateful, 'AWS::KMS::Key', 'DataKey/'),
      EventSelectors: [
        { ReadWriteType: 'WriteOnly', IncludeManagementEvents: true, DataResources: [] },
        {
          ReadWriteType: 'All',
          IncludeManagementEvents: false,
          DataResources: [
            {
              Type: 'AWS::DynamoDB::Table',
              Values: [tableArn('AuditLog'), tableArn('AuditHeads'), tableArn('Records')],
            },
            {
              Type: 'AWS::S3::Object',
              Values: [{ 'Fn::Join': ['', [arnOf(stateful, 'AWS::S3::Bucket', 'AuditArchive/Bucket/'), '/']] }],
            },
          ],
        },
      ],
    });
  });

  it('writes to a retained, versioned bucket under the CMK, which CloudTrail of this account may encrypt with', () => {
    // Act
    const bucket = resourceOf(stateful, logicalIdOf(stateful, 'AWS::S3::Bucket', 'EvidenceTrail/Bucket/'));

    // Assess
    expect(bucket).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: { VersioningConfiguration: { Status: 'Enabled' } },
    });

    // Act
    const encrypt = dataKeyStatements().find((s) => s.Sid === 'CloudTrailEncryptsTrailsOfThisAccount');

    // Assess
    expect(encrypt).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'kms:GenerateDataKey*',
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    });
  });

  it('is left to the organisation trail when the deployment says one records this account', () => {
    // Act
    const withOrgTrail = synthGatekeeper({ 'gatekeeper:organisationTrail': 'true' }).statefulTemplate;

    // Assess
    withOrgTrail.resourceCountIs('AWS::CloudTrail::Trail', 0);
    expect(JSON.stringify(withOrgTrail.toJSON())).not.toContain('cloudtrail.amazonaws.com');
    // It tells the organisation's trail administrators exactly what to select.
    const tableArns = ['AuditLog', 'AuditHeads', 'Records'].map((id) => ({
      'Fn::GetAtt': [logicalIdOf(withOrgTrail, 'AWS::DynamoDB::Table', `Tables/${id}/`), 'Arn'],
    }));
    withOrgTrail.hasOutput('TrailDataEventTables', { Value: { 'Fn::Join': [',', tableArns] } });
    withOrgTrail.hasOutput('TrailDataEventObjects', { Value: Match.objectLike({ 'Fn::Join': Match.anyValue() }) });
    stateful.resourceCountIs('AWS::CloudTrail::Trail', 1);
  });
});

describe('the AuditLog table', () => {
  const policyOf = (id: string) =>
    resourceOf(stateful, logicalIdOf(stateful, 'AWS::DynamoDB::Table', `Tables/${id}/`)).Properties['ResourcePolicy'];

  it('denies every principal each write that could change or remove an entry, and leaves the append (PutItem) open', () => {
    // Act / Assess
    expect(policyOf('AuditLog')).toEqual({
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AuditEntriesAreAppendOnly',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: [...AUDIT_LOG_DENIED_ACTIONS].sort(),
            Resource: '*',
          },
        ],
      },
    });
    for (const action of [
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:PartiQLUpdate',
      'dynamodb:PartiQLDelete',
    ]) {
      expect(AUDIT_LOG_DENIED_ACTIONS).toContain(action);
    }
    expect(AUDIT_LOG_DENIED_ACTIONS).not.toContain('dynamodb:PutItem');
    expect(policyOf('Records')).toBeUndefined();
  });

  it('is written by adapters that only put, so the deny can never refuse a legitimate append', () => {
    // Act / Assess
    for (const file of ['shared/adapters/dynamodb/audit-log.ts', 'shared/adapters/dynamodb/audit-store.ts']) {
      const source = readFileSync(new URL(`../../../${file}`, import.meta.url), 'utf8');
      expect(source, file).not.toMatch(
        /UpdateCommand|DeleteCommand|BatchWriteCommand|ExecuteStatement|\b(Update|Delete): \{/,
      );
    }
  });
});

describe('key changes', () => {
  it('reach the alarm topic for PutKeyPolicy, ScheduleKeyDeletion and DisableKey on any of the five keys', () => {
    // Act
    const rules = Object.values(
      stateless.findResources('AWS::Events::Rule', {
        Properties: { EventPattern: Match.objectLike({ source: ['aws.kms'] }) },
      }),
    );

    // Assess
    expect(rules).toHaveLength(1);
    type KeyMatch = { resources?: { ARN: unknown[] }; requestParameters?: { keyId: unknown[] } };
    const properties = rules[0]!['Properties'] as {
      EventPattern: { detail: { eventName: string[]; $or: KeyMatch[] } };
      Targets: { Arn: unknown }[];
    };
    const { eventName, $or: keyMatches } = properties.EventPattern.detail;
    expect(eventName).toEqual(['PutKeyPolicy', 'ScheduleKeyDeletion', 'DisableKey']);
    const [byResource, byRequest] = keyMatches;
    expect(byResource!.resources!.ARN).toHaveLength(5);
    // A refused call names the key only as the caller did: by id or by ARN.
    expect(byRequest!.requestParameters!.keyId).toHaveLength(10);
    for (const key of [
      'DataKey',
      'CryptoKeysPseudonymPhin',
      'CryptoKeysPseudonymAudit',
      'CryptoKeysCheckpoint',
      'CryptoKeysAuthorisation',
    ]) {
      expect(JSON.stringify(byResource)).toContain(`PublishOutputFnGetAtt${key}`);
      expect(JSON.stringify(byRequest)).toContain(`PublishOutputRef${key}`);
    }
    const topic = { Ref: logicalIdOf(stateless, 'AWS::SNS::Topic', 'Alarms/Topic/') };
    expect(properties.Targets).toEqual([expect.objectContaining({ Arn: topic })]);
  });

  it('may publish to the encrypted topic only as that rule', () => {
    // Prepare
    const ruleArn = arnOf(stateless, 'AWS::Events::Rule', 'KeyChanges/');

    // Act / Assess
    stateless.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: { ArnEquals: { 'aws:SourceArn': ruleArn } },
          }),
        ]),
      },
    });

    // Act
    const topicStatements = Object.values(stateless.findResources('AWS::SNS::TopicPolicy')).flatMap(
      (policy) => (policy['Properties'] as { PolicyDocument: { Statement: Statement[] } }).PolicyDocument.Statement,
    );
    const byEventBridge = topicStatements.filter((s) => JSON.stringify(s.Principal).includes('events.amazonaws.com'));

    // Assess
    expect(byEventBridge).toHaveLength(1);
    expect(byEventBridge[0]!.Condition).toBeDefined();
    expect(dataKeyStatements()).toContainEqual(
      expect.objectContaining({
        Principal: { Service: 'events.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      }),
    );
  });
});

describe('the web ACL', () => {
  it('keeps paths, query strings and the signature header out of its logs', () => {
    // Act / Assess
    stateless.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: [{ SingleHeader: { Name: 'authorization' } }, { UriPath: {} }, { QueryString: {} }],
    });
  });

  it('only counts the common rules that clinical traffic trips: no User-Agent, large or markup-like bodies', () => {
    // Act
    const acl = Object.values(stateless.findResources('AWS::WAFv2::WebACL'))[0]!['Properties'] as {
      Rules: { Name: string; Statement: unknown }[];
    };
    const common = acl.Rules.find((rule) => rule.Name === 'AWSManagedRulesCommonRuleSet')!;

    // Assess
    expect(common.Statement).toEqual({
      ManagedRuleGroupStatement: {
        VendorName: 'AWS',
        Name: 'AWSManagedRulesCommonRuleSet',
        RuleActionOverrides: ['SizeRestrictions_BODY', 'NoUserAgent_HEADER', 'CrossSiteScripting_BODY'].map((name) => ({
          Name: name,
          ActionToUse: { Count: {} },
        })),
      },
    });
    const badInputs = acl.Rules.find((rule) => rule.Name === 'AWSManagedRulesKnownBadInputsRuleSet')!;
    expect(JSON.stringify(badInputs)).not.toContain('RuleActionOverrides');
  });
});
