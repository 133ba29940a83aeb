import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { GatekeeperClient } from '../shared/client/client.ts';
import type { ClientPrivateJwk } from '../shared/client/sign.ts';
import { UsageError, type CliIo } from './command.ts';

/** The options every calling command takes, with local-mode defaults (api.md §5). */
export const CONNECTION_OPTIONS = {
  client: { type: 'string' },
  key: { type: 'string' },
  url: { type: 'string' },
  org: { type: 'string' },
  audience: { type: 'string' },
} as const;

export const CONNECTION_USAGE = [
  '  [--client demo-clinical] [--key .local/keys/<client>.private.jwk.json]',
  '  [--url http://127.0.0.1:3000] [--org demo] [--audience gatekeeper-local]',
  'env: GATEKEEPER_URL, GATEKEEPER_CLIENT, GATEKEEPER_ORG, GATEKEEPER_AUDIENCE',
].join('\n');

export type Connection = Partial<Record<keyof typeof CONNECTION_OPTIONS, string | undefined>>;

/** A signing client from the options, the environment, then the local-mode defaults. */
export async function connect(
  connection: Connection,
  io: CliIo,
  defaultClient = 'demo-clinical',
): Promise<GatekeeperClient> {
  const clientId = connection.client ?? io.env['GATEKEEPER_CLIENT'] ?? defaultClient;
  const keyPath = resolve(io.cwd, connection.key ?? join('.local', 'keys', `${clientId}.private.jwk.json`));
  const privateJwk = (await readJsonFile(keyPath, 'key file')) as ClientPrivateJwk;
  return new GatekeeperClient({
    baseUrl: connection.url ?? io.env['GATEKEEPER_URL'] ?? 'http://127.0.0.1:3000',
    clientId,
    org: connection.org ?? io.env['GATEKEEPER_ORG'] ?? 'demo',
    audience: connection.audience ?? io.env['GATEKEEPER_AUDIENCE'] ?? 'gatekeeper-local',
    privateJwk,
    fetch: io.fetch,
  });
}

export async function readJsonFile(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${what} ${path}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UsageError(`${what} ${path} is not valid JSON`);
  }
}
