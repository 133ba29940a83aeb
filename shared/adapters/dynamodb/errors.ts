import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DependencyUnavailableError, GatekeeperError } from '../../errors.ts';

/** A conditional write lost against another writer (optimistic concurrency). */
export class ConditionFailedError extends GatekeeperError {
  readonly code = 'condition_failed' as const;
}

export function isConditionFailure(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException;
}

/** Which items of a cancelled transaction failed their condition (by position), if any. */
export function cancelledConditions(error: unknown): number[] | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  const reasons = error.CancellationReasons ?? [];
  return reasons.flatMap((reason, position) => (reason.Code === 'ConditionalCheckFailed' ? [position] : []));
}

/** Wraps any other storage failure so callers fail closed with a 503, never a 500. */
export function storageUnavailable(error: unknown): DependencyUnavailableError {
  if (error instanceof GatekeeperError && error.code === 'dependency_unavailable') return error as DependencyUnavailableError;
  return new DependencyUnavailableError('The records store is unavailable', { cause: error });
}
