import { apiHandler, implement, json } from '../lib/index.ts';
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
  routes: implement('public', {
    getHealth: () => json(200, { status: 'ok', version: VERSION }),
    getWellKnownJwksJson: async () => json(200, await jwks(), { 'Cache-Control': 'public, max-age=300' }),
    getOpenapiJson: () => json(200, openApiDocument()),
  }),
});
