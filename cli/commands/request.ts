import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT, UsageError, type Command } from '../command.ts';
import { connect, readJsonFile } from '../connection.ts';

const METHODS = ['GET', 'POST', 'PUT'];

/** `request`: one signed request; prints the JSON answer, exit 1 on a problem response. */
export const requestCommand: Command = {
  name: 'request',
  summary: 'send one signed request and print the answer',
  usage: [
    'gatekeeper request <GET|POST|PUT> <path> [--body <json>|@<file>] [--client <id>] [--key <file>]',
    '                   [--url http://127.0.0.1:3000] [--org demo] [--audience gatekeeper-local]',
    'defaults: --client demo-clinical, --key .local/keys/<client>.private.jwk.json',
    'env: GATEKEEPER_URL, GATEKEEPER_CLIENT, GATEKEEPER_ORG, GATEKEEPER_AUDIENCE',
  ].join('\n'),
  run: async (argv, io) => {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        body: { type: 'string' },
        client: { type: 'string', default: io.env['GATEKEEPER_CLIENT'] ?? 'demo-clinical' },
        key: { type: 'string' },
        url: { type: 'string', default: io.env['GATEKEEPER_URL'] ?? 'http://127.0.0.1:3000' },
        org: { type: 'string', default: io.env['GATEKEEPER_ORG'] ?? 'demo' },
        audience: { type: 'string', default: io.env['GATEKEEPER_AUDIENCE'] ?? 'gatekeeper-local' },
      },
    });
    const [rawMethod, path, ...extra] = positionals;
    const method = rawMethod?.toUpperCase();
    if (!method || !METHODS.includes(method) || !path?.startsWith('/') || extra.length > 0) {
      throw new UsageError('expected: request <METHOD> <path>');
    }
    const body = values.body === undefined ? undefined : await bodyOf(values.body, io.cwd);
    const client = await connect(values, io);
    const response = await client.request(method, path, body);
    const print = response.status < 400 ? io.out : io.err;
    print(typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? null, null, 2));
    return response.status < 400 ? EXIT.ok : EXIT.rejected;
  },
};

async function bodyOf(value: string, cwd: string): Promise<unknown> {
  if (value.startsWith('@')) return readJsonFile(resolve(cwd, value.slice(1)), 'body file');
  try {
    return JSON.parse(value);
  } catch {
    throw new UsageError('--body is not valid JSON');
  }
}
