import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startHttpServer, type ApiHandler } from '../../infra/local/http-server.ts';
import { FUNCTION_ENTRIES, type ApiFunctionId } from '../../infra/routes.ts';
import { GatekeeperClient } from '../../shared/client/index.ts';
import { demoKey, stack } from './stack.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
const API_FUNCTIONS: readonly ApiFunctionId[] = ['public', 'admin', 'records', 'disclosures', 'auditRead'];

/**
 * The real handlers, loaded in this test's own process and served over HTTP against the running
 * stack's DynamoDB Local and local KMS: a cold start whose process-wide caches nothing has filled
 * yet, so a test can make the very first KMS read of a process fail.
 */
export async function startFreshGatekeeper(): Promise<{
  url: string;
  client(clientId: string): GatekeeperClient;
  close(): Promise<void>;
}> {
  const { environment, dynamoDbEndpoint, kmsUrl } = stack();
  Object.assign(process.env, environment, {
    AWS_REGION: 'eu-west-2',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamoDbEndpoint,
    AWS_ENDPOINT_URL_KMS: kmsUrl,
  });
  const handlers = Object.fromEntries(
    await Promise.all(
      API_FUNCTIONS.map(async (id) => {
        const module = (await import(pathToFileURL(join(REPO_ROOT, FUNCTION_ENTRIES[id])).href)) as {
          handler: ApiHandler;
        };
        return [id, module.handler] as const;
      }),
    ),
  ) as Record<ApiFunctionId, ApiHandler>;
  const http = await startHttpServer({ host: '127.0.0.1', port: 0, handlers });
  return {
    url: http.url,
    client: (clientId) =>
      new GatekeeperClient({
        baseUrl: http.url,
        clientId,
        org: 'demo',
        audience: 'gatekeeper-local',
        privateJwk: demoKey(clientId),
      }),
    close: () => http.close(),
  };
}
