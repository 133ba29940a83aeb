import {
  CreateAliasCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  GenerateMacCommand,
  GetPublicKeyCommand,
  NotFoundException,
  SignCommand,
} from '@aws-sdk/client-kms';
import { verify } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createImportedHmacKey, createKey, startKmsFixture } from './helpers.ts';

let directory: string;
let stateFile: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'local-kms-'));
  stateFile = join(directory, 'kms-state.json');
});
afterEach(async () => rm(directory, { recursive: true, force: true }));

describe('state file', () => {
  it('keeps a signing key across a restart: same public key, and it still signs', async () => {
    // Prepare
    const first = await startKmsFixture({ stateFile });
    const key = await createKey(first.client, { KeySpec: 'ECC_NIST_EDWARDS25519', KeyUsage: 'SIGN_VERIFY' });
    await first.client.send(
      new CreateAliasCommand({ AliasName: 'alias/gatekeeper/checkpoint', TargetKeyId: key.KeyId }),
    );
    const before = await first.client.send(new GetPublicKeyCommand({ KeyId: key.KeyId }));
    await first.stop();

    // Act
    const second = await startKmsFixture({ stateFile });
    const after = await second.client.send(new GetPublicKeyCommand({ KeyId: 'alias/gatekeeper/checkpoint' }));
    const message = Buffer.from('after restart');
    const signed = await second.client.send(
      new SignCommand({ KeyId: key.KeyId, Message: message, SigningAlgorithm: 'ED25519_SHA_512', MessageType: 'RAW' }),
    );
    await second.stop();

    // Assess
    expect(Buffer.from(after.PublicKey!)).toEqual(Buffer.from(before.PublicKey!));
    const publicKey = { key: Buffer.from(after.PublicKey!), format: 'der', type: 'spki' } as const;
    expect(verify(null, message, publicKey, signed.Signature!)).toBe(true);
  });

  it('keeps imported HMAC material and the disabled state', async () => {
    // Prepare
    const first = await startKmsFixture({ stateFile });
    const hmac = await createImportedHmacKey(first.client);
    const mac = await first.client.send(
      new GenerateMacCommand({ KeyId: hmac.KeyId, Message: Buffer.from('m'), MacAlgorithm: 'HMAC_SHA_256' }),
    );
    const disabled = await createKey(first.client, {});
    await first.client.send(new DisableKeyCommand({ KeyId: disabled.KeyId }));
    await first.stop();

    // Act
    const second = await startKmsFixture({ stateFile });
    const macAgain = await second.client.send(
      new GenerateMacCommand({ KeyId: hmac.KeyId, Message: Buffer.from('m'), MacAlgorithm: 'HMAC_SHA_256' }),
    );
    const described = await second.client.send(new DescribeKeyCommand({ KeyId: disabled.KeyId }));
    await second.stop();

    // Assess
    expect(Buffer.from(macAgain.Mac!)).toEqual(Buffer.from(mac.Mac!));
    expect(described.KeyMetadata?.KeyState).toBe('Disabled');
  });

  it('writes the file readable by its owner only, and leaves no temporary files', async () => {
    // Prepare
    const kms = await startKmsFixture({ stateFile });

    // Act
    await createKey(kms.client, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    await kms.stop();

    // Assess
    expect((await stat(stateFile)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(stateFile, 'utf8'))).toMatchObject({
      version: 1,
      keys: [{ keySpec: 'HMAC_256' }],
    });
    expect(await readdir(directory)).toEqual(['kms-state.json']);
  });

  it('starts empty when the state file does not exist yet', async () => {
    // Prepare
    const kms = await startKmsFixture({ stateFile: join(directory, 'absent.json') });

    // Act
    const described = await kms.client
      .send(new DescribeKeyCommand({ KeyId: 'alias/gatekeeper/checkpoint' }))
      .catch((error: unknown) => error);
    await kms.stop();

    // Assess
    expect(described).toBeInstanceOf(NotFoundException);
  });

  it('creates the folder of a state file that does not exist yet (a fresh .local/)', async () => {
    // Prepare
    const nested = join(directory, 'fresh', 'kms', 'state.json');
    const kms = await startKmsFixture({ stateFile: nested });

    // Act
    await createKey(kms.client, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    await kms.stop();

    // Assess
    expect(JSON.parse(await readFile(nested, 'utf8'))).toMatchObject({ keys: [{ keySpec: 'HMAC_256' }] });
  });
});
