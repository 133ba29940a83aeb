/**
 * The real Lambda handlers of some functions, composed in a module graph of their own from the local
 * stack's environment with other policy switches (GK_POLICY_SWITCHES), as a deployment that chose
 * them would run, served over HTTP on the same tables and keys as the local stack.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { vi } from 'vitest';
import { startHttpServer, type ApiHandler } from '../../infra/local/http-server.ts';
import type { ApiFunctionId } from '../../infra/routes.ts';
import { GatekeeperClient, type ClientPrivateJwk } from '../../shared/client/index.ts';
import { ENV } from '../../shared/config/environment.ts';
import { demoKey, stack } from './stack.ts';

export interface ConfiguredHandlers {
  /** A client of the configured server, signing as `clientId` of `org` with its demo key (or the key given). */
  readonly client: (clientId: string, org?: string, privateJwk?: ClientPrivateJwk) => GatekeeperClient;
  readonly close: () => Promise<void>;
}

/** @param switches the whole GK_POLICY_SWITCHES value, merged over the local stack's UK switches. */
export async function startConfiguredHandlers(
  switches: Record<string, unknown>,
  functions: readonly ApiFunctionId[],
): Promise<ConfiguredHandlers> {
  const { environment, dynamoDbEndpoint, kmsUrl } = stack();
  const local = JSON.parse(environment[ENV.policySwitches] ?? '{}') as Record<string, unknown>;
  const env: Record<string, string> = {
    ...environment,
    [ENV.policySwitches]: JSON.stringify({ ...local, ...switches }),
    AWS_REGION: 'eu-west-2',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamoDbEndpoint,
    AWS_ENDPOINT_URL_KMS: kmsUrl,
  };
  const saved = new Map(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  // A module graph of its own, as a Lambda with this configuration would have.
  vi.resetModules();
  const handlers: Partial<Record<ApiFunctionId, ApiHandler>> = {};
  for (const name of functions) {
    const entry = pathToFileURL(join(import.meta.dirname, `../../functions/${name}/handler.ts`)).href;
    handlers[name] = ((await import(entry)) as { handler: ApiHandler }).handler;
  }
  const http = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    handlers: handlers as Record<ApiFunctionId, ApiHandler>,
  });
  return {
    client: (clientId, org = 'demo', privateJwk = demoKey(clientId)) =>
      new GatekeeperClient({ baseUrl: http.url, clientId, org, audience: 'gatekeeper-local', privateJwk }),
    close: async () => {
      await http.close();
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    },
  };
}
