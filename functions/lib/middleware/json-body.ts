import type { z } from 'zod';
import { ValidationFailedError } from '../../../shared/errors.ts';
import { MalformedJsonError } from '../errors.ts';
import { rawBodyOf } from '../http.ts';
import { parseJsonBody } from '../json.ts';
import { fieldErrors } from '../validation.ts';
import type { ApiMiddleware, ApiRequest } from '../types.ts';

/** The schema a request's body must satisfy; `undefined` means the route takes no body. */
export type SchemaSource = z.ZodType | ((request: ApiRequest) => z.ZodType | undefined);

/**
 * Runs after signature verification: parses the raw body (400 `malformed_json`), refuses
 * `__proto__`/`constructor`/`prototype` keys and deep nesting (400 `malformed_request`) and
 * validates against the schema (422 `validation_failed`). The result is `request.internal.body`.
 */
export function jsonBody(schema?: SchemaSource): ApiMiddleware {
  return {
    name: 'jsonBody',
    before: (request) => {
      const resolved = typeof schema === 'function' ? schema(request) : schema;
      const bytes = rawBodyOf(request);
      if (bytes.byteLength === 0) {
        // An endpoint that takes a body needs one: "" is not JSON.
        if (resolved !== undefined) throw new MalformedJsonError();
        request.internal.body = undefined;
        return;
      }
      const value = parseJsonBody(bytes);
      if (resolved === undefined) {
        request.internal.body = undefined;
        return;
      }
      const result = resolved.safeParse(value);
      if (!result.success) throw new ValidationFailedError(fieldErrors(result.error.issues));
      request.internal.body = result.data;
    },
  };
}
