import { describe, expect, it } from 'vitest';
import { authorisedParts } from '../../support/aws-calls.ts';
import { isAllowed, unusedGrants } from '../../support/iam-evaluate.ts';
import { DeployedGrants, deployedResource } from '../../support/iam-grants.ts';

/**
 * The checker the grants integration test relies on, on a hand-written pair of templates shaped like
 * the synthesised ones: a role and table in one stack, the function and its managed policy in the
 * other, references crossing through an export and a stack output.
 */
const stateful = {
  Resources: {
    Role: { Type: 'AWS::IAM::Role', Properties: {} },
    Heads: { Type: 'AWS::DynamoDB::Table', Properties: {} },
    Log: { Type: 'AWS::DynamoDB::Table', Properties: {} },
    Key: {
      Type: 'AWS::KMS::Key',
      Properties: {
        KeyPolicy: {
          Statement: [
            {
              Sid: 'Use',
              Effect: 'Allow',
              Principal: { AWS: { 'Fn::GetAtt': ['Role', 'Arn'] } },
              Action: 'kms:GenerateMac',
              Resource: '*',
              Condition: { StringEquals: { 'kms:MacAlgorithm': 'HMAC_SHA_256' } },
            },
            {
              Sid: 'Other',
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::1:role/x' },
              Action: 'kms:Sign',
              Resource: '*',
            },
          ],
        },
      },
    },
  },
  Outputs: {
    RoleArnOut: { Value: { 'Fn::GetAtt': ['Role', 'Arn'] } },
    LogArn: { Value: { 'Fn::GetAtt': ['Log', 'Arn'] }, Export: { Name: 'stateful:LogArn' } },
    HeadsName: { Value: { Ref: 'Heads' }, Export: { Name: 'stateful:HeadsName' } },
    KeyArn: { Value: { 'Fn::GetAtt': ['Key', 'Arn'] }, Export: { Name: 'stateful:KeyArn' } },
  },
};

const importLog = { 'Fn::ImportValue': 'stateful:LogArn' };
const stateless = {
  Resources: {
    Fn: {
      Type: 'AWS::Lambda::Function',
      Metadata: { 'aws:cdk:path': 'Stateless/Functions/auditRead/Function/Resource' },
      Properties: {
        Role: { 'Fn::GetStackOutput': { StackName: 'stateful', OutputName: 'RoleArnOut' } },
        Environment: {
          Variables: {
            GK_TABLE_AUDIT_HEADS: { 'Fn::ImportValue': 'stateful:HeadsName' },
            GK_TABLE_AUDIT: importLog,
            GK_KEY_PSEUDONYM_AUDIT: { 'Fn::ImportValue': 'stateful:KeyArn' },
          },
        },
      },
    },
    Policy: {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: {
        Roles: [{ 'Fn::GetStackOutput': { StackName: 'stateful', OutputName: 'RoleArnOut' } }],
        PolicyDocument: {
          Statement: [
            {
              Sid: 'Heads',
              Effect: 'Allow',
              Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
              Resource: { 'Fn::ImportValue': 'stateful:HeadsName' },
            },
            {
              Sid: 'Search',
              Effect: 'Allow',
              Action: 'dynamodb:Query',
              Resource: [importLog, { 'Fn::Join': ['', [importLog, '/index/byType']] }],
            },
            {
              Sid: 'ViaDynamoDb',
              Effect: 'Allow',
              Action: 'kms:Decrypt',
              Resource: { 'Fn::ImportValue': 'stateful:KeyArn' },
              Condition: { StringEquals: { 'kms:ViaService': 'dynamodb.eu-west-2.amazonaws.com' } },
            },
            {
              Sid: 'NoPut',
              Effect: 'Deny',
              Action: 'dynamodb:PutItem',
              Resource: { 'Fn::ImportValue': 'stateful:HeadsName' },
            },
          ],
        },
      },
    },
  },
};

const local = {
  GK_TABLE_AUDIT_HEADS: 'local-heads',
  GK_TABLE_AUDIT: 'local-log',
  GK_KEY_PSEUDONYM_AUDIT: 'key-1',
  GK_KEY_PSEUDONYM_AUDIT_VERSION: '1',
};
const fn = new DeployedGrants([stateful, stateless]).function('auditRead');
const allowed = (
  action: string,
  resource: Parameters<typeof deployedResource>[0],
  context: Record<string, string> = {},
) => isAllowed(fn.grants, action, deployedResource(resource, local, fn), context);

