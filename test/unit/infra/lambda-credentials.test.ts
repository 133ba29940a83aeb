/**
 * The credential provider the bundles get in place of the SDK's default chain
 * (infra/constructs/lambda-credentials.ts): the execution role's credentials from the environment,
 * as Lambda sets them, and nothing else: with a profile and a credentials file that the default
 * chain would use, it refuses rather than reading them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultProvider as sdkDefaultChain } from '@aws-sdk/credential-provider-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultProvider } from '../../../infra/constructs/lambda-credentials.ts';

const VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_CONFIG_FILE',
] as const;
let saved: Record<string, string | undefined>;
let dir: string;

beforeEach(() => {
  saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
  for (const name of VARIABLES) delete process.env[name];
  dir = mkdtempSync(path.join(tmpdir(), 'gk-credentials-'));
});

afterEach(() => {
  for (const name of VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  rmSync(dir, { recursive: true, force: true });
});

/** A profile in a shared credentials file, as a developer's machine (never Lambda) would have. */
function profileOnDisk(): void {
  const file = path.join(dir, 'credentials');
  writeFileSync(file, '[on-disk]\naws_access_key_id = AKIDFROMFILE\naws_secret_access_key = secret-from-file\n');
  process.env['AWS_SHARED_CREDENTIALS_FILE'] = file;
  process.env['AWS_CONFIG_FILE'] = path.join(dir, 'config');
  process.env['AWS_PROFILE'] = 'on-disk';
}

describe('the bundles’ credential provider', () => {
  it('returns the execution role credentials Lambda puts in the environment, session token included', async () => {
    // Prepare
    process.env['AWS_ACCESS_KEY_ID'] = 'ASIAFROMLAMBDA';
    process.env['AWS_SECRET_ACCESS_KEY'] = 'secret-from-lambda';
    process.env['AWS_SESSION_TOKEN'] = 'token-from-lambda';

    // Act
    const credentials = await defaultProvider()();

    // Assess
    expect(credentials).toMatchObject({
      accessKeyId: 'ASIAFROMLAMBDA',
      secretAccessKey: 'secret-from-lambda',
      sessionToken: 'token-from-lambda',
    });
  });

  it('refuses without them, where the default chain would fall back to a profile on disk', async () => {
    // Prepare
    profileOnDisk();

    // Act
    const fromChain = await sdkDefaultChain()();
    const narrowed = defaultProvider()();

    // Assess
    expect(fromChain.accessKeyId).toBe('AKIDFROMFILE');
    await expect(narrowed).rejects.toMatchObject({ name: 'CredentialsProviderError' });
  });
});
