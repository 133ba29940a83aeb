import { mkdtemp, readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../cli/main.ts';
import { COMMANDS } from '../../../cli/commands/index.ts';
import type { CliIo } from '../../../cli/command.ts';
import { generateClientKey } from '../../../shared/client/keys.ts';

async function io(fetch: CliIo['fetch'] = () => Promise.reject(new Error('no network'))) {
  const out: string[] = [];
  const err: string[] = [];
  const cwd = await mkdtemp(join(tmpdir(), 'gk-cli-'));
  return {
    out,
    err,
    io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), env: {}, cwd, fetch } satisfies CliIo,
  };
}

describe('gatekeeper CLI', () => {
  it('prints usage and exits 2 without a command, and for an unknown one', async () => {
    // Prepare
    const t = await io();

    // Act
    const none = await main([], t.io, COMMANDS);
    const unknown = await main(['frobnicate'], t.io, COMMANDS);

    // Assess
    expect([none, unknown]).toEqual([2, 2]);
    expect(t.err.join('\n')).toMatch(/unknown command: frobnicate/);
  });

  it('keys generate writes a private key readable by its owner only', async () => {
    // Prepare
    const t = await io();

    // Act
    const generated = await main(
      ['keys', 'generate', '--alg', 'EdDSA', '--kid', 'k9', '--out', 'keys'],
      t.io,
      COMMANDS,
    );
    const privateMode = (await stat(join(t.io.cwd, 'keys', 'k9.private.jwk.json'))).mode & 0o777;
    const publicJwk: unknown = JSON.parse(await readFile(join(t.io.cwd, 'keys', 'k9.public.jwk.json'), 'utf8'));
    const unknownAlg = await main(['keys', 'generate', '--alg', 'RS256'], t.io, COMMANDS);
    const unknownOption = await main(['keys', 'generate', '--nope'], t.io, COMMANDS);

    // Assess
    expect([generated, privateMode]).toEqual([0, 0o600]);
    expect(publicJwk).toMatchObject({ kid: 'k9', alg: 'EdDSA', kty: 'OKP' });
    expect([unknownAlg, unknownOption]).toEqual([2, 2]);
  });

  it('request signs with the default key file and exits 1 on a problem answer', async () => {
    // Prepare
    const seen: Request[] = [];
    const t = await io((input, init) => {
      seen.push(new Request(input, init));
      return Promise.resolve(new Response('{"code":"forbidden_scope"}', { status: 403 }));
    });
    const { privateJwk } = await generateClientKey('ES256', 'k1');
    await mkdir(join(t.io.cwd, '.local', 'keys'), { recursive: true });
    await writeFile(join(t.io.cwd, '.local', 'keys', 'demo-clinical.private.jwk.json'), JSON.stringify(privateJwk));
    // Act
    const code = await main(['request', 'post', '/v1/audit/search', '--body', '{"limit":1}'], t.io, COMMANDS);
    // Assess
    expect(code).toBe(1);
    expect(seen[0]!.url).toBe('http://127.0.0.1:3000/v1/audit/search');
    expect(seen[0]!.headers.get('authorization')).toMatch(/^Signature [\w-]+\.[\w-]+\.[\w-]+$/);
    expect(await seen[0]!.text()).toBe('{"limit":1}');
    expect(t.err.join('\n')).toMatch(/forbidden_scope/);
  });

  it('request reports a missing key file and bad JSON as usage errors', async () => {
    // Prepare
    const t = await io();

    // Act
    const missingKey = await main(['request', 'GET', '/v1/recipients', '--client', 'nobody'], t.io, COMMANDS);
    const errors = t.err.join('\n');
    const badPath = await main(['request', 'GET', 'no-slash'], t.io, COMMANDS);

    // Assess
    expect(missingKey).toBe(2);
    expect(errors).toMatch(/cannot read key file/);
    expect(badPath).toBe(2);
  });
});
