import { SignatureRejectedError } from '../../../shared/auth/errors.ts';
import { canClaim, DeferredReplay } from '../../../shared/auth/deferred-replay.ts';
import type { AdmissionRead } from '../../../shared/auth/admission-read.ts';
import {
  beginSignedRequest,
  type PendingAdmission,
  type VerifiedCaller,
  type VerifierDeps,
} from '../../../shared/auth/verify.ts';
import { hasQuery, header, MULTIPLE, rawBodyOf, requestIdOf } from '../http.ts';
import type { ApiLogger, ApiMetrics, ApiMiddleware, ApiRequest } from '../types.ts';

export interface SignedRequestDeps extends VerifierDeps {
  readonly logger: ApiLogger;
  readonly metrics?: ApiMetrics;
}

export interface SignedRequestOptions {
  /** Skip verification for this request (the composed stack skips public routes). */
  readonly skip?: (request: ApiRequest) => boolean;
  /**
   * Let this request's handler start while the request is being admitted (its registry read and
   * replay put still in flight): only for a handler that reads, or that awaits `admitted` before
   * it writes anything. Its answer waits for the admission; a refusal replaces whatever it did.
   * `caller` is the caller as checked so far: a request it would refuse is never overlapped, so
   * only the admitted caller can refuse it.
   */
  readonly overlap?: (request: ApiRequest, caller: VerifiedCaller) => boolean;
  /** After an overlapped admission whose registry read changed the caller's scopes: check them again. */
  readonly recheckScope?: (request: ApiRequest) => void;
  /**
   * Let this request's handler record its jti in the transaction of the change it makes
   * (`request.internal.replay`); whatever it does, the jti is recorded before the answer leaves.
   */
  readonly deferReplay?: (request: ApiRequest) => boolean;
  /**
   * The operation's own read, offered to carry the client's registry record (admission-read.ts):
   * the verifier uses it only for a signature that verified against the record last read.
   */
  readonly readAlong?: (request: ApiRequest) => AdmissionRead | undefined;
}

/**
 * Verifies the signed request (api.md §1) before anything else looks at the body, and puts the
 * caller on `request.internal.caller`. Rejections are security events: logged with the code (and
 * the client id only once its signature verified) and counted as `SignatureRejected`.
 */
export function signedRequest(deps: SignedRequestDeps, options: SignedRequestOptions = {}): ApiMiddleware {
  return {
    name: 'signedRequest',
    before: async (request) => {
      if (options.skip?.(request)) return;
      const { event } = request;
      const authorization = header(event, 'authorization');
      const contentType = header(event, 'content-type');
      const deferReplay = canClaim(deps.replay) && options.deferReplay?.(request) === true;
      const readAlong = options.readAlong?.(request);
      if (readAlong) request.internal.readAlong = readAlong;
      try {
        // Two Authorization headers: which one was meant? Refuse rather than pick one.
        if (authorization === MULTIPLE) throw new SignatureRejectedError('signature_malformed');
        const pending = await beginSignedRequest(
          {
            method: String(event.httpMethod),
            path: pathAsSent(event),
            hasQuery: hasQuery(event),
            authorization,
            // Two Content-Type headers are no single JSON media type.
            contentType: contentType === MULTIPLE ? 'multiple' : contentType,
            body: rawBodyOf(request),
          },
          deps,
          { deferReplay, ...(readAlong ? { readAlong } : {}) },
        );
        if (deferReplay) request.internal.replay = deferredReplay(deps, pending);
        if (options.overlap?.(request, pending.caller)) {
          request.internal.caller = pending.caller;
          request.internal.admitted = admittedWithScope(request, pending.caller, pending.admitted, options);
          return;
        }
        request.internal.caller = await pending.admitted;
      } catch (error) {
        if (error instanceof SignatureRejectedError) recordRejection(deps, error, requestIdOf(event, request.context));
        throw error;
      }
    },
    // The answer of an overlapped request waits for its admission, and a refusal replaces it.
    after: async (request) => {
      await settleAdmission(request, deps);
      await settleReplay(request, deps);
    },
    onError: async (request) => {
      try {
        await settleAdmission(request, deps);
        await settleReplay(request, deps);
      } catch (error) {
        request.error = error as Error;
      }
    },
  };
}

