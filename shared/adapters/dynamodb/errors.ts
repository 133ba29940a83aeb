import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DependencyUnavailableError, GatekeeperError } from '../../errors.ts';

export function isConditionFailure(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException;
}

/** Wraps any other storage failure so callers fail closed with a 503, never a 500. */
export function storageUnavailable(error: unknown): DependencyUnavailableError {
  if (error instanceof GatekeeperError && error.code === 'dependency_unavailable')
    return error as DependencyUnavailableError;
  return new DependencyUnavailableError('The records store is unavailable', { cause: error });
}
