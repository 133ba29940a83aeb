import { Aws, Fn, RemovalPolicy } from 'aws-cdk-lib';

/**
 * Deletion policy of what holds data or evidence and can be deleted while it is still empty: kept
 * on update and on stack deletion, but removed when the stack's own first creation rolls back, so
 * a failed first deploy leaves nothing behind that a retry would collide with.
 *
 * Not for the tables (deletion protection makes a rollback's delete fail) or the pseudonym and
 * signing keys (their policies deny ScheduleKeyDeletion to everyone but break-glass): those stay
 * RETAIN, with names CloudFormation generates, so a retry creates new ones beside them.
 */
export const RETAIN_EXCEPT_ON_CREATE = RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE;

/**
 * Eight hex digits of the stack's id (a UUID drawn when the stack is created), for the few names
 * that must be chosen by us: unique per stack instance, so a retried create or a redeploy after
 * `cdk destroy` never meets a retained resource of the same name, yet stable across updates.
 */
export function stackInstanceSuffix(): string {
  const stackUuid = Fn.select(2, Fn.split('/', Aws.STACK_ID));
  return Fn.select(0, Fn.split('-', stackUuid));
}
