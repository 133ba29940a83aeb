import {
  AlreadyExistsException,
  CreateAliasCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  InvalidAliasNameException,
  KMSInvalidStateException,
  KMSServiceException,
  ListAliasesCommand,
  NotFoundException,
  UnsupportedOperationException,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, rejectionOf, startKmsFixture, type KmsFixture } from './helpers.ts';

let fixture: KmsFixture;
beforeAll(async () => {
  fixture = await startKmsFixture({ accountId: '111122223333' });
});
afterAll(async () => fixture.stop());

describe('CreateKey and DescribeKey', () => {
  it.each([
    ['HMAC_256', 'GENERATE_VERIFY_MAC', { MacAlgorithms: ['HMAC_SHA_256'] }],
    ['ECC_NIST_P256', 'SIGN_VERIFY', { SigningAlgorithms: ['ECDSA_SHA_256'] }],
    ['ECC_NIST_EDWARDS25519', 'SIGN_VERIFY', { SigningAlgorithms: ['ED25519_SHA_512'] }],
    ['SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT', { EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'] }],
  ] as const)('creates a %s key with usage %s and its algorithms', async (keySpec, keyUsage, algorithms) => {
    // Act
    const metadata = await createKey(fixture.client, { KeySpec: keySpec, KeyUsage: keyUsage, Description: 'd' });

    // Assess
    expect(metadata).toMatchObject({
      KeySpec: keySpec,
      KeyUsage: keyUsage,
      KeyState: 'Enabled',
      Enabled: true,
      Origin: 'AWS_KMS',
      Description: 'd',
      ...algorithms,
    });
    expect(metadata.Arn).toBe(`arn:aws:kms:eu-west-2:111122223333:key/${metadata.KeyId}`);
    expect(metadata.CreationDate).toBeInstanceOf(Date);
  });

  it('defaults to a SYMMETRIC_DEFAULT encryption key', async () => {
    // Act
    const metadata = await createKey(fixture.client, {});

    // Assess
    expect(metadata).toMatchObject({ KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT' });
  });

  it('finds a key by id, key ARN, alias name and alias ARN', async () => {
    // Prepare
    const metadata = await createKey(fixture.client, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    await fixture.client.send(new CreateAliasCommand({ AliasName: 'alias/test/find', TargetKeyId: metadata.KeyId }));
    const references = [
      metadata.KeyId!,
      metadata.Arn!,
      'alias/test/find',
      'arn:aws:kms:eu-west-2:111122223333:alias/test/find',
    ];

    // Act
    const found = await Promise.all(references.map((KeyId) => fixture.client.send(new DescribeKeyCommand({ KeyId }))));

    // Assess
    expect(found.map((output) => output.KeyMetadata?.KeyId)).toEqual(references.map(() => metadata.KeyId));
  });

  it.each([
    '00000000-0000-0000-0000-000000000000',
    'alias/missing',
    'arn:aws:kms:us-east-1:111122223333:alias/test/find',
  ])('raises NotFoundException for %s', async (KeyId) => {
    // Act
    const error = await rejectionOf(fixture.client.send(new DescribeKeyCommand({ KeyId })));

    // Assess
    expect(error).toBeInstanceOf(NotFoundException);
  });

  it('raises ValidationException for a missing KeyId and for an unknown enum value', async () => {
    // Act
    const missing = await rejectionOf(fixture.client.send(new DescribeKeyCommand({ KeyId: undefined })));
    const badEnum = await rejectionOf(createKey(fixture.client, { KeySpec: 'HMAC_999' as 'HMAC_256' }));

    // Assess
    for (const error of [missing, badEnum]) {
      expect(error).toBeInstanceOf(KMSServiceException);
      expect(error.name).toBe('ValidationException');
    }
  });

  it('raises ValidationException when KeyUsage does not fit KeySpec (or is left out for a non-default key)', async () => {
    // Act
    const mismatched = await rejectionOf(createKey(fixture.client, { KeySpec: 'HMAC_256', KeyUsage: 'SIGN_VERIFY' }));
    const omitted = await rejectionOf(createKey(fixture.client, { KeySpec: 'ECC_NIST_P256' }));

    // Assess
    expect([mismatched.name, omitted.name]).toEqual(['ValidationException', 'ValidationException']);
  });

  it('raises UnsupportedOperationException for a KMS key spec the local KMS does not build', async () => {
    // Act
    const error = await rejectionOf(createKey(fixture.client, { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }));

    // Assess
    expect(error).toBeInstanceOf(UnsupportedOperationException);
  });
});

describe('aliases', () => {
  it('refuses a second alias with the same name', async () => {
    // Prepare
    const metadata = await createKey(fixture.client, {});
    await fixture.client.send(new CreateAliasCommand({ AliasName: 'alias/test/dup', TargetKeyId: metadata.KeyId }));

    // Act
    const error = await rejectionOf(
      fixture.client.send(new CreateAliasCommand({ AliasName: 'alias/test/dup', TargetKeyId: metadata.KeyId })),
    );

    // Assess
    expect(error).toBeInstanceOf(AlreadyExistsException);
  });

  it('refuses reserved and malformed alias names', async () => {
    // Prepare
    const metadata = await createKey(fixture.client, {});

    // Act
    const reserved = await rejectionOf(
      fixture.client.send(new CreateAliasCommand({ AliasName: 'alias/aws/x', TargetKeyId: metadata.KeyId })),
    );
    const malformed = await rejectionOf(
      fixture.client.send(new CreateAliasCommand({ AliasName: 'nope', TargetKeyId: metadata.KeyId })),
    );

    // Assess
    expect(reserved).toBeInstanceOf(InvalidAliasNameException);
    expect(malformed.name).toBe('ValidationException');
  });

  it('lists aliases of one key, page by page', async () => {
    // Prepare
    const metadata = await createKey(fixture.client, {});
    for (const name of ['alias/page/a', 'alias/page/b', 'alias/page/c']) {
      await fixture.client.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: metadata.Arn }));
    }

    // Act
    const first = await fixture.client.send(new ListAliasesCommand({ KeyId: metadata.KeyId, Limit: 2 }));
    const second = await fixture.client.send(
      new ListAliasesCommand({ KeyId: metadata.KeyId, Limit: 2, Marker: first.NextMarker }),
    );

    // Assess
    expect(first.Aliases?.map((alias) => alias.AliasName)).toEqual(['alias/page/a', 'alias/page/b']);
    expect(first.Truncated).toBe(true);
    expect(second.Aliases?.map((alias) => alias.AliasName)).toEqual(['alias/page/c']);
    expect(second.Truncated).toBe(false);
    expect(second.Aliases?.[0]).toMatchObject({
      TargetKeyId: metadata.KeyId,
      AliasArn: 'arn:aws:kms:eu-west-2:111122223333:alias/page/c',
    });
  });
});

describe('EnableKey and DisableKey', () => {
  it('disables and re-enables a key', async () => {
    // Prepare
    const metadata = await createKey(fixture.client, {});

    // Act
    await fixture.client.send(new DisableKeyCommand({ KeyId: metadata.KeyId }));
    const disabled = await fixture.client.send(new DescribeKeyCommand({ KeyId: metadata.KeyId }));
    await fixture.client.send(new EnableKeyCommand({ KeyId: metadata.KeyId }));
    const enabled = await fixture.client.send(new DescribeKeyCommand({ KeyId: metadata.KeyId }));

    // Assess
    expect(disabled.KeyMetadata).toMatchObject({ KeyState: 'Disabled', Enabled: false });
    expect(enabled.KeyMetadata).toMatchObject({ KeyState: 'Enabled', Enabled: true });
  });

  it('refuses to enable a key that is still pending import', async () => {
    // Prepare
    const metadata = await createKey(fixture.client, {
      KeySpec: 'HMAC_256',
      KeyUsage: 'GENERATE_VERIFY_MAC',
      Origin: 'EXTERNAL',
    });

    // Act
    const error = await rejectionOf(fixture.client.send(new EnableKeyCommand({ KeyId: metadata.KeyId })));

    // Assess
    expect(metadata.KeyState).toBe('PendingImport');
    expect(error).toBeInstanceOf(KMSInvalidStateException);
  });
});
