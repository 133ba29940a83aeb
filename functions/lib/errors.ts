import { GatekeeperError } from '../../shared/errors.ts';

/** Errors of the HTTP layer. Messages are fixed: they never echo the request. */
export class MalformedJsonError extends GatekeeperError {
  readonly code = 'malformed_json' as const;
  constructor(options?: { cause?: unknown }) {
    super('The request body is not valid UTF-8 JSON', options);
  }
}

/** Well-formed JSON that we still refuse to process (dangerous keys, nesting, a body where none belongs). */
export class MalformedRequestError extends GatekeeperError {
  readonly code = 'malformed_request' as const;
  constructor(reason = 'The request is malformed') {
    super(reason);
  }
}

export class NotFoundError extends GatekeeperError {
  readonly code = 'not_found' as const;
  constructor() {
    super('No such resource');
  }
}

export class MethodNotAllowedError extends GatekeeperError {
  readonly code = 'method_not_allowed' as const;
  readonly allow: readonly string[];
  constructor(allow: readonly string[]) {
    super('The resource does not support this method');
    this.allow = allow;
  }
}

/** One schema violation; `message` is built from the schema, never from the value sent. */
export interface FieldError {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

export class ValidationFailedError extends GatekeeperError {
  readonly code = 'validation_failed' as const;
  readonly errors: readonly FieldError[];
  constructor(errors: readonly FieldError[]) {
    super('The request does not match the schema');
    this.errors = errors;
  }
}
