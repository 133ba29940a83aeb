import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { GatekeeperResponse } from '../../shared/client/client.ts';
import { EXIT, UsageError, type CliIo, type Command } from '../command.ts';
import { connect, CONNECTION_OPTIONS, CONNECTION_USAGE, readJsonFile, type Connection } from '../connection.ts';

/** Signs and sends one disclosure request with the demo defaults of local mode. */
export async function sendDisclosure(
  request: unknown,
  connection: Connection,
  io: CliIo,
): Promise<GatekeeperResponse<unknown>> {
  const client = await connect(connection, io);
  return client.request('POST', '/v1/disclosures', request);
}

/** `disclose --file request.json`: asks for one decision and prints the answer (exit 1 on a problem). */
export const discloseCommand: Command = {
  name: 'disclose',
  summary: 'ask for a disclosure decision (POST /v1/disclosures) and print the answer',
  usage: ['gatekeeper disclose --file <request.json>', CONNECTION_USAGE].join('\n'),
  run: async (argv, io) => {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { file: { type: 'string' }, ...CONNECTION_OPTIONS },
    });
    if (values.file === undefined || positionals.length > 0)
      throw new UsageError('expected: disclose --file <request.json>');
    const request = await readJsonFile(resolve(io.cwd, values.file), 'request file');
    const response = await sendDisclosure(request, values, io);
    const print = response.status < 400 ? io.out : io.err;
    print(JSON.stringify(response.body ?? null, null, 2));
    return response.status < 400 ? EXIT.ok : EXIT.rejected;
  },
};