/**
 * The admission as the handler and the answer see it: the caller as admitted, its scopes checked
 * again when this request's registry read changed them (before the handler may write anything).
 */
function admittedWithScope(
  request: ApiRequest,
  provisional: VerifiedCaller,
  admitted: Promise<VerifiedCaller>,
  options: SignedRequestOptions,
): Promise<VerifiedCaller> {
  const checked = admitted.then((caller) => {
    request.internal.caller = caller;
    if (!sameScopes(provisional, caller)) options.recheckScope?.(request);
    return caller;
  });
  checked.catch(() => undefined); // settled by the handler or by settleAdmission, never left unhandled
  return checked;
}

/** Awaits an overlapped request's admission once (undefined when there is none pending). */
async function settleAdmission(request: ApiRequest, deps: SignedRequestDeps): Promise<VerifiedCaller | undefined> {
  const { admitted } = request.internal;
  if (admitted === undefined) return undefined;
  delete request.internal.admitted;
  try {
    return await admitted;
  } catch (error) {
    delete request.internal.replay; // a refused request is not admitted: its jti is not recorded
    if (error instanceof SignatureRejectedError)
      recordRejection(deps, error, requestIdOf(request.event, request.context));
    throw error;
  }
}

/**
 * A deferred jti is recorded before any answer of an admitted request leaves, unless the handler's
 * transaction recorded it; a replay its transaction or this put found replaces the answer.
 */
async function settleReplay(request: ApiRequest, deps: SignedRequestDeps): Promise<void> {
  const replay = request.internal.replay;
  if (replay === undefined || request.internal.caller === undefined) return;
  delete request.internal.replay;
  try {
    if (replay.wasReplayed) throw replay.replayed();
    await replay.settle();
  } catch (error) {
    if (error instanceof SignatureRejectedError)
      recordRejection(deps, error, requestIdOf(request.event, request.context));
    throw error;
  }
}

/** The request's jti, to record with its change or before its answer (undefined: recorded already). */
function deferredReplay(deps: SignedRequestDeps, pending: PendingAdmission): DeferredReplay | undefined {
  const { org, clientId, jti } = pending.caller;
  if (!canClaim(deps.replay)) return undefined;
  return new DeferredReplay(deps.replay, { org, clientId, jti, expiresAtMs: pending.replayExpiresAtMs }, deps.clock);
}

function sameScopes(a: VerifiedCaller, b: VerifiedCaller): boolean {
  return a.scopes.length === b.scopes.length && a.scopes.every((scope) => b.scopes.includes(scope));
}

function recordRejection(deps: SignedRequestDeps, error: SignatureRejectedError, requestId: string): void {
  const attributes: Record<string, unknown> = { securityEvent: 'signature_rejected', code: error.code, requestId };
  if (error.verifiedClientId !== undefined) attributes['clientId'] = error.verifiedClientId;
  deps.logger.warn('Signed request rejected', attributes);
  const metric = deps.metrics?.singleMetric();
  metric?.addDimension('code', error.code);
  metric?.addMetric('SignatureRejected', 'Count', 1);
}

/**
 * `htu` binds the path exactly as the client sent it. API Gateway's `event.path` drops the stage
 * (`/live`) of an execute-api URL; `requestContext.path` keeps it, and on a custom domain it is the
 * path the client used. Local mode sets both to the same value.
 */
function pathAsSent(event: ApiRequest['event']): string {
  const sent = (event.requestContext as { path?: unknown } | undefined)?.path;
  return typeof sent === 'string' && sent.length > 0 ? sent : String(event.path);
}
