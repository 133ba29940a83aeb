/** HMAC: GenerateMac and VerifyMac (HMAC_SHA_256 on HMAC_256 keys, like KMS). */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { OperationHandler } from '../context.ts';
import { InvalidMacError } from '../errors.ts';
import { ALL_MAC_ALGORITHMS, SPEC_RULES } from '../key-specs.ts';
import { requireBlob, requireEnum } from '../request.ts';
import { materialOf, requireAlgorithm, usableKey } from './guards.ts';

const MAX_MESSAGE_BYTES = 4096;

const NODE_DIGEST: Readonly<Record<string, string>> = {
  HMAC_SHA_224: 'sha224',
  HMAC_SHA_256: 'sha256',
  HMAC_SHA_384: 'sha384',
  HMAC_SHA_512: 'sha512',
};

const generateMac: OperationHandler = (context, request) => {
  const message = requireBlob(request, 'Message', { max: MAX_MESSAGE_BYTES });
  const algorithm = requireEnum(request, 'MacAlgorithm', ALL_MAC_ALGORITHMS);
  const key = usableKey(context, request, 'GENERATE_VERIFY_MAC', 'GenerateMac');
  requireAlgorithm(context, key, algorithm, SPEC_RULES[key.keySpec].macAlgorithms);
  const mac = createHmac(NODE_DIGEST[algorithm]!, materialOf(key)).update(message).digest();
  return { KeyId: context.store.arnOf(key), Mac: mac.toString('base64'), MacAlgorithm: algorithm };
};

const verifyMac: OperationHandler = (context, request) => {
  const message = requireBlob(request, 'Message', { max: MAX_MESSAGE_BYTES });
  const algorithm = requireEnum(request, 'MacAlgorithm', ALL_MAC_ALGORITHMS);
  const claimed = requireBlob(request, 'Mac', { max: 6144 });
  const key = usableKey(context, request, 'GENERATE_VERIFY_MAC', 'VerifyMac');
  requireAlgorithm(context, key, algorithm, SPEC_RULES[key.keySpec].macAlgorithms);
  const expected = createHmac(NODE_DIGEST[algorithm]!, materialOf(key)).update(message).digest();
  if (claimed.length !== expected.length || !timingSafeEqual(claimed, expected)) {
    throw new InvalidMacError('The MAC is not valid.');
  }
  return { KeyId: context.store.arnOf(key), MacValid: true, MacAlgorithm: algorithm };
};

export const macOperations: Readonly<Record<string, OperationHandler>> = {
  GenerateMac: generateMac,
  VerifyMac: verifyMac,
};
