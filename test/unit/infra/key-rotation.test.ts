import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_ENTRIES } from '../../../infra/routes.ts';
import { buildGatekeeper, logicalIdOf, resourceOf, synthGatekeeper } from './gatekeeper-app.ts';
import type { CfnResource } from './gatekeeper-app.ts';

// The logical ids every deployment has had since before rotation: a change here replaces a RETAINed
// key (a new, empty key; the old one orphaned), so they are pinned, not derived.
const GENERATION_1 = { checkpoint: 'CryptoKeysCheckpointE1337E7C', authorisation: 'CryptoKeysAuthorisation8C60E0AA' };
const CHECKPOINT_RETIRED_AT = '2027-01-05T09:00:00Z';
const AUTHORISATION_RETIRED_AT = '2026-12-20T12:30:00Z';
const ROTATED = {
  'gatekeeper:signingKeys': {
    checkpoint: [{ generation: 2 }, { generation: 1, retiredAt: CHECKPOINT_RETIRED_AT }],
    authorisation: [{ generation: 2 }, { generation: 1, retiredAt: AUTHORISATION_RETIRED_AT }],
  },
};

type Statement = {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Principal?: { AWS?: unknown };
  Condition?: Record<string, unknown>;
};
interface Synthesised {
  readonly stateful: Template;
  readonly stateless: Template;
}

let before: Synthesised;
let rotated: Synthesised;

beforeAll(() => {
  const synth = (context: Record<string, unknown>) => {
    const { statefulTemplate, statelessTemplate } = synthGatekeeper(context);
    return { stateful: statefulTemplate, stateless: statelessTemplate };
  };
  before = synth({});
  rotated = synth(ROTATED);
});

const resourcesOf = (template: Template) => template.toJSON()['Resources'] as Record<string, CfnResource>;
const keyIds = (template: Template, keySpec: string) =>
  Object.entries(resourcesOf(template))
    .filter(([, resource]) => resource.Type === 'AWS::KMS::Key' && resource.Properties?.['KeySpec'] === keySpec)
    .map(([id]) => id)
    .sort();
const keyPolicy = (template: Template, logicalId: string) =>
  (resourceOf(template, logicalId).Properties['KeyPolicy'] as { Statement: Statement[] }).Statement;
const statementsWith = (statements: Statement[], action: string) =>
  statements.filter((s) => s.Effect === 'Allow' && [s.Action].flat().includes(action));
const roleArn = (template: Template, functionId: string) => ({
  'Fn::GetAtt': [logicalIdOf(template, 'AWS::IAM::Role', `FunctionRoles/${functionId}/`), 'Arn'],
});
const sortByJson = <T>(values: T[]): T[] =>
  [...values].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
const principals = (statement: Statement) => sortByJson([statement.Principal?.AWS].flat());
const keyArn = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });

/** Replaces each cross-stack reference in a stateless value by the stateful output it reads. */
function resolveOutputs(value: unknown, stateful: Template): unknown {
  const outputs = stateful.toJSON()['Outputs'] as Record<string, { Value: unknown }>;
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node !== 'object' || node === null) return node;
    const reference = (node as { 'Fn::GetStackOutput'?: { OutputName: string } })['Fn::GetStackOutput'];
    if (reference) return outputs[reference.OutputName]!.Value;
    return Object.fromEntries(Object.entries(node).map(([key, inner]) => [key, walk(inner)]));
  };
  return walk(value);
}

function environmentValues(synthesised: Synthesised, variable: string): unknown[] {
  return (
    Object.values(resourcesOf(synthesised.stateless))
      // Every gatekeeper function; the console's static-file function holds no key (console-site.test.ts).
      .filter(
        (resource) =>
          resource.Type === 'AWS::Lambda::Function' &&
          !String((resource as { Metadata?: Record<string, unknown> }).Metadata?.['aws:cdk:path']).includes(
            '/Console/',
          ),
      )
      .map(
        (resource) =>
          (resource.Properties as { Environment: { Variables: Record<string, unknown> } }).Environment.Variables[
            variable
          ],
      )
      .map((value) => resolveOutputs(value, synthesised.stateful))
  );
}

