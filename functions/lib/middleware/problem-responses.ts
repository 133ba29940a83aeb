import { requestIdOf } from '../http.ts';
import { problemCode, problemResponse } from '../problems.ts';
import { countAuditUnavailable } from '../metrics.ts';
import type { ApiLogger, ApiMetrics, ApiMiddleware } from '../types.ts';

/**
 * Turns any error into `application/problem+json` via problems.ts. Logs only the code, status,
 * request id and the error's class name: never its message, the event, the body or headers. Every
 * route's errors pass here, so this is the one place a refusal for the audit log is counted.
 */
export function problemResponses(deps: {
  readonly logger: ApiLogger;
  readonly metrics?: ApiMetrics | undefined;
}): ApiMiddleware {
  return {
    name: 'problemResponses',
    onError: (request) => {
      const requestId = requestIdOf(request.event, request.context);
      const response = problemResponse(request.error, requestId);
      const code = problemCode(request.error);
      if (code === 'audit_unavailable') countAuditUnavailable(deps.metrics);
      if (response.statusCode >= 500) {
        const errorName = request.error instanceof Error ? request.error.name : typeof request.error;
        deps.logger.error('Request failed', { code, status: response.statusCode, requestId, errorName });
      }
      request.response = response;
    },
  };
}
