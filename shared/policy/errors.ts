import { GatekeeperError } from '../errors.ts';

/** One problem found in a policy document: where, and why. Never quotes document values. */
export interface PolicyIssue {
  readonly path: string;
  readonly message: string;
}

/** The pack failed validation at load: the service must not start deciding on it (fail closed). */
export class PolicyInvalidError extends GatekeeperError {
  readonly code = 'policy_invalid' as const;
  readonly issues: readonly PolicyIssue[];

  constructor(issues: readonly PolicyIssue[]) {
    super(`Policy document is invalid: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`);
    this.issues = issues;
  }
}

/**
 * The loaded pack cannot answer a question it should (a selector without a case for a runtime
 * value). A defect of the pack, not of the request: the decision fails closed with a 500.
 */
export class PolicyEvaluationError extends GatekeeperError {
  readonly code = 'policy_evaluation_failed' as const;
}
