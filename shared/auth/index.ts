// The request-verification module: pure (jose + node:crypto), no AWS, no middy.
export { verifySignedRequest, type SignedRequestInput, type VerifierDeps, type VerifiedCaller } from './verify.ts';
export {
  SignatureRejectedError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ForbiddenScopeError,
  SIGNATURE_REJECTION_CODES,
  type SignatureRejectionCode,
} from './errors.ts';
export { ALLOWED_ALGORITHMS, REQUEST_TOKEN_TYPE, FORBIDDEN_HEADER_FIELDS, type AllowedAlgorithm } from './token.ts';
export { keyUnfitReason, algorithmOfKey } from './keys.ts';
export { MAX_BODY_BYTES, MAX_BATCH_BODY_BYTES, maxBodyBytes } from './limits.ts';
export { MAX_LIFETIME_S, EXPIRY_LEEWAY_S, MAX_FUTURE_IAT_S } from './claims.ts';
