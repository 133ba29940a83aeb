import { describe, expect, it } from 'vitest';
import { InvalidKmsKeyIdError } from '../../../shared/adapters/kms/errors.ts';
import { assertKmsKeyId } from '../../../shared/adapters/kms/key-id.ts';

describe('assertKmsKeyId', () => {
  it.each([
    '1234abcd-12ab-34cd-56ef-1234567890ab',
    'mrk-1234abcd12ab34cd56ef1234567890ab',
    'arn:aws:kms:eu-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    'arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    'alias/gatekeeper/pseudonym-phin',
    'arn:aws:kms:eu-west-2:111122223333:alias/gatekeeper/checkpoint',
  ])('accepts the KMS key reference %s', (value) => {
    // Act / Assess
    expect(() => assertKmsKeyId(value)).not.toThrow();
  });

  it.each([
    ['a raw hex key', '0b'.repeat(32)],
    ['a raw base64 key', Buffer.alloc(32, 0x0b).toString('base64')],
    ['a base64url key', Buffer.alloc(32, 0xfb).toString('base64url')],
    ['an empty string', ''],
    ['an upper-case key id', '1234ABCD-12AB-34CD-56EF-1234567890AB'],
    ['a key id with a trailing newline', '1234abcd-12ab-34cd-56ef-1234567890ab\n'],
    ['an S3 ARN', 'arn:aws:s3:::bucket/key'],
    ['a KMS ARN without an account', 'arn:aws:kms:eu-west-2::key/1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['an alias with spaces', 'alias/my key'],
    ['a bare word', 'secret'],
  ])('refuses %s', (_case, value) => {
    // Act / Assess
    expect(() => assertKmsKeyId(value)).toThrow(InvalidKmsKeyIdError);
  });

  it('never echoes the refused value, which may be a secret', () => {
    // Prepare
    const secret = Buffer.alloc(32, 0x0b).toString('base64');

    // Act
    let message = '';
    try {
      assertKmsKeyId(secret, 'PHIN MAC key');
    } catch (error) {
      message = (error as InvalidKmsKeyIdError).message;
    }

    // Assess
    expect(message).toContain('PHIN MAC key');
    expect(message).not.toContain(secret);
  });
});
