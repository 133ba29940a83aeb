import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { logicalIdOf, resourceOf, synthGatekeeper } from './gatekeeper-app.ts';
import type { CfnResource } from './gatekeeper-app.ts';

let stateful: Template;
let stateless: Template;

beforeAll(() => {
  ({ statefulTemplate: stateful, statelessTemplate: stateless } = synthGatekeeper());
});

const RETAINING = ['Retain', 'RetainExceptOnCreate'];
const resourcesOf = (template: Template) =>
  Object.entries(template.toJSON()['Resources'] as Record<string, CfnResource>);
/** Top-level properties that set a physical name (TableName, BucketName, LogGroupName, ...). */
const physicalNames = (resource: CfnResource) =>
  Object.entries(resource.Properties ?? {}).filter(([key]) => key.endsWith('Name'));
const derivesFromStackId = (value: unknown) => JSON.stringify(value).includes('{"Ref":"AWS::StackId"}');

describe('a failed or repeated deploy can simply be retried', () => {
  it('gives no resource that outlives its stack a name that a new stack instance would reuse', () => {
    // Prepare
    const retained = [...resourcesOf(stateful), ...resourcesOf(stateless)].filter(([, r]) =>
      RETAINING.includes(r.DeletionPolicy ?? ''),
    );

    // Act
    const collisions = retained.flatMap(([id, resource]) =>
      physicalNames(resource)
        .filter(([, value]) => !derivesFromStackId(value))
        .map(([key, value]) => `${id}.${key}=${JSON.stringify(value)}`),
    );

    // Assess
    expect(retained.length).toBeGreaterThan(20);
    expect(collisions).toEqual([]);
  });

  it('names the WAF log group with the prefix WAF requires and a suffix drawn from the stack id', () => {
    // Act
    const name = resourceOf(stateless, logicalIdOf(stateless, 'AWS::Logs::LogGroup', 'Firewall/Logs/')).Properties[
      'LogGroupName'
    ];

    // Assess
    expect(JSON.stringify(name)).toMatch(/^\{"Fn::Join":\["-",\["aws-waf-logs-gatekeeper",\{/);
    expect(derivesFromStackId(name)).toBe(true);
  });

  it.each([
    ['stateful', 'AWS::S3::Bucket', 'AuditArchive/Bucket/'],
    ['stateful', 'AWS::Backup::BackupVault', 'Backups/Vault/'],
    ['stateless', 'AWS::SQS::Queue', 'ArchiverFailures/'],
    ['stateless', 'AWS::Logs::LogGroup', 'Firewall/Logs/'],
    ['stateless', 'AWS::Logs::LogGroup', 'Api/AccessLogs/'],
    ['stateless', 'AWS::Logs::LogGroup', 'Functions/disclosures/Logs/'],
  ])(
    '%s %s at %s is kept on update and delete, and removed only when its own creation rolls back',
    (stack, type, path) => {
      // Prepare
      const template = stack === 'stateful' ? stateful : stateless;

      // Act / Assess
      expect(resourceOf(template, logicalIdOf(template, type, path))).toMatchObject({
        DeletionPolicy: 'RetainExceptOnCreate',
        UpdateReplacePolicy: 'Retain',
      });
    },
  );

  it('keeps every log group of the stateless stack when it is destroyed', () => {
    // Act / Assess
    for (const [, group] of resourcesOf(stateless).filter(([, r]) => r.Type === 'AWS::Logs::LogGroup')) {
      expect(group.DeletionPolicy).toBe('RetainExceptOnCreate');
    }
  });

  it.each([
    // Deletion protection would make a rollback's DeleteTable fail and strand the stack.
    ['AWS::DynamoDB::Table', 'Tables/AuditLog/'],
    // The key policy denies ScheduleKeyDeletion to everyone but break-glass, CloudFormation included.
    ['AWS::KMS::Key', 'CryptoKeys/Checkpoint/'],
    // Server access logs may already be in it, and a rollback cannot delete a bucket that is not empty.
    ['AWS::S3::Bucket', 'AuditArchive/AccessLogs/'],
  ])('%s at %s stays RETAIN even on a failed create, which it could not undo', (type, path) => {
    // Act / Assess
    expect(resourceOf(stateful, logicalIdOf(stateful, type, path)).DeletionPolicy).toBe('Retain');
  });
});
