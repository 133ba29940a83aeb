import { ForbiddenScopeError } from '../../../shared/auth/errors.ts';
import type { Scope } from '../../../shared/ports/client-registry.ts';
import type { VerifiedCaller } from '../../../shared/auth/verify.ts';
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
    before: (request) => assertScope(request, typeof scope === 'function' ? scope(request) : scope),
  };
}

/** The check itself, also made again when an overlapped admission changed the caller's scopes. */
export function assertScope(request: ApiRequest, needed: Scope | readonly Scope[] | undefined): void {
  if (needed === undefined) return;
  const caller = request.internal.caller;
  if (!caller) throw new Error('requireScope runs after signedRequest');
  if (!hasScope(caller, needed)) throw new ForbiddenScopeError();
}

export function hasScope(caller: VerifiedCaller, needed: Scope | readonly Scope[]): boolean {
  const anyOf: readonly Scope[] = typeof needed === 'string' ? [needed] : needed;
  return anyOf.some((scope) => caller.scopes.includes(scope));
}
