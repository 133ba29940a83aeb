import { Validations } from 'aws-cdk-lib';
import type { App } from 'aws-cdk-lib';
import nag from 'cdk-nag';
import { readDeploymentConfig } from './config.ts';
import type { DeploymentConfig } from './config.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';

// cdk-nag is CommonJS: Node's ESM loader cannot see its named exports, only the default.
const { AwsSolutionsChecks, HIPAASecurityChecks } = nag;

export interface Gatekeeper {
  readonly config: DeploymentConfig;
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

/**
 * Adds the two gatekeeper stacks to an app and registers the AWS Solutions and HIPAA Security packs:
 * synthesis fails on any finding that is not acknowledged, with a reason, next to its construct.
 */
export function addGatekeeper(app: App): Gatekeeper {
  const config = readDeploymentConfig(app);
  const env = { account: config.account, region: config.region };
  const stateful = new StatefulStack(app, 'Stateful', {
    stackName: `${config.deployment}-stateful`,
    description: `${config.deployment}: tables, keys, audit archive (retained)`,
    env,
    terminationProtection: true,
    config,
  });
  const stateless = new StatelessStack(app, 'Stateless', {
    stackName: `${config.deployment}-stateless`,
    description: `${config.deployment}: functions, API, schedule, alarms`,
    env,
    config,
    stateful: stateful.resources,
  });
  stateless.addStackDependency(stateful);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app));
  return { config, stateful, stateless };
}
