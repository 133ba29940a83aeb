import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../shared/config/config.ts';
import { ENV, type FunctionEnvironment } from '../../../shared/config/environment.ts';
import { deployedEnvironment } from '../../support/deployed-environment.ts';

/** A deployed function's environment: required names only, everything else at its default. */
const deployed = (): FunctionEnvironment => deployedEnvironment();

function rejectionOf(env: Record<string, string | undefined>): string {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

// @ts-expect-error a stack that forgets a required variable fails `tsc` (this line is the check)
const _forgotten: FunctionEnvironment = { [ENV.deployment]: 'gk.test' };

describe('configuration', () => {
  it('runs a deployed function with the pack as written and no signing on read', () => {
    // Act
    const config = parseConfig(deployed());
    // Assess
    expect(config.policySwitches).toEqual({});
    expect(config.signCheckpointsOnRead).toBe(false);
    expect(config.tables.auditHeads).toBe('gk-AuditHeads');
  });

  it('takes what makes a deployment local as configuration: pack switches and signing on read', () => {
    // Prepare
    const env = {
      ...deployed(),
      [ENV.policySwitches]: '{"nhs.allowTestRange":true}',
      [ENV.signCheckpointsOnRead]: 'true',
    };
    // Act
    const config = parseConfig(env);
    // Assess
    expect(config.policySwitches).toEqual({ 'nhs.allowTestRange': true });
    expect(config.signCheckpointsOnRead).toBe(true);
    expect(Object.isFrozen(config.policySwitches)).toBe(true);
  });

  it.each([
    ['not JSON', '{nhs.allowTestRange: true'],
    ['a switch the catalogue lacks', '{"nhs.allowEverything":true}'],
    ['a value of the wrong type', '{"nhs.allowTestRange":"yes-9990000018"}'],
  ])('refuses switches that are %s, naming the variable and never the value', (_case, value) => {
    // Act
    const message = rejectionOf({ ...deployed(), [ENV.policySwitches]: value });
    // Assess
    expect(message).toContain(ENV.policySwitches);
    expect(message).not.toContain('9990000018');
    expect(message).not.toContain('{');
  });

  it('no longer reads a deployment-wide patient log count: P is per organisation, in the registry', () => {
    // Act
    const config = parseConfig({ ...deployed(), GK_PATIENT_LOGS: 'not a number', GK_LOCAL_MODE: 'maybe' });
    // Assess
    expect(Object.keys(config)).not.toContain('patientLogs');
    expect(Object.keys(config)).not.toContain('localMode');
  });

  it('fails at start, naming every missing required variable', () => {
    // Prepare
    const { [ENV.tableAudit]: _audit, [ENV.keyCheckpoint]: _checkpoint, ...rest } = deployed();
    // Act
    const message = rejectionOf(rest);
    // Assess
    expect(message).toContain(ENV.tableAudit);
    expect(message).toContain(ENV.keyCheckpoint);
  });
});
