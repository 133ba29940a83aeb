import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateClientKey, type ClientKeyAlgorithm } from '../../shared/client/keys.ts';
import { EXIT, UsageError, type Command } from '../command.ts';

const ALGORITHMS: readonly ClientKeyAlgorithm[] = ['ES256', 'EdDSA', 'PS256'];

/** `keys generate`: a new client signing key; the public JWK is what an admin registers. */
export const keysCommand: Command = {
  name: 'keys',
  summary: 'generate a client signing key pair',
  usage: 'gatekeeper keys generate [--alg ES256|EdDSA|PS256] [--kid <kid>] [--out <dir>]',
  run: async (argv, io) => {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { alg: { type: 'string', default: 'ES256' }, kid: { type: 'string' }, out: { type: 'string' } },
    });
    if (positionals[0] !== 'generate' || positionals.length !== 1) throw new UsageError('expected: keys generate');
    const alg = ALGORITHMS.find((candidate) => candidate === values.alg);
    if (!alg) throw new UsageError(`--alg must be one of ${ALGORITHMS.join(', ')}`);
    const { privateJwk, publicJwk } = await generateClientKey(alg, values.kid);
    if (values.out === undefined) {
      io.out(JSON.stringify({ privateJwk, publicJwk }, null, 2));
      return EXIT.ok;
    }
    const dir = resolve(io.cwd, values.out);
    await mkdir(dir, { recursive: true });
    const privatePath = join(dir, `${privateJwk.kid}.private.jwk.json`);
    // The private key is readable by its owner only.
    await writeFile(privatePath, `${JSON.stringify(privateJwk, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    await writeFile(join(dir, `${privateJwk.kid}.public.jwk.json`), `${JSON.stringify(publicJwk, null, 2)}\n`, {
      flag: 'wx',
    });
    io.out(`wrote ${privatePath} and its .public.jwk.json (kid ${privateJwk.kid})`);
    return EXIT.ok;
  },
};
