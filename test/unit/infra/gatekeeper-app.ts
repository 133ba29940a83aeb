import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addGatekeeper } from '../../../infra/stacks/gatekeeper.ts';
import type { Gatekeeper } from '../../../infra/stacks/gatekeeper.ts';

/** The context `cdk synth` reads from cdk.json, so tests see the same feature flags as a deploy. */
const cdkJson = JSON.parse(readFileSync(new URL('../../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

export interface SynthesisedGatekeeper extends Gatekeeper {
  readonly app: App;
  readonly statefulTemplate: Template;
  readonly statelessTemplate: Template;
}

/**
 * Context for tests on top of cdk.json. Two expensive steps that do not shape the templates are
 * left to `npm run synth`: bundling (no stack named in `aws:cdk:bundling-stacks`) and CloudFormation's
 * own default-rules validation (about 20 s of the 25 s a synthesis takes).
 */
const TEST_CONTEXT = {
  'aws:cdk:bundling-stacks': [],
  'aws:cdk:enable-path-metadata': true,
  '@aws-cdk/core:validateAgainstDefaultRules': false,
  'aws:cdk:disable-stack-trace': true,
};

/** The app with both stacks and the nag packs, not yet synthesised. */
export function buildGatekeeper(context: Record<string, unknown> = {}): Gatekeeper & { readonly app: App } {
  const app = new App({ context: { ...cdkJson.context, ...TEST_CONTEXT, ...context } });
  return { ...addGatekeeper(app), app };
}

/** Synthesises the whole app, cdk-nag packs included (a finding makes this throw). */
export function synthGatekeeper(context: Record<string, unknown> = {}): SynthesisedGatekeeper {
  const { app, ...gatekeeper } = buildGatekeeper(context);
  return {
    ...gatekeeper,
    app,
    statefulTemplate: Template.fromStack(gatekeeper.stateful),
    statelessTemplate: Template.fromStack(gatekeeper.stateless),
  };
}

export type CfnResource = {
  Type: string;
  Properties?: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
};

/** Logical id of the one resource of a type whose construct path contains `pathPart`. */
export function logicalIdOf(template: Template, type: string, pathPart: string): string {
  const found = Object.entries(
    template.toJSON()['Resources'] as Record<string, CfnResource & { Metadata?: Record<string, unknown> }>,
  )
    .filter(
      ([, resource]) =>
        resource.Type === type &&
        (resource.Metadata?.['aws:cdk:path'] as string | undefined)?.includes(pathPart) === true,
    )
    .map(([id]) => id);
  if (found.length !== 1) throw new Error(`Expected one ${type} at ${pathPart}, found ${found.length}`);
  return found[0]!;
}

/** A resource of a template by logical id, typed. */
export function resourceOf(
  template: Template,
  logicalId: string,
): CfnResource & { Properties: Record<string, unknown> } {
  const resource = (template.toJSON()['Resources'] as Record<string, CfnResource>)[logicalId];
  if (!resource) throw new Error(`No resource ${logicalId}`);
  return { ...resource, Properties: resource.Properties ?? {} };
}
