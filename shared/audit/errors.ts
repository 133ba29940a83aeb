import { GatekeeperError, ValidationFailedError } from '../errors.ts';

/**
 * Errors of the audit-log domain. Each class has one stable `code`; messages name sizes, indexes
 * and origins only, never entry contents.
 */

/** A tree size, index, frontier or stored node does not fit the Merkle model (a caller bug or corrupt state). */
export class MerkleStateError extends GatekeeperError {
  readonly code = 'audit_merkle_state_invalid' as const;
}

/** A proof was requested for an index or size pair that has no proof (index >= size, m > n …). */
export class ProofRangeError extends GatekeeperError {
  readonly code = 'audit_proof_range_invalid' as const;
}

/** A node the proof plan needs was not supplied by the node source. */
export class ProofNodeMissingError extends GatekeeperError {
  readonly code = 'audit_proof_node_missing' as const;
}

/** Checkpoint or signed-note text that does not follow c2sp.org/tlog-checkpoint or signed-note. */
export class CheckpointMalformedError extends GatekeeperError {
  readonly code = 'checkpoint_malformed' as const;
}

/** A signature by a pinned key did not verify: the whole note is rejected (signed-note §Signatures). */
export class CheckpointSignatureInvalidError extends GatekeeperError {
  readonly code = 'checkpoint_signature_invalid' as const;
}

/** No signature by a pinned key for this origin: an unknown signer, or no signature at all. */
export class CheckpointUnsignedError extends GatekeeperError {
  readonly code = 'checkpoint_unsigned' as const;
}

/** A verifier key (vkey) or SPKI public key that is not a well-formed Ed25519 key. */
export class VerifierKeyError extends GatekeeperError {
  readonly code = 'vkey_malformed' as const;
}

/** c2sp.org/tlog-proof@v1 text that cannot be parsed. */
export class TlogProofMalformedError extends GatekeeperError {
  readonly code = 'tlog_proof_malformed' as const;
}

/** An entry that breaks audit.md §2 (null values, non-integer numbers, bad shape). */
export class AuditEntryInvalidError extends GatekeeperError {
  readonly code = 'audit_entry_invalid' as const;
}

/** Names that cannot form a log origin (they would break the checkpoint's first line or key name). */
export class OriginInvalidError extends GatekeeperError {
  readonly code = 'audit_origin_invalid' as const;
}

/** A checkpoint that is validly signed but for another log than the one it was presented for. */
export class CheckpointOriginMismatchError extends GatekeeperError {
  readonly code = 'checkpoint_origin_mismatch' as const;
}

/** An inclusion proof that does not lead from the leaf to the checkpoint's root. */
export class InclusionProofInvalidError extends GatekeeperError {
  readonly code = 'inclusion_proof_invalid' as const;
}

/** Entry bytes that are not the JCS form of their own parse (re-serialised, re-ordered, re-escaped). */
export class EntryNotCanonicalError extends GatekeeperError {
  readonly code = 'entry_not_canonical' as const;
}

/**
 * An entry would exceed the 16 KiB bound of audit.md §2: the request that produced it fails with
 * 422 before anything is written, and the entries appended alongside it are not affected.
 */
export class EntryTooLargeError extends ValidationFailedError {
  constructor(maxBytes: number) {
    super(
      [{ path: '$', code: 'too_big', message: `the audit entry this request makes would exceed ${maxBytes} bytes` }],
      'The audit entry would exceed its size bound',
    );
  }
}
