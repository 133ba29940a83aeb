import { SignatureRejectedError } from '../../../shared/auth/errors.ts';
import { verifySignedRequest, type VerifierDeps } from '../../../shared/auth/verify.ts';
import { hasQuery, header, MULTIPLE, rawBodyOf, requestIdOf } from '../http.ts';
import type { ApiLogger, ApiMetrics, ApiMiddleware, ApiRequest } from '../types.ts';

export interface SignedRequestDeps extends VerifierDeps {
  readonly logger: ApiLogger;
  readonly metrics?: ApiMetrics;
}

export interface SignedRequestOptions {
  /** Skip verification for this request (the composed stack skips public routes). */
  readonly skip?: (request: ApiRequest) => boolean;
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
      try {
        // Two Authorization headers: which one was meant? Refuse rather than pick one.
        if (authorization === MULTIPLE) throw new SignatureRejectedError('signature_malformed');
        request.internal.caller = await verifySignedRequest(
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
        );
      } catch (error) {
        if (error instanceof SignatureRejectedError) recordRejection(deps, error, requestIdOf(event, request.context));
        throw error;
      }
    },
  };
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
