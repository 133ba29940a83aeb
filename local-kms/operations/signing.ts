/** Asymmetric signing: GetPublicKey, Sign, Verify (ECDSA P-256 and Ed25519, like KMS). */
import { sign, verify } from 'node:crypto';
import type { KmsContext, OperationHandler } from '../context.ts';
import { InvalidSignatureError, UnsupportedOperationError, ValidationError } from '../errors.ts';
import { ALL_MESSAGE_TYPES, ALL_SIGNING_ALGORITHMS, SPEC_RULES, privateKeyOf, publicKeyDer } from '../key-specs.ts';
import type { StoredKey } from '../key-store.ts';
import { optionalEnum, requireBlob, requireEnum, requireString, type KmsRequest } from '../request.ts';
import { materialOf, requireAlgorithm, usableKey } from './guards.ts';

/** The largest RAW message KMS signs; bigger messages must be sent as a digest. */
const MAX_MESSAGE_BYTES = 4096;

interface SigningInput {
  readonly key: StoredKey;
  readonly algorithm: string;
  readonly message: Buffer;
}

function signingInput(context: KmsContext, request: KmsRequest, operation: string): SigningInput {
  const message = requireBlob(request, 'Message', { max: MAX_MESSAGE_BYTES });
  const messageType = optionalEnum(request, 'MessageType', ALL_MESSAGE_TYPES) ?? 'RAW';
  const algorithm = requireEnum(request, 'SigningAlgorithm', ALL_SIGNING_ALGORITHMS);
  const key = usableKey(context, request, 'SIGN_VERIFY', operation);
  requireAlgorithm(context, key, algorithm, SPEC_RULES[key.keySpec].signingAlgorithms);
  if (messageType === 'EXTERNAL_MU') throw new ValidationError('EXTERNAL_MU is only valid for ML-DSA keys.');
  if (messageType === 'DIGEST') {
    // KMS refuses DIGEST for pure Ed25519; node:crypto cannot sign a pre-hashed ECDSA digest.
    if (algorithm === 'ED25519_SHA_512') throw new ValidationError('ED25519_SHA_512 requires MessageType RAW.');
    throw new UnsupportedOperationError('The local KMS signs RAW messages only.');
  }
  return { key, algorithm, message };
}

function nodeDigestOf(algorithm: string): string | null {
  return algorithm === 'ECDSA_SHA_256' ? 'sha256' : null;
}

const signMessage: OperationHandler = (context, request) => {
  const { key, algorithm, message } = signingInput(context, request, 'Sign');
  // KMS returns ECDSA signatures DER-encoded; node's default dsaEncoding is 'der' too.
  const signature = sign(nodeDigestOf(algorithm), message, { key: privateKeyOf(materialOf(key)), dsaEncoding: 'der' });
  return { KeyId: context.store.arnOf(key), Signature: signature.toString('base64'), SigningAlgorithm: algorithm };
};

const verifySignature: OperationHandler = (context, request) => {
  const { key, algorithm, message } = signingInput(context, request, 'Verify');
  const signature = requireBlob(request, 'Signature', { max: 6144 });
  let valid: boolean;
  try {
    valid = verify(
      nodeDigestOf(algorithm),
      message,
      { key: privateKeyOf(materialOf(key)), dsaEncoding: 'der' },
      signature,
    );
  } catch {
    valid = false; // a malformed signature is simply not valid, as in KMS
  }
  if (!valid) throw new InvalidSignatureError('The signature is not valid.');
  return { KeyId: context.store.arnOf(key), SignatureValid: true, SigningAlgorithm: algorithm };
};

const getPublicKey: OperationHandler = (context, request) => {
  const key = context.store.findUsable(requireString(request, 'KeyId'));
  const rules = SPEC_RULES[key.keySpec];
  if (rules.keyType === undefined) {
    throw new UnsupportedOperationError(`${context.store.arnOf(key)} is not an asymmetric key.`);
  }
  return {
    KeyId: context.store.arnOf(key),
    PublicKey: publicKeyDer(materialOf(key)).toString('base64'),
    KeySpec: key.keySpec,
    CustomerMasterKeySpec: key.keySpec,
    KeyUsage: rules.usage,
    SigningAlgorithms: rules.signingAlgorithms,
  };
};

export const signingOperations: Readonly<Record<string, OperationHandler>> = {
  GetPublicKey: getPublicKey,
  Sign: signMessage,
  Verify: verifySignature,
};
