// The HTTP layer every API function is composed of. handler.ts files import from here.
export { apiHandler, type ApiHandler, type ApiHandlerOptions } from './api-handler.ts';
export { implement, type Implementation, type Implementations, type CallOf } from './operations.ts';
export {
  route,
  publicRoute,
  matchRoute,
  type ApiCall,
  type PublicCall,
  type RouteDefinition,
  type HttpMethod,
} from './router.ts';
export { json, pathParameter, header, rawBody, rawBodyOf, requestIdOf } from './http.ts';
export {
  PROBLEMS,
  problemDocument,
  problemResponse,
  problemCode,
  type AnsweredCode,
  type ProblemDocument,
  type ProblemRow,
} from './problems.ts';
export { MalformedJsonError, MalformedRequestError, MethodNotAllowedError } from './errors.ts';
export { NotFoundError, ValidationFailedError, type FieldError } from '../../shared/errors.ts';
export { fieldErrors } from './validation.ts';
export { parseJsonBody } from './json.ts';
export {
  countAuditUnavailable,
  countAuditUnavailableItems,
  AUDIT_UNAVAILABLE_METRIC,
  METRICS_NAMESPACE,
  METRICS_SERVICE,
} from './metrics.ts';
export { signedRequest, type SignedRequestDeps } from './middleware/signed-request.ts';
export { requireScope } from './middleware/require-scope.ts';
export { jsonBody } from './middleware/json-body.ts';
export { problemResponses } from './middleware/problem-responses.ts';
export { securityHeaders } from './middleware/security-headers.ts';
export { routeResolver } from './middleware/route-resolver.ts';
export type { ApiEvent, ApiResult, ApiLogger, ApiMetrics, GatekeeperInternal } from './types.ts';
