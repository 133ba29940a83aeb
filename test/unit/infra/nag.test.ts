import { Validations, aws_s3 as s3 } from 'aws-cdk-lib';
import nag from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGatekeeper, synthGatekeeper } from './gatekeeper-app.ts';
import type { SynthesisedGatekeeper } from './gatekeeper-app.ts';

const { AwsSolutionsChecks, HIPAASecurityChecks } = nag;

let gatekeeper: SynthesisedGatekeeper;

beforeAll(() => {
  // Synthesis runs the registered packs and throws on any unacknowledged finding.
  gatekeeper = synthGatekeeper();
});

describe('cdk-nag', () => {
  it.each([
    ['AwsSolutions', () => new AwsSolutionsChecks()],
    ['HIPAA.Security', () => new HIPAASecurityChecks()],
  ])('%s reports nothing unacknowledged', (_name, pack) => {
    // Act
    const report = pack().validateScope(gatekeeper.app);

    // Assess
    expect(
      report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(',')}`),
    ).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('gives every acknowledgement a real reason', () => {
    // Act
    const acknowledgements = gatekeeper.app.node
      .findAll()
      .flatMap((construct) => construct.node.metadata)
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>));

    // Assess
    expect(acknowledgements.length).toBeGreaterThan(10);
    for (const [id, reason] of acknowledgements) expect(reason.trim().length, id).toBeGreaterThanOrEqual(40);
  });

  it('fails synthesis on a finding nobody acknowledged', () => {
    // Prepare
    const careless = buildGatekeeper();
    new s3.Bucket(careless.stateless, 'CarelessBucket');

    // Act / Assess
    expect(() => careless.app.synth()).toThrow(/Validation failed|AwsSolutions-S1|S10/);
  });
});
