import type { App } from 'aws-cdk-lib';
import { SIGNING_KEYS_CONTEXT, readSigningKeyGenerations } from './signing-key-generations.ts';
import type { SigningKeyGenerations } from './signing-key-generations.ts';
import { checkPolicySwitches } from '../../shared/config/config.ts';

/** CDK context key of the policy switches (docs/deploy.md). */
export const POLICY_SWITCHES_CONTEXT = 'gatekeeper:policySwitches';

/** What one deployment is called and promises; read from CDK context (cdk.json or `-c key=value`). */
export interface DeploymentConfig {
  /** Names stacks, aliases and log origins (`<deployment>/<org>/<log>`). */
  readonly deployment: string;
  /** The exact `aud` every signed request must carry. */
  readonly audience: string;
  /** Object Lock COMPLIANCE retention of the audit archive. */
  readonly retentionYears: number;
  readonly region: string;
  /**
   * True when an organisation trail already records this account with the data events the
   * evidence trail would (docs/operations.md); the stateful stack then creates no trail of its own.
   */
  readonly organisationTrail: boolean;
  /** The KMS key generations of each signing purpose, active first (docs/key-rotation.md). */
  readonly signingKeys: SigningKeyGenerations;
  /** Undefined when synthesised without credentials: the stacks are then account-agnostic. */
  readonly account: string | undefined;
  /** `GK_POLICY_SWITCHES` (JSON) for every function; undefined runs the packs' defaults. */
  readonly policySwitches?: string;
}

/** Health records retention in the UK is 8 years for adults; below 6 breaches the limitation period. */
export const MIN_RETENTION_YEARS = 6;
const DEFAULT_RETENTION_YEARS = 8;
const DEFAULT_REGION = 'eu-west-2';

export function readDeploymentConfig(app: App): DeploymentConfig {
  const deployment = contextString(app, 'gatekeeper:deployment') ?? 'gatekeeper';
  if (!/^[a-z][a-z0-9-]{1,30}$/.test(deployment)) {
    throw new Error(`gatekeeper:deployment must be lower-case letters, digits and dashes: ${deployment}`);
  }
  const retentionYears = Number(app.node.tryGetContext('gatekeeper:retentionYears') ?? DEFAULT_RETENTION_YEARS);
  if (!Number.isInteger(retentionYears) || retentionYears < MIN_RETENTION_YEARS || retentionYears > 99) {
    throw new Error(`gatekeeper:retentionYears must be an integer from ${MIN_RETENTION_YEARS} to 99`);
  }
  return {
    deployment,
    audience: contextString(app, 'gatekeeper:audience') ?? deployment,
    retentionYears,
    region: contextString(app, 'gatekeeper:region') ?? process.env['CDK_DEFAULT_REGION'] ?? DEFAULT_REGION,
    organisationTrail: contextBoolean(app, 'gatekeeper:organisationTrail'),
    signingKeys: readSigningKeyGenerations(app.node.tryGetContext(SIGNING_KEYS_CONTEXT)),
    account: process.env['CDK_DEFAULT_ACCOUNT'],
    ...policySwitchesOf(app),
  };
}

/**
 * The switches the deployment's DPO chose (policy-uk.md, policy-se.md §7): a JSON object in
 * cdk.json or a JSON string with `-c`, checked at synth as the functions will parse it.
 */
function policySwitchesOf(app: App): { policySwitches?: string } {
  const value: unknown = app.node.tryGetContext(POLICY_SWITCHES_CONTEXT);
  if (value === undefined || value === '') return {};
  const json = typeof value === 'string' ? value : JSON.stringify(value);
  try {
    checkPolicySwitches(json);
  } catch (error) {
    throw new Error(`${POLICY_SWITCHES_CONTEXT}: ${(error as Error).message}`, { cause: error });
  }
  return { policySwitches: JSON.stringify(JSON.parse(json)) };
}

/** `-c key=true` arrives as a string, cdk.json as a boolean: accept both, refuse anything else. */
function contextBoolean(app: App, key: string): boolean {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === false || value === 'false') return false;
  if (value === true || value === 'true') return true;
  throw new Error(`${key} must be true or false`);
}

function contextString(app: App, key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`${key} must be a string`);
  return value;
}
