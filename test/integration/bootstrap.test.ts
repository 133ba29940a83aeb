import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../cli/commands/index.ts';
import type { CliIo } from '../../cli/command.ts';
import { main } from '../../cli/main.ts';
import { generateClientKey, publicJwkOf } from '../../shared/client/index.ts';
import { clientFor, freshId, stack } from '../support/stack.ts';

/** The deploy-time bootstrap (api.md §4.4) against the stack's DynamoDB, as a deployer runs it. */
async function bootstrap(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const cwd = await mkdtemp(join(tmpdir(), 'gk-bootstrap-'));
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: stack().dynamoDbEndpoint,
    AWS_REGION: 'eu-west-2',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  });
  const io: CliIo = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: { ...stack().environment },
    cwd,
    fetch: globalThis.fetch,
  };
  const { privateJwk } = await generateClientKey('EdDSA', 'admin-1');
  await writeFile(join(cwd, 'admin.public.jwk.json'), JSON.stringify(publicJwkOf(privateJwk)));
  await writeFile(join(cwd, 'admin.private.jwk.json'), JSON.stringify(privateJwk));
  const code = await main(
    [
      'bootstrap',
      ...args.map((a) => a.replace('@KEY', 'admin.public.jwk.json').replace('@PRIVATE', 'admin.private.jwk.json')),
    ],
    io,
    COMMANDS,
  );
  return { code, out, err, privateJwk };
}

describe('gatekeeper bootstrap', () => {
  it('creates an org and its first admin, who can then use the signed admin API of that org only', async () => {
    // Prepare
    const org = freshId('org').toLowerCase().slice(0, 40);

    // Act
    const result = await bootstrap([
      '--org',
      org,
      '--name',
      'Acme Clinic',
      '--admin-client',
      `${org}-admin`,
      '--admin-key',
      '@KEY',
    ]);
    const admin = clientFor(`${org}-admin`, result.privateJwk, org);
    const recipients = await admin.request('GET', '/v1/recipients');
    const foreign = await admin.request('POST', '/v1/clients/demo-clinical/keys/demo-clinical-1/revoke', {});

    // Assess
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out.join('\n'))).toMatchObject({
      org,
      receipt: { origin: `gatekeeper.local/${org}/org`, index: 0 },
    });
    expect([recipients.status, recipients.body]).toEqual([200, { recipients: [] }]);
    expect([foreign.status, (foreign.body as { code: string }).code]).toEqual([404, 'not_found']);
  });

  it('changes nothing when the org exists, and refuses a private key file', async () => {
    // Act
    const again = await bootstrap([
      '--org',
      'demo',
      '--name',
      'Demo',
      '--admin-client',
      'demo-admin-2',
      '--admin-key',
      '@KEY',
    ]);
    const leaky = await bootstrap([
      '--org',
      'leaky-org',
      '--name',
      'Leaky',
      '--admin-client',
      'leaky-admin',
      '--admin-key',
      '@PRIVATE',
    ]);

    // Assess
    expect([again.code, again.out.join('')]).toEqual([0, 'Organisation demo already exists; nothing changed.']);
    expect(leaky.code).toBe(2);
    expect(leaky.err.join('\n')).toContain('private members are refused');
  });
});
