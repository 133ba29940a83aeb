import { ProblemError } from '../../shared/errors.ts';

/** Errors of the HTTP layer. Messages are fixed: they never echo the request. */
export class MalformedJsonError extends ProblemError {
  readonly code = 'malformed_json' as const;
  constructor(options?: { cause?: unknown }) {
    super('The request body is not valid UTF-8 JSON', options);
  }
}

/** Well-formed JSON that we still refuse to process (dangerous keys, nesting, a body where none belongs). */
export class MalformedRequestError extends ProblemError {
  readonly code = 'malformed_request' as const;
  constructor(reason = 'The request is malformed') {
    super(reason);
  }
}

export class MethodNotAllowedError extends ProblemError {
  readonly code = 'method_not_allowed' as const;
  readonly allow: readonly string[];
  constructor(allow: readonly string[]) {
    super('The resource does not support this method');
    this.allow = allow;
  }
}