describe('default context: the keys of a deployment from before rotation', () => {
  it.each([
    ['checkpoint', 'ECC_NIST_EDWARDS25519', 'GK_KEY_CHECKPOINT'],
    ['authorisation', 'ECC_NIST_P256', 'GK_KEY_AUTHORISATION'],
  ] as const)('%s: one key, its original logical id and alias, its bare ARN in %s', (purpose, keySpec, variable) => {
    // Act / Assess
    expect(keyIds(before.stateful, keySpec)).toEqual([GENERATION_1[purpose]]);
    before.stateful.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: `alias/gatekeeper/${purpose}`,
      TargetKeyId: keyArn(GENERATION_1[purpose]),
    });

    // Act
    const sign = statementsWith(keyPolicy(before.stateful, GENERATION_1[purpose]), 'kms:Sign');

    // Assess
    expect(sign.map((s) => Object.keys(s.Condition ?? {}))).toEqual([['StringEquals']]);

    // Act
    const values = environmentValues(before, variable);

    // Assess
    expect(values).toHaveLength(Object.keys(FUNCTION_ENTRIES).length);
    for (const value of values) expect(value).toEqual(keyArn(GENERATION_1[purpose]));
  });
});

describe('two generations per purpose', () => {
  it.each([
    ['checkpoint', 'Checkpoint', 'ECC_NIST_EDWARDS25519'],
    ['authorisation', 'Authorisation', 'ECC_NIST_P256'],
  ] as const)(
    '%s: generation 1 keeps its logical id, generation 2 is a new retained key with its own alias',
    (purpose, name, keySpec) => {
      // Act
      const generation2 = logicalIdOf(rotated.stateful, 'AWS::KMS::Key', `CryptoKeys/${name}Generation2/`);

      // Assess
      expect(keyIds(rotated.stateful, keySpec)).toEqual([GENERATION_1[purpose], generation2].sort());
      for (const id of [GENERATION_1[purpose], generation2]) {
        expect(resourceOf(rotated.stateful, id)).toMatchObject({
          Properties: { KeyUsage: 'SIGN_VERIFY' },
          DeletionPolicy: 'Retain',
          UpdateReplacePolicy: 'Retain',
        });
      }
      rotated.stateful.hasResourceProperties('AWS::KMS::Alias', {
        AliasName: `alias/gatekeeper/${purpose}`,
        TargetKeyId: keyArn(GENERATION_1[purpose]),
      });
      rotated.stateful.hasResourceProperties('AWS::KMS::Alias', {
        AliasName: `alias/gatekeeper/${purpose}-generation-2`,
        TargetKeyId: keyArn(generation2),
      });
    },
  );

  it.each([
    [
      'Checkpoint',
      'ED25519_SHA_512',
      ['checkpointer'],
      ['checkpointer', 'auditRead', 'public'],
      '2027-01-05T09:05:00Z',
    ],
    ['Authorisation', 'ECDSA_SHA_256', ['disclosures'], ['disclosures', 'public'], '2026-12-20T12:35:00Z'],
  ])(
    '%s: both keys let the signer Sign (the retired one only until retiredAt + 5 min) and the readers GetPublicKey',
    (name, algorithm, signers, readers, deadline) => {
      // Prepare
      const generation2 = logicalIdOf(rotated.stateful, 'AWS::KMS::Key', `CryptoKeys/${name}Generation2/`);
      const generation1 = GENERATION_1[name.toLowerCase() as keyof typeof GENERATION_1];
      const roles = (ids: string[]) => ids.map((id) => roleArn(rotated.stateful, id));
      const signing = { StringEquals: { 'kms:SigningAlgorithm': algorithm } };
      for (const [id, condition] of [
        [generation2, signing],
        [generation1, { ...signing, DateLessThan: { 'aws:CurrentTime': deadline } }],
      ] as const) {
        // Act
        const statements = keyPolicy(rotated.stateful, id);
        const sign = statementsWith(statements, 'kms:Sign');

        // Assess
        expect(sign).toHaveLength(1);
        expect(sign[0]!.Condition).toEqual(condition);
        expect(principals(sign[0]!)).toEqual(sortByJson(roles(signers)));
        expect(principals(statementsWith(statements, 'kms:GetPublicKey')[0]!)).toEqual(sortByJson(roles(readers)));
      }
    },
  );

  it.each([
    ['GK_KEY_CHECKPOINT', 'Checkpoint', CHECKPOINT_RETIRED_AT],
    ['GK_KEY_AUTHORISATION', 'Authorisation', AUTHORISATION_RETIRED_AT],
  ])(
    '%s lists the active key first, then the retired one with its retiredAt, on every function',
    (variable, name, retiredAt) => {
      // Prepare
      const generation2 = logicalIdOf(rotated.stateful, 'AWS::KMS::Key', `CryptoKeys/${name}Generation2/`);
      const generation1 = GENERATION_1[name.toLowerCase() as keyof typeof GENERATION_1];

      // Act
      const values = environmentValues(rotated, variable);

      // Assess
      expect(values).toHaveLength(Object.keys(FUNCTION_ENTRIES).length);
      for (const value of values) {
        expect(value).toEqual({ 'Fn::Join': ['', [keyArn(generation2), ',', keyArn(generation1), `@${retiredAt}`]] });
      }
    },
  );

  it('the key-change alarm watches every generation', () => {
    // Act
    const rule = Object.values(resourcesOf(rotated.stateless)).find(
      (resource) =>
        resource.Type === 'AWS::Events::Rule' &&
        JSON.stringify(resource.Properties?.['EventPattern'] ?? {}).includes('aws.kms'),
    )!;
    const pattern = resolveOutputs(rule.Properties!['EventPattern'], rotated.stateful) as {
      detail: { $or: [{ resources: { ARN: unknown[] } }] };
    };
    const watched = pattern.detail.$or[0].resources.ARN;
    const signingKeys = [
      ...keyIds(rotated.stateful, 'ECC_NIST_EDWARDS25519'),
      ...keyIds(rotated.stateful, 'ECC_NIST_P256'),
    ];

    // Assess
    expect(signingKeys).toHaveLength(4);
    for (const id of signingKeys) expect(watched).toContainEqual(keyArn(id));
  });
});

