/** Checks shared by the cryptographic operations, in the order KMS applies them. */
import type { KmsContext } from '../context.ts';
import { InvalidKeyUsageError } from '../errors.ts';
import { SPEC_RULES, type KeyUsage } from '../key-specs.ts';
import type { StoredKey } from '../key-store.ts';
import { requireString, type KmsRequest } from '../request.ts';

/** Finds the request's KeyId, requires it enabled with material, then of the given usage. */
export function usableKey(context: KmsContext, request: KmsRequest, usage: KeyUsage, operation: string): StoredKey {
  const key = context.store.findUsable(requireString(request, 'KeyId'));
  const rules = SPEC_RULES[key.keySpec];
  if (rules.usage !== usage) {
    throw new InvalidKeyUsageError(
      `${context.store.arnOf(key)} key usage is ${rules.usage} which is not valid for ${operation}.`,
    );
  }
  return key;
}

/** An algorithm KMS knows but this key does not support is InvalidKeyUsageException, as in AWS. */
export function requireAlgorithm(
  context: KmsContext,
  key: StoredKey,
  algorithm: string,
  supported: readonly string[] | undefined,
): void {
  if (!supported?.includes(algorithm)) {
    throw new InvalidKeyUsageError(
      `Algorithm ${algorithm} is incompatible with key spec ${key.keySpec} of ${context.store.arnOf(key)}.`,
    );
  }
}

export function materialOf(key: StoredKey): Buffer {
  // findUsable has already refused keys without material; this keeps the type honest.
  if (key.material === undefined) throw new Error('key has no material');
  return key.material;
}
