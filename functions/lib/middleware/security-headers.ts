import type { ApiMiddleware, ApiRequest } from '../types.ts';

const HEADERS: Readonly<Record<string, string>> = Object.freeze({
  // Decisions and health records must not sit in any cache between us and the caller.
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
});

/**
 * Adds the security headers to every response, success or problem; keeps a problem's media type and
 * a `Cache-Control` the route chose on purpose (the public JWKS is cacheable for 300 s, api.md §4.5).
 */
export function securityHeaders(): ApiMiddleware {
  const apply = (request: ApiRequest): void => {
    const response = request.response;
    if (!response) return;
    const headers = { ...response.headers };
    const hasContentType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
    if (!hasContentType) headers['Content-Type'] = 'application/json';
    const secured: Record<string, string | number | boolean> = { ...headers, ...HEADERS };
    const chosenCacheControl = Object.entries(headers).find(([name]) => name.toLowerCase() === 'cache-control');
    if (chosenCacheControl) {
      delete secured[chosenCacheControl[0]];
      secured['Cache-Control'] = chosenCacheControl[1];
    }
    request.response = { ...response, headers: secured };
  };
  return { name: 'securityHeaders', after: apply, onError: apply };
}
