import { matchRoute, type RouteDefinition } from '../router.ts';
import type { ApiMiddleware } from '../types.ts';

/**
 * Resolves the route first: whether a signature is needed, and which scope and schema apply,
 * depend on it. Unknown resources are 404, known ones with another method 405.
 */
export function routeResolver(routes: readonly RouteDefinition[]): ApiMiddleware {
  return {
    name: 'routeResolver',
    before: (request) => {
      const { route, params } = matchRoute(routes, request.event);
      request.internal.route = route;
      request.internal.pathParameters = params;
    },
  };
}
