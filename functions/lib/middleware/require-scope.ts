import { ForbiddenScopeError } from '../../../shared/auth/errors.ts';
import type { Scope } from '../../../shared/ports/client-registry.ts';
import type { ApiMiddleware, ApiRequest } from '../types.ts';

/** The scope a request needs (or any one of several); `undefined` means none (a public route). */
export type ScopeSource = Scope | ((request: ApiRequest) => Scope | readonly Scope[] | undefined);

/**
 * Refuses a verified caller whose registry scopes lack `scope` (403 `forbidden_scope`). Without a
 * verified caller it fails closed with an untyped error (500): that is a wiring defect.
 */
export function requireScope(scope: ScopeSource): ApiMiddleware {
  return {
    name: 'requireScope',
    before: (request) => {
      const needed = typeof scope === 'function' ? scope(request) : scope;
      if (needed === undefined) return;
      const caller = request.internal.caller;
      if (!caller) throw new Error('requireScope runs after signedRequest');
      const anyOf: readonly Scope[] = typeof needed === 'string' ? [needed] : needed;
      if (!anyOf.some((scope) => caller.scopes.includes(scope))) throw new ForbiddenScopeError();
    },
  };
}
