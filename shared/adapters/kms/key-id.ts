/**
 * The config guard: a key reference must name a key in KMS (key id, key ARN, alias name or alias
 * ARN). Anything else, above all a raw hex or base64 secret pasted into configuration, is refused,
 * so no deployment can quietly compute pseudonyms or signatures with a key outside KMS.
 */
import { InvalidKmsKeyIdError } from './errors.ts';

const KEY_ID = '(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})';
const ALIAS = 'alias/[a-zA-Z0-9/_-]{1,250}';
const ARN_PREFIX = 'arn:aws(?:-[a-z]+)*:kms:[a-z]{2}(?:-[a-z]+)+-\\d:\\d{12}:';

const KMS_KEY_REFERENCE = new RegExp(`^(?:${KEY_ID}|${ALIAS}|${ARN_PREFIX}key/${KEY_ID}|${ARN_PREFIX}${ALIAS})$`);

/** Throws InvalidKmsKeyIdError unless `value` names a KMS key. The message never echoes the value. */
export function assertKmsKeyId(value: string, setting = 'KMS key'): void {
  if (!KMS_KEY_REFERENCE.test(value)) {
    throw new InvalidKmsKeyIdError(`${setting} must be a KMS key id, key ARN, alias name or alias ARN.`);
  }
}