describe('DeployedGrants', () => {
  it("finds the function's role through a stack output and its tables and keys through exports", () => {
    // Act / Assess
    expect(fn.roleId).toBe('Role');
    expect(deployedResource({ kind: 'table', table: 'local-log', index: 'byType' }, local, fn)).toBe(
      '<Log>/index/byType',
    );
    expect(deployedResource({ kind: 'key', keyId: 'key-1' }, local, fn)).toBe('<Key>');
  });

  it('allows only the granted action on the granted resource: a Query on an index needs the index ARN, a Scan nothing grants is refused', () => {
    // Act / Assess
    expect(allowed('dynamodb:GetItem', { kind: 'table', table: 'local-heads' })).toBe(true);
    expect(allowed('dynamodb:Scan', { kind: 'table', table: 'local-heads' })).toBe(false);
    expect(allowed('dynamodb:Query', { kind: 'table', table: 'local-log', index: 'byType' })).toBe(true);
    expect(allowed('dynamodb:Query', { kind: 'table', table: 'local-log', index: 'byPatient' })).toBe(false);
  });

  it('lets an unconditional Deny win, ignores Allows only valid via another service, and reads key policies naming the role', () => {
    // Act / Assess
    expect(allowed('dynamodb:PutItem', { kind: 'table', table: 'local-heads' })).toBe(false);
    expect(allowed('kms:Decrypt', { kind: 'key', keyId: 'key-1' })).toBe(false);
    expect(allowed('kms:GenerateMac', { kind: 'key', keyId: 'key-1' }, { 'kms:MacAlgorithm': 'HMAC_SHA_256' })).toBe(
      true,
    );
    expect(allowed('kms:Sign', { kind: 'key', keyId: 'key-1' })).toBe(false);
  });

  it("evaluates the key policy's algorithm condition against the request", () => {
    // Act / Assess
    expect(allowed('kms:GenerateMac', { kind: 'key', keyId: 'key-1' }, { 'kms:MacAlgorithm': 'HMAC_SHA_512' })).toBe(
      false,
    );
    expect(allowed('kms:GenerateMac', { kind: 'key', keyId: 'key-1' })).toBe(false);
  });

  it('refuses to map a resource no variable of the function configures', () => {
    // Act / Assess
    expect(() => deployedResource({ kind: 'table', table: 'someone-elses' }, local, fn)).toThrow(/no GK_TABLE_/);
  });

  it('lists the allowed (action, resource) pairs nothing used', () => {
    // Act
    const unused = unusedGrants(fn.grants, [
      { action: 'dynamodb:GetItem', resource: '<Heads>' },
      { action: 'dynamodb:Query', resource: '<Log>' },
    ]);

    // Assess
    expect(unused).toEqual([
      'Heads: dynamodb:PutItem on <Heads>',
      'Search: dynamodb:Query on <Log>/index/byType',
      'Use: kms:GenerateMac on <Key>',
    ]);
  });
});

describe('authorisedParts', () => {
  it('maps a transaction to the action of each item on its table, a batch to one action per table, a query to its index', () => {
    // Act
    const transaction = authorisedParts('DynamoDB', 'TransactWriteItems', {
      TransactItems: [
        { Put: { TableName: 'a' } },
        { Update: { TableName: 'b' } },
        { ConditionCheck: { TableName: 'c' } },
      ],
    });

    // Assess
    expect(transaction.map((part) => part.action)).toEqual([
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:ConditionCheckItem',
    ]);
    // Act / Assess
    expect(authorisedParts('DynamoDB', 'BatchGetItem', { RequestItems: { a: {}, b: {} } })).toHaveLength(2);
    expect(authorisedParts('DynamoDB', 'Query', { TableName: 'a', IndexName: 'byType' })).toEqual([
      { action: 'dynamodb:Query', resource: { kind: 'table', table: 'a', index: 'byType' }, context: {} },
    ]);
    expect(authorisedParts('S3', 'HeadObject', { Bucket: 'b', Key: 'k' })[0]!.action).toBe('s3:GetObject');
    expect(
      authorisedParts('KMS', 'Sign', {
        KeyId: 'k',
        SigningAlgorithm: 'ED25519_SHA_512',
        Message: new Uint8Array(1),
      })[0]!.context,
    ).toEqual({ 'kms:SigningAlgorithm': 'ED25519_SHA_512' });
  });
});
