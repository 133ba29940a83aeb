/** Errors of the KMS adapter. Messages never contain key material or the rejected value itself. */
import { GatekeeperError } from '../../errors.ts';

/**
 * Configuration named something that is not a KMS key (for example a raw hex or base64 key).
 * Deployed code must only ever reference keys that live in KMS.
 */
export class InvalidKmsKeyIdError extends GatekeeperError {
  readonly code = 'invalid_kms_key_id' as const;
}

/** KMS returned an ECDSA signature that is not a well-formed DER SEQUENCE of two INTEGERs. */
export class InvalidDerSignatureError extends GatekeeperError {
  readonly code = 'invalid_der_signature' as const;
}

/** A pseudonym key version must be a positive integer: it becomes the `v<n>.` prefix. */
export class InvalidKeyVersionError extends GatekeeperError {
  readonly code = 'invalid_key_version' as const;
}
