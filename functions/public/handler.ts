import { apiHandler, implement, json } from '../lib/index.ts';
import { runtime } from '../runtime.ts';
import { signedRequestDeps } from '../signed-deps.ts';
import { memoise } from '../../shared/memoise.ts';
import { gatekeeperJwks } from '../../shared/services/signing-keys.ts';
import { openApiDocument } from './openapi.ts';

/** Health, the gatekeeper's public keys and the OpenAPI document: the only unsigned endpoints. */
const VERSION = '0.1.0';
// Public keys never change for a key id; a failed fetch is not remembered, so KMS is retried.
const jwks = memoise(() => gatekeeperJwks(runtime.keyService()));

export const handler = apiHandler({
  deps: signedRequestDeps(),
  routes: implement('public', {
    getHealth: () => json(200, { status: 'ok', version: VERSION }),
    getWellKnownJwksJson: async () => json(200, await jwks(), { 'Cache-Control': 'public, max-age=300' }),
    getOpenapiJson: () => json(200, openApiDocument()),
  }),
});
