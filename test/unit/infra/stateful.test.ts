import { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { readDeploymentConfig } from '../../../infra/stacks/config.ts';
import { TABLES } from '../../../infra/tables.ts';
import { logicalIdOf, resourceOf, synthGatekeeper } from './gatekeeper-app.ts';

// One synthesis per file: the first synthesis in a process costs seconds (module loading).
let stateful: Template;
let dataKeyId: string;

beforeAll(() => {
  stateful = synthGatekeeper({ 'gatekeeper:retentionYears': 10 }).statefulTemplate;
  dataKeyId = logicalIdOf(stateful, 'AWS::KMS::Key', 'DataKey/');
});

type Statement = {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Principal?: { AWS?: unknown };
  Condition?: unknown;
};

const keyPolicy = (pathPart: string): Statement[] => {
  const id = logicalIdOf(stateful, 'AWS::KMS::Key', pathPart);
  return (resourceOf(stateful, id).Properties['KeyPolicy'] as { Statement: Statement[] }).Statement;
};
const actions = (statement: Statement) => [statement.Action].flat();
const roleArn = (functionId: string) => ({
  'Fn::GetAtt': [logicalIdOf(stateful, 'AWS::IAM::Role', `FunctionRoles/${functionId}/`), 'Arn'],
});
const principals = (statement: Statement) => sortByJson([statement.Principal?.AWS].flat());
const sortByJson = <T>(values: T[]): T[] =>
  [...values].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('KMS keys', () => {
  it.each([
    ['CryptoKeys/PseudonymPhin', 'HMAC_256', 'GENERATE_VERIFY_MAC', 'alias/gatekeeper/pseudonym-phin'],
    ['CryptoKeys/PseudonymAudit', 'HMAC_256', 'GENERATE_VERIFY_MAC', 'alias/gatekeeper/pseudonym-audit'],
    ['CryptoKeys/Checkpoint', 'ECC_NIST_EDWARDS25519', 'SIGN_VERIFY', 'alias/gatekeeper/checkpoint'],
    ['CryptoKeys/Authorisation', 'ECC_NIST_P256', 'SIGN_VERIFY', 'alias/gatekeeper/authorisation'],
  ])('%s is %s for %s, aliased %s and retained', (pathPart, keySpec, keyUsage, aliasName) => {
    // Act
    const id = logicalIdOf(stateful, 'AWS::KMS::Key', pathPart);

    // Assess
    expect(resourceOf(stateful, id)).toMatchObject({
      Properties: { KeySpec: keySpec, KeyUsage: keyUsage },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    stateful.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: aliasName,
      TargetKeyId: { 'Fn::GetAtt': [id, 'Arn'] },
    });
  });

  it('encrypts data at rest with a rotating symmetric customer-managed key', () => {
    // Act / Assess
    stateful.hasResourceProperties('AWS::KMS::Key', { KeySpec: 'SYMMETRIC_DEFAULT', EnableKeyRotation: true });
  });

  it.each([
    ['CryptoKeys/PseudonymPhin', ['disclosures']],
    ['CryptoKeys/PseudonymAudit', ['records', 'disclosures', 'auditRead']],
  ])('%s: only %j may GenerateMac, and only with HMAC_SHA_256', (pathPart, users) => {
    // Act
    const use = keyPolicy(pathPart).filter((s) => s.Effect === 'Allow' && actions(s).some((a) => a.includes('Mac')));

    // Assess
    expect(use).toHaveLength(1);
    expect(actions(use[0]!)).toEqual(['kms:GenerateMac']);
    expect(use[0]!.Condition).toEqual({ StringEquals: { 'kms:MacAlgorithm': 'HMAC_SHA_256' } });
    expect(principals(use[0]!)).toEqual(sortByJson(users.map(roleArn)));
  });

  it.each([
    ['CryptoKeys/Checkpoint', 'ED25519_SHA_512', ['checkpointer']],
    ['CryptoKeys/Authorisation', 'ECDSA_SHA_256', ['disclosures']],
  ])('%s: Sign only with %s, only by %j; the public function reads the public key', (pathPart, algorithm, signers) => {
    // Act
    const statements = keyPolicy(pathPart);
    const sign = statements.filter((s) => s.Effect === 'Allow' && actions(s).includes('kms:Sign'));

    // Assess
    expect(sign).toHaveLength(1);
    expect(sign[0]!.Condition).toEqual({ StringEquals: { 'kms:SigningAlgorithm': algorithm } });
    expect(principals(sign[0]!)).toEqual(sortByJson(signers.map(roleArn)));

    // Act
    const readers = statements.find((s) => actions(s).includes('kms:GetPublicKey'));

    // Assess
    expect(principals(readers!)).toContainEqual(roleArn('public'));
  });

  it.each(['PseudonymPhin', 'PseudonymAudit', 'Checkpoint', 'Authorisation'])(
    '%s: the account administers but cannot use, grant or delete the key',
    (name) => {
      // Act
      const statements = keyPolicy(`CryptoKeys/${name}`);
      const root = statements.find((s) => s.Sid === 'AccountAdministersButDoesNotUse')!;
      const rootActions = actions(root);

      // Assess
      expect(rootActions).toContain('kms:PutKeyPolicy');
      for (const forbidden of [
        'kms:*',
        'kms:GenerateMac',
        'kms:VerifyMac',
        'kms:Sign',
        'kms:CreateGrant',
        'kms:ScheduleKeyDeletion',
        'kms:Decrypt',
      ]) {
        expect(rootActions).not.toContain(forbidden);
      }
      expect(rootActions.every((action) => !action.includes('*'))).toBe(true);
      const breakGlass = { 'Fn::GetAtt': [logicalIdOf(stateful, 'AWS::IAM::Role', 'BreakGlass/'), 'Arn'] };
      expect(statements).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 'kms:ScheduleKeyDeletion',
          Principal: { AWS: '*' },
          Condition: { ArnNotEquals: { 'aws:PrincipalArn': breakGlass } },
        }),
      );
      expect(statements.filter((s) => s.Effect === 'Allow' && actions(s).includes('kms:ScheduleKeyDeletion'))).toEqual([
        expect.objectContaining({ Principal: { AWS: breakGlass } }),
      ]);
    },
  );

  it('lets only an MFA-authenticated principal of the account assume the break-glass role', () => {
    // Act
    const id = logicalIdOf(stateful, 'AWS::IAM::Role', 'BreakGlass/');

    // Assess
    expect(
      (resourceOf(stateful, id).Properties['AssumeRolePolicyDocument'] as { Statement: unknown[] }).Statement,
    ).toEqual([expect.objectContaining({ Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })]);
    expect(resourceOf(stateful, id).Properties).not.toHaveProperty('Policies');
  });

  it('keeps every key when the stack is deleted', () => {
    // Act / Assess
    stateful.allResources('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: Match.anyValue() });
  });
});

