import { aws_iam as iam } from 'aws-cdk-lib';

/**
 * What the account root may do with a pseudonym or signing key: administer it, not use it. There is
 * deliberately no kms:CreateGrant (a grant would hand out use) and no kms:ScheduleKeyDeletion (only
 * the break-glass role). kms:PutKeyPolicy must stay, or KMS rejects the policy as a lockout; using
 * it to grant oneself use is a visible, audited change of this policy.
 */
const ADMINISTRATION_ACTIONS = [
  'kms:DescribeKey',
  'kms:GetKeyPolicy',
  'kms:PutKeyPolicy',
  'kms:ListKeyPolicies',
  'kms:GetKeyRotationStatus',
  'kms:ListResourceTags',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:EnableKey',
  'kms:DisableKey',
  'kms:UpdateKeyDescription',
  'kms:CreateAlias',
  'kms:UpdateAlias',
  'kms:DeleteAlias',
  'kms:ListAliases',
  'kms:ListGrants',
  'kms:RevokeGrant',
  'kms:CancelKeyDeletion',
];

export function administrationStatements(breakGlass: iam.IRole): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'AccountAdministersButDoesNotUse',
      principals: [new iam.AccountRootPrincipal()],
      actions: ADMINISTRATION_ACTIONS,
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'BreakGlassMayScheduleDeletion',
      principals: [new iam.ArnPrincipal(breakGlass.roleArn)],
      actions: ['kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion', 'kms:DescribeKey'],
      resources: ['*'],
    }),
    // An explicit deny, so no identity policy (not even AdministratorAccess) can schedule deletion.
    new iam.PolicyStatement({
      sid: 'NobodyElseSchedulesDeletion',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:ScheduleKeyDeletion'],
      resources: ['*'],
      conditions: { ArnNotEquals: { 'aws:PrincipalArn': breakGlass.roleArn } },
    }),
  ];
}

export function useStatement(
  sid: string,
  roles: readonly iam.IRole[],
  actions: string[],
  conditions?: Record<string, Record<string, string>>,
): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid,
    principals: roles.map((role) => new iam.ArnPrincipal(role.roleArn)),
    actions,
    resources: ['*'],
    ...(conditions ? { conditions } : {}),
  });
}
