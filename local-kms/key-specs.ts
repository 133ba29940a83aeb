/**
 * What each supported key spec is: its usage, its algorithms, how its material is made and checked.
 * The full KMS enums are listed so a value KMS knows but this endpoint does not support is answered
 * with UnsupportedOperationException, and a value KMS does not know with ValidationException.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { IncorrectKeyMaterialError, UnsupportedOperationError, ValidationError } from './errors.ts';

export const ALL_KEY_SPECS = [
  'RSA_2048',
  'RSA_3072',
  'RSA_4096',
  'ECC_NIST_P256',
  'ECC_NIST_P384',
  'ECC_NIST_P521',
  'ECC_SECG_P256K1',
  'SYMMETRIC_DEFAULT',
  'HMAC_224',
  'HMAC_256',
  'HMAC_384',
  'HMAC_512',
  'SM2',
  'ML_DSA_44',
  'ML_DSA_65',
  'ML_DSA_87',
  'ECC_NIST_EDWARDS25519',
] as const;
export const ALL_KEY_USAGES = ['SIGN_VERIFY', 'ENCRYPT_DECRYPT', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT'] as const;
export const ALL_SIGNING_ALGORITHMS = [
  'RSASSA_PSS_SHA_256',
  'RSASSA_PSS_SHA_384',
  'RSASSA_PSS_SHA_512',
  'RSASSA_PKCS1_V1_5_SHA_256',
  'RSASSA_PKCS1_V1_5_SHA_384',
  'RSASSA_PKCS1_V1_5_SHA_512',
  'ECDSA_SHA_256',
  'ECDSA_SHA_384',
  'ECDSA_SHA_512',
  'SM2DSA',
  'ML_DSA_SHAKE_256',
  'ED25519_SHA_512',
  'ED25519_PH_SHA_512',
] as const;
export const ALL_MAC_ALGORITHMS = ['HMAC_SHA_224', 'HMAC_SHA_256', 'HMAC_SHA_384', 'HMAC_SHA_512'] as const;
export const ALL_ENCRYPTION_ALGORITHMS = [
  'SYMMETRIC_DEFAULT',
  'RSAES_OAEP_SHA_1',
  'RSAES_OAEP_SHA_256',
  'SM2PKE',
] as const;
export const ALL_MESSAGE_TYPES = ['RAW', 'DIGEST', 'EXTERNAL_MU'] as const;
export const ALL_ORIGINS = ['AWS_KMS', 'EXTERNAL', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE'] as const;

export type KeySpec = 'HMAC_256' | 'ECC_NIST_P256' | 'ECC_NIST_EDWARDS25519' | 'SYMMETRIC_DEFAULT';
export type KeyUsage = (typeof ALL_KEY_USAGES)[number];
export type Origin = 'AWS_KMS' | 'EXTERNAL';

interface SpecRules {
  readonly usage: KeyUsage;
  readonly signingAlgorithms?: readonly string[];
  readonly macAlgorithms?: readonly string[];
  readonly encryptionAlgorithms?: readonly string[];
  /** Length in bytes of a secret key's material; absent for key pairs. */
  readonly secretLength?: { readonly min: number; readonly max: number };
  /** node:crypto asymmetricKeyType of a key pair. */
  readonly keyType?: 'ec' | 'ed25519';
}

// ED25519_PH_SHA_512 is left out: node:crypto has no Ed25519ph.
export const SPEC_RULES: Readonly<Record<KeySpec, SpecRules>> = {
  HMAC_256: { usage: 'GENERATE_VERIFY_MAC', macAlgorithms: ['HMAC_SHA_256'], secretLength: { min: 32, max: 64 } },
  ECC_NIST_P256: { usage: 'SIGN_VERIFY', signingAlgorithms: ['ECDSA_SHA_256'], keyType: 'ec' },
  ECC_NIST_EDWARDS25519: { usage: 'SIGN_VERIFY', signingAlgorithms: ['ED25519_SHA_512'], keyType: 'ed25519' },
  SYMMETRIC_DEFAULT: {
    usage: 'ENCRYPT_DECRYPT',
    encryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
    secretLength: { min: 32, max: 32 },
  },
};

export function isSupportedKeySpec(spec: string): spec is KeySpec {
  return Object.hasOwn(SPEC_RULES, spec);
}

/** KMS's rule: KeyUsage may be omitted only for the default symmetric key, and must fit the spec. */
export function checkSpecAndUsage(spec: string, usage: KeyUsage | undefined): KeySpec {
  if (!isSupportedKeySpec(spec))
    throw new UnsupportedOperationError(`KeySpec ${spec} is not supported by the local KMS.`);
  const rules = SPEC_RULES[spec];
  const effective = usage ?? 'ENCRYPT_DECRYPT';
  if (effective !== rules.usage) {
    throw new ValidationError(`KeyUsage ${effective} is not compatible with KeySpec ${spec}.`);
  }
  return spec;
}

/** Fresh material: raw bytes for secret keys, PKCS8 DER for key pairs. */
export function generateMaterial(spec: KeySpec): Buffer {
  const rules = SPEC_RULES[spec];
  if (rules.secretLength) return randomBytes(rules.secretLength.max);
  const { privateKey } =
    rules.keyType === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519');
  return privateKey.export({ format: 'der', type: 'pkcs8' });
}

/** Imported material must be what the spec needs; anything else is IncorrectKeyMaterialException. */
export function checkImportedMaterial(spec: KeySpec, material: Buffer): void {
  const rules = SPEC_RULES[spec];
  if (rules.secretLength) {
    if (material.length < rules.secretLength.min || material.length > rules.secretLength.max) {
      throw new IncorrectKeyMaterialError(`Key material length does not match KeySpec ${spec}.`);
    }
    return;
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: material, format: 'der', type: 'pkcs8' });
  } catch {
    throw new IncorrectKeyMaterialError('Key material is not a PKCS8 private key.');
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType !== rules.keyType || (rules.keyType === 'ec' && curve !== 'prime256v1')) {
    throw new IncorrectKeyMaterialError(`Key material does not match KeySpec ${spec}.`);
  }
}

/**
 * Each material's key object, parsed once. The endpoint signs beside every disclosure's transaction,
 * in the same process as the handlers in local mode and the bench, where parsing the PKCS8 on every
 * Sign cost ~120 µs of it (issue 15). Material is replaced, never changed in place, so a new import
 * is a new buffer and a new entry.
 */
const parsedKeys = new WeakMap<Buffer, KeyObject>();

export function privateKeyOf(material: Buffer): KeyObject {
  let key = parsedKeys.get(material);
  if (key === undefined) {
    key = createPrivateKey({ key: material, format: 'der', type: 'pkcs8' });
    parsedKeys.set(material, key);
  }
  return key;
}

export function publicKeyDer(material: Buffer): Buffer {
  return createPublicKey(privateKeyOf(material)).export({ format: 'der', type: 'spki' });
}