describe('tables', () => {
  it('builds exactly the tables of infra/tables.ts', () => {
    // Act / Assess
    stateful.resourceCountIs('AWS::DynamoDB::Table', TABLES.length);
  });

  it.each(TABLES.map((t) => [t.id, t] as const))(
    '%s: on-demand, PITR, deletion protection, the CMK, keys as defined',
    (id, definition) => {
      // Act
      const table = resourceOf(stateful, logicalIdOf(stateful, 'AWS::DynamoDB::Table', `Tables/${id}/`));

      // Assess
      expect(table.DeletionPolicy).toBe('Retain');
      const keySchema = [
        { AttributeName: definition.partitionKey.name, KeyType: 'HASH' },
        ...(definition.sortKey ? [{ AttributeName: definition.sortKey.name, KeyType: 'RANGE' }] : []),
      ];
      expect(table.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [dataKeyId, 'Arn'] } },
        KeySchema: keySchema,
      });
      const props = table.Properties;
      expect(props['TimeToLiveSpecification']).toEqual(
        definition.timeToLiveAttribute ? { AttributeName: definition.timeToLiveAttribute, Enabled: true } : undefined,
      );
      expect(props['StreamSpecification']).toEqual(definition.stream ? { StreamViewType: 'NEW_IMAGE' } : undefined);
      const indexes = (props['GlobalSecondaryIndexes'] ?? []) as {
        IndexName: string;
        Projection: unknown;
        KeySchema: unknown;
      }[];
      expect(indexes.map((index) => index.IndexName)).toEqual(
        definition.globalSecondaryIndexes.map((index) => index.indexName),
      );
      for (const index of indexes) expect(index.Projection).toEqual({ ProjectionType: 'ALL' });
    },
  );

  it('backs up the non-ephemeral tables daily into a vault under the CMK', () => {
    // Act / Assess
    stateful.hasResourceProperties('AWS::Backup::BackupVault', {
      EncryptionKeyArn: { 'Fn::GetAtt': [dataKeyId, 'Arn'] },
    });

    // Act
    const selection = JSON.stringify(stateful.findResources('AWS::Backup::BackupSelection'));

    // Assess
    for (const id of ['Registry', 'Records', 'AuditLog', 'AuditHeads']) {
      expect(selection).toContain(logicalIdOf(stateful, 'AWS::DynamoDB::Table', `Tables/${id}/`));
    }
  });
});

