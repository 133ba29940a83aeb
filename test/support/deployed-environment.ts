/**
 * A deployed function's environment for configuration tests: every required name with a plausible
 * value and nothing else, so each test states only what it changes (`GK_POLICY_SWITCHES`, usually).
 */
import { ENV, type FunctionEnvironment } from '../../shared/config/environment.ts';

/** A KMS key id shaped as AWS gives them; the configuration checks the shape, never the key. */
export const TEST_KEY_ID = '0f0e0d0c-0b0a-4908-8706-050403020100';

export function deployedEnvironment(extra: Partial<FunctionEnvironment> = {}): FunctionEnvironment {
  return {
    [ENV.deployment]: 'gk.test',
    [ENV.audience]: 'gatekeeper-test',
    [ENV.tableRegistry]: 'gk-Registry',
    [ENV.tableReplay]: 'gk-Replay',
    [ENV.tableRecords]: 'gk-Records',
    [ENV.tableIdempotency]: 'gk-Idempotency',
    [ENV.tableAudit]: 'gk-AuditLog',
    [ENV.tableAuditHeads]: 'gk-AuditHeads',
    [ENV.keyPseudonymPhin]: TEST_KEY_ID,
    [ENV.keyPseudonymAudit]: TEST_KEY_ID,
    [ENV.keyCheckpoint]: TEST_KEY_ID,
    [ENV.keyAuthorisation]: TEST_KEY_ID,
    ...extra,
  };
}
