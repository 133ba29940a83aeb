import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { createKmsClient } from '../../shared/adapters/kms/index.ts';
import { config } from '../../shared/config/config.ts';
import { apiHandler, implement, json } from '../lib/index.ts';
import { composePublic } from './compose.ts';
import { openApiDocument } from './openapi.ts';

/** Health, the gatekeeper's public keys and the OpenAPI document: the only unsigned endpoints. */
const VERSION = '0.1.0';
const { signedRequest, jwks } = composePublic(config(), { dynamoDb: createDocumentClient(), kms: createKmsClient() });

export const handler = apiHandler({
  deps: signedRequest,
  routes: implement('public', {
    getHealth: () => json(200, { status: 'ok', version: VERSION }),
    getWellKnownJwksJson: async () => json(200, await jwks(), { 'Cache-Control': 'public, max-age=300' }),
    getOpenapiJson: () => json(200, openApiDocument()),
  }),
});
