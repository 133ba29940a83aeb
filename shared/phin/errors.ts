/** Errors of PHIN submission planning and re-identification. Messages name lines and fields, never values. */
import { GatekeeperError } from '../errors.ts';

/** The submission input cannot be read as episodes (bad JSON, bad CSV, unknown column). */
export class PhinInputError extends GatekeeperError {
  readonly code = 'phin_input_invalid' as const;
}

/** A state file exists for another input or batch size: resuming it would mix two submissions. */
export class PhinStateMismatchError extends GatekeeperError {
  readonly code = 'phin_state_mismatch' as const;
}

/** The gatekeeper did not answer a batch (network failure, 4xx/5xx for the whole batch): resume later. */
export class PhinBatchFailedError extends GatekeeperError {
  readonly code = 'phin_batch_failed' as const;
}
