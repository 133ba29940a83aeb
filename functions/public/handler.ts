import { apiHandler, json, publicRoute } from '../lib/index.ts';
import { runtime } from '../runtime.ts';
import { signedRequestDeps } from '../signed-deps.ts';
import { gatekeeperJwks } from '../../shared/services/signing-keys.ts';
import { openApiDocument } from './openapi.ts';

/** Health, the gatekeeper's public keys and the OpenAPI document: the only unsigned endpoints. */
const VERSION = '0.1.0';
// Built per request: which authorisation keys are still listed depends on the time (key rotation).
// The key service keeps each public key once fetched, and forgets a failed fetch, so KMS is retried.
const jwks = () => gatekeeperJwks(runtime.keyService(), runtime.clock().now());

export const handler = apiHandler({
  deps: signedRequestDeps(),
  routes: [
    publicRoute({ method: 'GET', resource: '/v1/health', handle: () => json(200, { status: 'ok', version: VERSION }) }),
    publicRoute({
      method: 'GET',
      resource: '/.well-known/jwks.json',
      handle: async () => json(200, await jwks(), { 'Cache-Control': 'public, max-age=300' }),
    }),
    publicRoute({ method: 'GET', resource: '/v1/openapi.json', handle: () => json(200, openApiDocument()) }),
  ],
});
