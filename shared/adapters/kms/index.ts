/** The KMS adapter: what Lambda functions import to reach keys that never leave KMS. */
export { createKmsClient, type KmsClientOptions } from './client.ts';
export { derToJoseSignature } from './der-signature.ts';
export { InvalidDerSignatureError, InvalidKeyVersionError, InvalidKmsKeyIdError } from './errors.ts';
export { assertKmsKeyId } from './key-id.ts';
export { KmsKeyService, type KmsKeyServiceConfig, type MacKeyConfig } from './kms-key-service.ts';