describe('audit archive', () => {
  const archive = () => resourceOf(stateful, logicalIdOf(stateful, 'AWS::S3::Bucket', 'AuditArchive/Bucket/'));

  it('locks objects in COMPLIANCE mode for the configured retention in years', () => {
    // Act / Assess
    expect(archive().Properties['ObjectLockEnabled']).toBe(true);
    expect(archive().Properties['ObjectLockConfiguration']).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Years: 10 } },
    });
  });

  it('is versioned, SSE-KMS with the CMK, private, access-logged and retained', () => {
    // Act / Assess
    expect(archive()).toMatchObject({
      DeletionPolicy: 'RetainExceptOnCreate',
      Properties: {
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            {
              ServerSideEncryptionByDefault: {
                SSEAlgorithm: 'aws:kms',
                KMSMasterKeyID: { 'Fn::GetAtt': [dataKeyId, 'Arn'] },
              },
            },
          ],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LoggingConfiguration: {
          DestinationBucketName: { Ref: logicalIdOf(stateful, 'AWS::S3::Bucket', 'AuditArchive/AccessLogs/') },
        },
      },
    });
  });

  it('refuses plain HTTP', () => {
    // Act / Assess
    stateful.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalIdOf(stateful, 'AWS::S3::Bucket', 'AuditArchive/Bucket/') },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('deployment context', () => {
  it('defaults to deployment gatekeeper, audience = deployment, 8 years', () => {
    // Act / Assess
    expect(readDeploymentConfig(new App())).toMatchObject({
      deployment: 'gatekeeper',
      audience: 'gatekeeper',
      retentionYears: 8,
    });
  });

  it('takes the policy switches as a JSON object or string, checked as the functions parse them', () => {
    // Prepare
    const chosen = { 'police.voluntary': 'DENY', 'se-default': { 'se.police': 'DENY' } };

    // Act
    const fromObject = readDeploymentConfig(new App({ context: { 'gatekeeper:policySwitches': chosen } }));
    const fromString = readDeploymentConfig(
      new App({ context: { 'gatekeeper:policySwitches': JSON.stringify(chosen) } }),
    );

    // Assess
    expect(JSON.parse(fromObject.policySwitches!)).toEqual(chosen);
    expect(fromString.policySwitches).toBe(fromObject.policySwitches);
    expect(readDeploymentConfig(new App()).policySwitches).toBeUndefined();
  });

  it.each([
    [{ 'police.voluntary': 'MAYBE' }, /police\.voluntary/],
    [{ 'no.such.switch': true }, /no\.such\.switch/],
    [{ 'se-default': { 'se.police': 'MAYBE' } }, /se-default\.se\.police/],
    ['{not json', /JSON/],
  ])('refuses switches %j at synth, naming the switch and never its value', (switches, named) => {
    // Prepare
    const synth = () => readDeploymentConfig(new App({ context: { 'gatekeeper:policySwitches': switches } }));

    // Act / Assess
    expect(synth).toThrow(/gatekeeper:policySwitches/);
    expect(synth).toThrow(named);
    expect(synth).not.toThrow(/MAYBE/);
  });

  it.each([5, 2.5, 'eight'])('refuses a retention of %j years', (years) => {
    // Act / Assess
    expect(() => readDeploymentConfig(new App({ context: { 'gatekeeper:retentionYears': years } }))).toThrow(
      /retentionYears/,
    );
  });

  it.each([
    [undefined, false],
    [true, true],
    ['true', true],
    ['false', false],
  ])('reads gatekeeper:organisationTrail %j as %j', (value, expected) => {
    // Prepare
    const context = value === undefined ? {} : { 'gatekeeper:organisationTrail': value };

    // Act / Assess
    expect(readDeploymentConfig(new App({ context })).organisationTrail).toBe(expected);
  });

  it('refuses an organisationTrail that is not a boolean', () => {
    // Act / Assess
    expect(() => readDeploymentConfig(new App({ context: { 'gatekeeper:organisationTrail': 'yes' } }))).toThrow(
      /organisationTrail/,
    );
  });

  it('refuses a deployment name that cannot name stacks and aliases', () => {
    // Act / Assess
    expect(() => readDeploymentConfig(new App({ context: { 'gatekeeper:deployment': 'Gate Keeper' } }))).toThrow(
      /deployment/,
    );
  });
});
