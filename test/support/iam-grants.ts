/**
 * What each function of the synthesised app may do, read from the CloudFormation templates alone:
 * the identity policies attached to its execution role (in either stack) and the KMS key policies
 * that name the role. References are resolved to logical ids (`<LogicalId>` for a Ref or an ARN,
 * across stacks through their exports), so a recorded call on a local table or key can be checked
 * against the very statements that would be deployed.
 */
import type { FunctionId } from '../../infra/routes.ts';
import type { AwsResource } from './aws-calls.ts';

type Json = Record<string, unknown>;
interface Resource {
  readonly Type: string;
  readonly Properties?: Json;
  readonly Metadata?: Json;
}
interface Statement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | string[];
  readonly Resource?: unknown;
  readonly Principal?: unknown;
  readonly Condition?: Json;
}

/** One statement as it applies to a role: resources resolved to logical ids. */
export interface Grant {
  readonly sid: string;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  /** Operator → condition key → value(s), as in the policy. */
  readonly conditions: Readonly<Record<string, Readonly<Record<string, string | string[]>>>>;
  /** Where it comes from: a policy's or a key's logical id. */
  readonly source: string;
}

export interface DeployedFunction {
  readonly roleId: string;
  /** The template's environment variables, resolved. */
  readonly environment: Readonly<Record<string, string>>;
  readonly grants: readonly Grant[];
}

const list = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

export class DeployedGrants {
  readonly #resources: Record<string, Resource> = {};
  readonly #exports = new Map<string, unknown>();
  readonly #outputs = new Map<string, unknown>();

  constructor(templates: readonly Json[]) {
    for (const template of templates) {
      Object.assign(this.#resources, template['Resources'] as Record<string, Resource>);
      for (const [name, output] of Object.entries(
        (template['Outputs'] ?? {}) as Record<string, { Value: unknown; Export?: { Name: unknown } }>,
      )) {
        this.#outputs.set(name, output.Value);
        if (output.Export) this.#exports.set(this.resolve(output.Export.Name), output.Value);
      }
    }
  }

  /** A template value as a string, with references as `<LogicalId>` (`<Id>.Attr` for attributes other than Arn). */
  resolve(value: unknown): string {
    if (typeof value === 'string') return value;
    const [fn, arg] = Object.entries(value as Json)[0] ?? [];
    switch (fn) {
      case 'Ref':
        return `<${String(arg)}>`;
      case 'Fn::GetAtt': {
        const [id, attribute] = arg as [string, string];
        return attribute === 'Arn' ? `<${id}>` : `<${id}>.${attribute}`;
      }
      case 'Fn::ImportValue': {
        const name = this.resolve(arg);
        if (!this.#exports.has(name)) throw new Error(`No export ${name}`);
        return this.resolve(this.#exports.get(name));
      }
      case 'Fn::GetStackOutput': {
        // Output names are unique across the app's stacks (CDK derives them from the referenced logical id).
        const name = (arg as { OutputName: string }).OutputName;
        if (!this.#outputs.has(name)) throw new Error(`No output ${name}`);
        return this.resolve(this.#outputs.get(name));
      }
      case 'Fn::Join': {
        const [separator, parts] = arg as [string, unknown[]];
        return parts.map((part) => this.resolve(part)).join(separator);
      }
      default:
        throw new Error(`Cannot resolve ${JSON.stringify(value)}`);
    }
  }

  /** The function whose construct path is Stateless/Functions/<id>/Function: its role, environment and grants. */
  function(functionId: FunctionId): DeployedFunction {
    const lambda = this.#byPath(`Stateless/Functions/${functionId}/Function/Resource`);
    const roleId = this.resolve(lambda.Properties!['Role']).replace(/^<(.*)>$/, '$1');
    const variables = ((lambda.Properties!['Environment'] as Json | undefined)?.['Variables'] ?? {}) as Json;
    const environment = Object.fromEntries(
      Object.entries(variables).map(([name, value]) => [name, this.resolve(value)]),
    );
    return { roleId, environment, grants: [...this.#identityGrants(roleId), ...this.#keyPolicyGrants(roleId)] };
  }

  #byPath(path: string): Resource {
    const found = Object.values(this.#resources).filter((resource) => resource.Metadata?.['aws:cdk:path'] === path);
    if (found.length !== 1) throw new Error(`Expected one resource at ${path}, found ${found.length}`);
    return found[0]!;
  }

  #identityGrants(roleId: string): Grant[] {
    const grants: Grant[] = [];
    for (const [id, resource] of Object.entries(this.#resources)) {
      const properties = resource.Properties ?? {};
      const attached =
        (resource.Type === 'AWS::IAM::ManagedPolicy' || resource.Type === 'AWS::IAM::Policy') &&
        list(properties['Roles']).some((role) => this.resolve(role) === `<${roleId}>`);
      if (attached)
        grants.push(...this.#grants(id, (properties['PolicyDocument'] as Json)['Statement'] as Statement[]));
      if (id === roleId) {
        for (const inline of list(properties['Policies'] as Json[] | undefined))
          grants.push(...this.#grants(id, (inline['PolicyDocument'] as Json)['Statement'] as Statement[]));
      }
    }
    return grants;
  }

  /** Key policy statements naming the role; their `Resource: *` means the key itself. */
  #keyPolicyGrants(roleId: string): Grant[] {
    return Object.entries(this.#resources)
      .filter(([, resource]) => resource.Type === 'AWS::KMS::Key')
      .flatMap(([keyId, resource]) => {
        const statements = ((resource.Properties!['KeyPolicy'] as Json)['Statement'] as Statement[]).filter(
          (statement) =>
            list((statement.Principal as Json | undefined)?.['AWS']).some(
              (principal) => this.resolve(principal) === `<${roleId}>`,
            ),
        );
        return this.#grants(keyId, statements).map((grant) => ({
          ...grant,
          resources: grant.resources.map((r) => (r === '*' ? `<${keyId}>` : r)),
        }));
      });
  }

  #grants(source: string, statements: readonly Statement[]): Grant[] {
    return statements.map((statement) => ({
      sid: statement.Sid ?? '(no sid)',
      effect: statement.Effect,
      actions: list(statement.Action),
      resources: list(statement.Resource).map((resource) => this.resolve(resource)),
      conditions: (statement.Condition ?? {}) as Grant['conditions'],
      source,
    }));
  }
}

/**
 * The ARN-shaped name of a resource the code called, through the variable that configured it: the
 * local value (a table name, key id or bucket) is looked up in the environment the handlers ran
 * with, and that variable's value in the template gives the logical id.
 */
export function deployedResource(
  resource: AwsResource,
  local: Readonly<Record<string, string | undefined>>,
  deployed: DeployedFunction,
): string {
  const configured = (value: string, prefix: string) => {
    const name = Object.keys(local).find(
      (key) => key.startsWith(prefix) && !key.endsWith('_VERSION') && local[key] === value,
    );
    const symbol = name === undefined ? undefined : deployed.environment[name];
    if (symbol === undefined)
      throw new Error(`The code called ${value}, which no ${prefix}* variable of the function names`);
    return symbol;
  };
  switch (resource.kind) {
    case 'table':
      return `${configured(resource.table, 'GK_TABLE_')}${resource.index === undefined ? '' : `/index/${resource.index}`}`;
    case 'key':
      return configured(resource.keyId, 'GK_KEY_');
    case 'object':
      return `${configured(resource.bucket, 'GK_ARCHIVE_BUCKET')}/${resource.key}`;
  }
}
