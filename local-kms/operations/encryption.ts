/** Symmetric encryption: Encrypt, Decrypt, GenerateDataKey under SYMMETRIC_DEFAULT keys. */
import { randomBytes } from 'node:crypto';
import type { KmsContext, OperationHandler } from '../context.ts';
import { IncorrectKeyError, ValidationError } from '../errors.ts';
import { ALL_ENCRYPTION_ALGORITHMS, SPEC_RULES } from '../key-specs.ts';
import type { StoredKey } from '../key-store.ts';
import {
  optionalEnum,
  optionalInteger,
  optionalString,
  optionalStringMap,
  requireBlob,
  type KmsRequest,
} from '../request.ts';
import { keyIdOf, open, seal } from './ciphertext.ts';
import { materialOf, requireAlgorithm, usableKey } from './guards.ts';

function algorithmFor(context: KmsContext, request: KmsRequest, key: StoredKey): string {
  const algorithm = optionalEnum(request, 'EncryptionAlgorithm', ALL_ENCRYPTION_ALGORITHMS) ?? 'SYMMETRIC_DEFAULT';
  requireAlgorithm(context, key, algorithm, SPEC_RULES[key.keySpec].encryptionAlgorithms);
  return algorithm;
}

function encryptWith(
  context: KmsContext,
  request: KmsRequest,
  plaintext: Buffer,
): { key: StoredKey; blob: Buffer; algorithm: string } {
  const encryptionContext = optionalStringMap(request, 'EncryptionContext');
  const key = usableKey(context, request, 'ENCRYPT_DECRYPT', 'Encrypt');
  const algorithm = algorithmFor(context, request, key);
  return { key, blob: seal(key.keyId, materialOf(key), plaintext, encryptionContext), algorithm };
}

const encrypt: OperationHandler = (context, request) => {
  const plaintext = requireBlob(request, 'Plaintext', { max: 4096 });
  const { key, blob, algorithm } = encryptWith(context, request, plaintext);
  return { KeyId: context.store.arnOf(key), CiphertextBlob: blob.toString('base64'), EncryptionAlgorithm: algorithm };
};

const decrypt: OperationHandler = (context, request) => {
  const blob = requireBlob(request, 'CiphertextBlob', { max: 6144 });
  const encryptionContext = optionalStringMap(request, 'EncryptionContext');
  const embedded = keyIdOf(blob);
  const named = optionalString(request, 'KeyId');
  const key = usableKey(context, { KeyId: embedded }, 'ENCRYPT_DECRYPT', 'Decrypt');
  if (named !== undefined && context.store.find(named).keyId !== key.keyId) {
    throw new IncorrectKeyError(
      'The key ID in the request does not identify a KMS key that can perform this operation.',
    );
  }
  const algorithm = algorithmFor(context, request, key);
  const plaintext = open(blob, materialOf(key), encryptionContext);
  return { KeyId: context.store.arnOf(key), Plaintext: plaintext.toString('base64'), EncryptionAlgorithm: algorithm };
};

const DATA_KEY_BYTES: Readonly<Record<string, number>> = { AES_256: 32, AES_128: 16 };

const generateDataKey: OperationHandler = (context, request) => {
  const spec = optionalEnum(request, 'KeySpec', ['AES_256', 'AES_128'] as const);
  const numberOfBytes = optionalInteger(request, 'NumberOfBytes', 1, 1024);
  if ((spec === undefined) === (numberOfBytes === undefined)) {
    throw new ValidationError('Specify either KeySpec or NumberOfBytes, but not both.');
  }
  const plaintext = randomBytes(spec === undefined ? numberOfBytes! : DATA_KEY_BYTES[spec]!);
  const { key, blob } = encryptWith(context, request, plaintext);
  return {
    KeyId: context.store.arnOf(key),
    CiphertextBlob: blob.toString('base64'),
    Plaintext: plaintext.toString('base64'),
  };
};

export const encryptionOperations: Readonly<Record<string, OperationHandler>> = {
  Encrypt: encrypt,
  Decrypt: decrypt,
  GenerateDataKey: generateDataKey,
};
