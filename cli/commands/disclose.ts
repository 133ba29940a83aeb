import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { GatekeeperClient, type GatekeeperResponse } from '../../shared/client/client.ts';
import type { ClientPrivateJwk } from '../../shared/client/sign.ts';
import { EXIT, UsageError, type CliIo, type Command } from '../command.ts';

/** Connection options shared by the commands that call POST /v1/disclosures (disclose, explain --request). */
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

type Connection = Partial<Record<keyof typeof CONNECTION_OPTIONS, string>>;

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

/** Signs and sends one disclosure request with the demo defaults of local mode. */
export async function sendDisclosure(request: unknown, connection: Connection, io: CliIo): Promise<GatekeeperResponse<unknown>> {
  const clientId = connection.client ?? io.env['GATEKEEPER_CLIENT'] ?? 'demo-clinical';
  const keyPath = resolve(io.cwd, connection.key ?? join('.local', 'keys', `${clientId}.private.jwk.json`));
  const privateJwk = (await readJsonFile(keyPath, 'key file')) as ClientPrivateJwk;
  const client = new GatekeeperClient({
    baseUrl: connection.url ?? io.env['GATEKEEPER_URL'] ?? 'http://127.0.0.1:3000',
    clientId,
    org: connection.org ?? io.env['GATEKEEPER_ORG'] ?? 'demo',
    audience: connection.audience ?? io.env['GATEKEEPER_AUDIENCE'] ?? 'gatekeeper-local',
    privateJwk,
    fetch: io.fetch,
  });
  return client.request('POST', '/v1/disclosures', request);
}

/** `disclose --file request.json`: asks for one decision and prints the answer (exit 1 on a problem). */
export const discloseCommand: Command = {
  name: 'disclose',
  summary: 'ask for a disclosure decision (POST /v1/disclosures) and print the answer',
  usage: ['gatekeeper disclose --file <request.json>', CONNECTION_USAGE].join('\n'),
  run: async (argv, io) => {
    const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: { file: { type: 'string' }, ...CONNECTION_OPTIONS } });
    if (values.file === undefined || positionals.length > 0) throw new UsageError('expected: disclose --file <request.json>');
    const request = await readJsonFile(resolve(io.cwd, values.file), 'request file');
    const response = await sendDisclosure(request, values, io);
    const print = response.status < 400 ? io.out : io.err;
    print(JSON.stringify(response.body ?? null, null, 2));
    return response.status < 400 ? EXIT.ok : EXIT.rejected;
  },
};
