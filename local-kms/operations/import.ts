/** Bring-your-own key material: GetParametersForImport and ImportKeyMaterial (RSAES-OAEP wrapping). */
import { constants, generateKeyPair, privateDecrypt, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { KmsContext, OperationHandler } from '../context.ts';
import { IncorrectKeyMaterialError, InvalidCiphertextError, UnsupportedOperationError } from '../errors.ts';
import { checkImportedMaterial } from '../key-specs.ts';
import type { StoredKey } from '../key-store.ts';
import { optionalEnum, requireBlob, requireEnum, requireString, type KmsRequest } from '../request.ts';
import { IMPORT_VALIDITY_MS } from './import-sessions.ts';

const generateRsaKeyPair = promisify(generateKeyPair);

const WRAPPING_ALGORITHMS = [
  'RSAES_PKCS1_V1_5',
  'RSAES_OAEP_SHA_1',
  'RSAES_OAEP_SHA_256',
  'RSA_AES_KEY_WRAP_SHA_1',
  'RSA_AES_KEY_WRAP_SHA_256',
  'SM2PKE',
] as const;
const WRAPPING_KEY_SPECS = ['RSA_2048', 'RSA_3072', 'RSA_4096', 'SM2'] as const;
const OAEP_HASH: Readonly<Record<string, 'sha1' | 'sha256'>> = {
  RSAES_OAEP_SHA_1: 'sha1',
  RSAES_OAEP_SHA_256: 'sha256',
};
const MODULUS_BITS: Readonly<Record<string, number>> = { RSA_2048: 2048, RSA_3072: 3072, RSA_4096: 4096 };

function externalKey(context: KmsContext, request: KmsRequest): StoredKey {
  const key = context.store.find(requireString(request, 'KeyId'));
  if (key.origin !== 'EXTERNAL') {
    throw new UnsupportedOperationError(
      `${context.store.arnOf(key)} origin is ${key.origin} which is not valid for this operation.`,
    );
  }
  return key;
}

const getParametersForImport: OperationHandler = async (context, request) => {
  const algorithm = requireEnum(request, 'WrappingAlgorithm', WRAPPING_ALGORITHMS);
  const wrappingKeySpec = requireEnum(request, 'WrappingKeySpec', WRAPPING_KEY_SPECS);
  const key = externalKey(context, request);
  const oaepHash = OAEP_HASH[algorithm];
  const modulusLength = MODULUS_BITS[wrappingKeySpec];
  // PKCS#1 v1.5 decryption is disabled in Node (Marvin attack); the AES key-wrap variants are not built.
  if (oaepHash === undefined || modulusLength === undefined) {
    throw new UnsupportedOperationError(`${algorithm} with ${wrappingKeySpec} is not supported by the local KMS.`);
  }
  const { publicKey, privateKey } = await generateRsaKeyPair('rsa', { modulusLength });
  const expiresAt = Date.now() + IMPORT_VALIDITY_MS;
  const token = context.imports.open({ keyId: key.keyId, wrappingKey: privateKey, oaepHash, expiresAt });
  return {
    KeyId: context.store.arnOf(key),
    ImportToken: token.toString('base64'),
    PublicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    ParametersValidTo: Math.floor(expiresAt / 1000),
  };
};

function unwrap(wrappingKey: KeyObject, oaepHash: string, wrapped: Buffer): Buffer {
  try {
    return privateDecrypt({ key: wrappingKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, wrapped);
  } catch {
    throw new InvalidCiphertextError('The encrypted key material could not be decrypted with the wrapping key.');
  }
}

const importKeyMaterial: OperationHandler = async (context, request) => {
  const token = requireBlob(request, 'ImportToken', { max: 6144 });
  const wrapped = requireBlob(request, 'EncryptedKeyMaterial', { max: 6144 });
  optionalEnum(request, 'ExpirationModel', ['KEY_MATERIAL_EXPIRES', 'KEY_MATERIAL_DOES_NOT_EXPIRE'] as const);
  const key = externalKey(context, request);
  const session = context.imports.find(token, key.keyId);
  const material = unwrap(session.wrappingKey, session.oaepHash, wrapped);
  checkImportedMaterial(key.keySpec, material);
  // KMS lets a key be re-imported only with the very same material.
  if (key.material !== undefined && !key.material.equals(material)) {
    throw new IncorrectKeyMaterialError(
      'The key material differs from the material previously imported into this key.',
    );
  }
  key.material = material;
  await context.persist();
  return {};
};

export const importOperations: Readonly<Record<string, OperationHandler>> = {
  GetParametersForImport: getParametersForImport,
  ImportKeyMaterial: importKeyMaterial,
};