describe('an invalid gatekeeper:signingKeys stops synthesis, naming the problem', () => {
  it.each([
    ['not JSON', '{checkpoint:', /is not valid JSON/],
    ['an unknown purpose', { pseudonym: [{ generation: 1 }] }, /unknown purpose "pseudonym"/],
    [
      'a retired generation without retiredAt',
      { checkpoint: [{ generation: 2 }, { generation: 1 }] },
      /checkpoint lists a retired generation .* without retiredAt/,
    ],
    [
      'an active generation with retiredAt',
      { authorisation: [{ generation: 2, retiredAt: '2027-01-01T00:00:00Z' }] },
      /authorisation gives the active \(first\) generation a retiredAt/,
    ],
    [
      'a date that does not exist',
      { checkpoint: [{ generation: 2 }, { generation: 1, retiredAt: '2027-02-30T00:00:00Z' }] },
      /checkpoint has a retiredAt that is not an existing ISO 8601 UTC time/,
    ],
    [
      'a checkpoint generation dropped',
      { checkpoint: [{ generation: 3 }, { generation: 2, retiredAt: '2027-01-01T00:00:00Z' }] },
      /checkpoint must keep every generation from 1 to 3/,
    ],
    [
      'a generation twice',
      { authorisation: [{ generation: 2 }, { generation: 2, retiredAt: '2027-01-01T00:00:00Z' }] },
      /authorisation lists a generation twice/,
    ],
    [
      'a generation that is not a positive integer',
      { authorisation: [{ generation: 0 }] },
      /authorisation\[0\]\.generation must be an integer from 1 to 99/,
    ],
    [
      'a misspelt field',
      { checkpoint: [{ generation: 1, retiredat: '2027-01-01T00:00:00Z' }] },
      /checkpoint\[0\] has an unknown field "retiredat"/,
    ],
  ])('%s', (_problem, value, message) => {
    // Act / Assess
    expect(() => buildGatekeeper({ 'gatekeeper:signingKeys': value })).toThrow(message);
  });

  it('accepts the same lists as a JSON string, as `-c` passes them', () => {
    // Act
    const { config } = buildGatekeeper({ 'gatekeeper:signingKeys': JSON.stringify(ROTATED['gatekeeper:signingKeys']) });

    // Assess
    expect(config.signingKeys).toEqual(ROTATED['gatekeeper:signingKeys']);
  });
});
