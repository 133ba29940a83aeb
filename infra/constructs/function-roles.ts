import { aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { FUNCTION_ENTRIES } from '../routes.ts';
import type { FunctionId } from '../routes.ts';

/**
 * One execution role per function, created with the stateful resources because the KMS key
 * policies name these roles as the only principals that may use the keys (a key policy cannot
 * name a role that does not exist yet). The roles start empty: the stateless stack attaches each
 * function's least-privilege managed policy.
 */
export class FunctionRoles extends Construct {
  readonly roles: Readonly<Record<FunctionId, iam.Role>>;

  constructor(scope: Construct, id: string, props: { readonly deployment: string }) {
    super(scope, id);
    const roles = {} as Record<FunctionId, iam.Role>;
    for (const functionId of Object.keys(FUNCTION_ENTRIES) as FunctionId[]) {
      roles[functionId] = new iam.Role(this, functionId, {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        description: `${props.deployment}: execution role of the ${functionId} function`,
      });
    }
    this.roles = Object.freeze(roles);
  }
}

/**
 * The only principal allowed to schedule deletion of the pseudonym and signing keys. Deleting
 * one makes every pseudonym unlinkable or every checkpoint unverifiable, so it takes an
 * MFA-authenticated operator of this account assuming this role on purpose (and CloudTrail shows it).
 */
export class BreakGlassRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: { readonly deployment: string }) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.AccountRootPrincipal().withConditions({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }),
      description: `${props.deployment}: break-glass, may schedule deletion of the audit and pseudonym keys`,
    });
  }
}
