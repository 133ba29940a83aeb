/**
 * IAM evaluation, as far as the grants test needs it: whether a role's statements (from
 * iam-grants.ts) allow an action on a resource for a call the code made directly.
 */
import type { Grant } from './iam-grants.ts';

const glob = (pattern: string, flags = '') =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    flags,
  );
const matches = (grant: Grant, action: string, resource: string) =>
  grant.actions.some((pattern) => glob(pattern, 'i').test(action)) &&
  grant.resources.some((pattern) => glob(pattern).test(resource));

/**
 * Whether an Allow's conditions hold for a direct call carrying `context`. Conditions on kms: keys
 * are evaluated (StringEquals only): a key the call does not set fails, so an Allow only through
 * another service (kms:ViaService) never counts for the code's own calls. Other keys (aws:…) are
 * taken as met: they depend on the caller's session, which a local run does not have.
 */
function conditionsHold(grant: Grant, context: Readonly<Record<string, string>>): boolean {
  return Object.entries(grant.conditions).every(([operator, keys]) =>
    Object.entries(keys).every(([key, expected]) => {
      if (!key.startsWith('kms:')) return true;
      if (operator !== 'StringEquals') throw new Error(`Cannot evaluate ${operator} on ${key}`);
      return context[key] !== undefined && (Array.isArray(expected) ? expected : [expected]).includes(context[key]);
    }),
  );
}

/**
 * Whether the grants allow `action` on `resource` for a direct call by the function's code: an
 * Allow whose conditions hold matches, and no unconditional Deny does.
 */
export function isAllowed(
  grants: readonly Grant[],
  action: string,
  resource: string,
  context: Readonly<Record<string, string>> = {},
): boolean {
  const denied = grants.some(
    (grant) =>
      grant.effect === 'Deny' && Object.keys(grant.conditions).length === 0 && matches(grant, action, resource),
  );
  const allowed = grants.some(
    (grant) => grant.effect === 'Allow' && matches(grant, action, resource) && conditionsHold(grant, context),
  );
  return allowed && !denied;
}

const viaAnotherService = (grant: Grant) => Object.values(grant.conditions).some((keys) => 'kms:ViaService' in keys);

/** Allow statements (action × resource) that none of `used` exercised: grants the code never needed in the run. */
export function unusedGrants(
  grants: readonly Grant[],
  used: ReadonlyArray<{ action: string; resource: string }>,
): string[] {
  return grants
    .filter((grant) => grant.effect === 'Allow' && !viaAnotherService(grant))
    .flatMap((grant) =>
      grant.actions.flatMap((action) =>
        grant.resources
          .filter(
            (resource) =>
              !used.some((call) => glob(action, 'i').test(call.action) && glob(resource).test(call.resource)),
          )
          .map((resource) => `${grant.sid}: ${action} on ${resource}`),
      ),
    );
}
