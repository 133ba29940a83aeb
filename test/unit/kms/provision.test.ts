import { CreateAliasCommand, DescribeKeyCommand } from '@aws-sdk/client-kms';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeySpecMismatchError } from '../../../local-kms/errors.ts';
import { GATEKEEPER_KEYS, provisionGatekeeperKeys } from '../../../local-kms/provision.ts';
import { createKey, rejectionOf, startKmsFixture, type KmsFixture } from './helpers.ts';

let fixture: KmsFixture;
beforeEach(async () => {
  fixture = await startKmsFixture();
});
afterEach(async () => fixture.stop());

describe('provisionGatekeeperKeys', () => {
  it('creates each gatekeeper key with its spec behind its alias and returns the key ARNs', async () => {
    // Act
    const keys = await provisionGatekeeperKeys(fixture.client);

    // Assess
    for (const [name, wanted] of Object.entries(GATEKEEPER_KEYS)) {
      const { KeyMetadata: metadata } = await fixture.client.send(new DescribeKeyCommand({ KeyId: wanted.alias }));
      expect(metadata?.KeySpec).toBe(wanted.keySpec);
      expect(keys[name as keyof typeof keys]).toBe(metadata?.Arn);
    }
    expect(new Set(Object.values(keys)).size).toBe(5);
    expect(keys.pseudonymPhin).toMatch(/^arn:aws:kms:eu-west-2:\d{12}:key\//);
  });

  it('is idempotent: a second run returns the same keys', async () => {
    // Act
    const first = await provisionGatekeeperKeys(fixture.client);
    const second = await provisionGatekeeperKeys(fixture.client);

    // Assess
    expect(second).toEqual(first);
  });

  it('refuses an existing alias that names a key of another spec', async () => {
    // Prepare
    const wrong = await createKey(fixture.client, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    await fixture.client.send(
      new CreateAliasCommand({ AliasName: 'alias/gatekeeper/checkpoint', TargetKeyId: wrong.KeyId }),
    );

    // Act
    const error = await rejectionOf(provisionGatekeeperKeys(fixture.client));

    // Assess
    expect(error).toBeInstanceOf(KeySpecMismatchError);
  });
});
