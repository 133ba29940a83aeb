/**
 * The errors the local KMS endpoint answers with. `code` is the wire `__type`, spelled exactly as
 * AWS KMS spells it, because the SDK picks the exception class it throws from that string alone.
 * `status` is the HTTP status AWS uses for that error.
 */
export abstract class LocalKmsError extends Error {
  abstract readonly code: string;
  readonly status: number = 400;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends LocalKmsError {
  readonly code = 'NotFoundException' as const;
}

export class AlreadyExistsError extends LocalKmsError {
  readonly code = 'AlreadyExistsException' as const;
}

export class ValidationError extends LocalKmsError {
  readonly code = 'ValidationException' as const;
}

export class InvalidAliasNameError extends LocalKmsError {
  readonly code = 'InvalidAliasNameException' as const;
}

export class InvalidKeyUsageError extends LocalKmsError {
  readonly code = 'InvalidKeyUsageException' as const;
}

export class DisabledError extends LocalKmsError {
  readonly code = 'DisabledException' as const;
}

export class InvalidStateError extends LocalKmsError {
  readonly code = 'KMSInvalidStateException' as const;
}

export class UnsupportedOperationError extends LocalKmsError {
  readonly code = 'UnsupportedOperationException' as const;
}

export class InvalidCiphertextError extends LocalKmsError {
  readonly code = 'InvalidCiphertextException' as const;
}

export class IncorrectKeyError extends LocalKmsError {
  readonly code = 'IncorrectKeyException' as const;
}

export class InvalidSignatureError extends LocalKmsError {
  readonly code = 'KMSInvalidSignatureException' as const;
}

export class InvalidMacError extends LocalKmsError {
  readonly code = 'KMSInvalidMacException' as const;
}

export class InvalidImportTokenError extends LocalKmsError {
  readonly code = 'InvalidImportTokenException' as const;
}

export class ExpiredImportTokenError extends LocalKmsError {
  readonly code = 'ExpiredImportTokenException' as const;
}

export class IncorrectKeyMaterialError extends LocalKmsError {
  readonly code = 'IncorrectKeyMaterialException' as const;
}

export class ThrottlingError extends LocalKmsError {
  readonly code = 'ThrottlingException' as const;
}

export class InternalError extends LocalKmsError {
  readonly code = 'KMSInternalException' as const;
  override readonly status: number = 500;
}

/** Not a KMS error: the request was not the JSON 1.1 protocol at all. */
export class SerializationError extends LocalKmsError {
  readonly code = 'SerializationException' as const;
}

export class UnknownOperationError extends LocalKmsError {
  readonly code = 'UnknownOperationException' as const;
}

export class InvalidMarkerError extends LocalKmsError {
  readonly code = 'InvalidMarkerException' as const;
}

/** Not a KMS error: a fault injection request the test harness sent was malformed. */
export class InvalidFaultError extends LocalKmsError {
  readonly code = 'InvalidFaultException' as const;
}

/** Not a KMS error: provisioning found an alias that points at a key of the wrong kind. */
export class KeySpecMismatchError extends Error {
  readonly code = 'key_spec_mismatch' as const;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
