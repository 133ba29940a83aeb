import { verifyCheckpoint } from './checkpoint.ts';
import type { Checkpoint } from './checkpoint.ts';
import { bytesEqual, fromBase64Strict } from './encoding.ts';
import { parseEntryBytes } from './entry-schema.ts';
import { leafHash } from './merkle.ts';
import { parseVkey } from './note.ts';
import { parseTlogProof } from './tlog-proof.ts';
import { fail } from './verify-checkpoints.ts';
import { verifyInclusion } from './verify-proofs.ts';
import type { FailureCode, VerificationFailure } from './verifier-types.ts';

/** The receipt of a disclosure answer or record write (audit.md §5). */
export interface Receipt {
  readonly origin: string;
  readonly index: number;
  /** Standard base64 of the leaf hash. */
  readonly leafHash: string;
  readonly entryId: string;
}

export type ReceiptEvidence =
  { readonly tlogProof: string } | { readonly proof: readonly Uint8Array[]; readonly checkpoint: string };

export interface ReceiptCheck {
  readonly receipt: Receipt;
  readonly evidence: ReceiptEvidence;
  readonly vkeys: readonly string[];
  /** The entry bytes, when the holder has them: then the leaf hash and id are recomputed too. */
  readonly entryBytes?: Uint8Array;
}

export interface ReceiptReport {
  readonly ok: boolean;
  readonly failures: readonly VerificationFailure[];
  readonly checkpoint?: Checkpoint;
}

/** Verifies one receipt against a signed checkpoint (audit.md §8.5); never throws on bad evidence. */
export function verifyReceipt(check: ReceiptCheck): ReceiptReport {
  const { receipt } = check;
  const failed = (code: FailureCode, message: string, size?: number): ReceiptReport => ({
    ok: false,
    failures: [fail(code, receipt.origin, message, size, receipt.index).failure],
  });
  const keys = check.vkeys.map(parseVkey);
  const leaf = fromBase64Strict(receipt.leafHash);
  if (leaf?.byteLength !== 32) return failed('receipt_mismatch', 'The receipt leaf hash is not base64 of 32 bytes');
  if (check.entryBytes !== undefined) {
    if (!bytesEqual(leafHash(check.entryBytes), leaf))
      return failed('receipt_mismatch', 'The entry does not hash to the receipt leaf hash');
    const entry = safeParse(check.entryBytes);
    if (entry?.id !== receipt.entryId || entry.origin !== receipt.origin) {
      return failed('receipt_mismatch', 'The entry is not the one the receipt names');
    }
  }
  let proof: readonly Uint8Array[];
  let note: string;
  if ('tlogProof' in check.evidence) {
    let parsed;
    try {
      parsed = parseTlogProof(check.evidence.tlogProof);
    } catch {
      return failed('tlog_proof_malformed', 'The tlog-proof text is malformed');
    }
    const idMismatch = parsed.entryId !== undefined && parsed.entryId !== receipt.entryId;
    if (parsed.index !== receipt.index || idMismatch)
      return failed('receipt_mismatch', 'The tlog-proof is for another entry');
    ({ proof, checkpoint: note } = parsed);
  } else {
    ({ proof, checkpoint: note } = check.evidence);
  }
  let checkpoint: Checkpoint;
  try {
    checkpoint = verifyCheckpoint(note, keys, receipt.origin);
  } catch (error) {
    const code = (error as { code?: FailureCode }).code;
    return failed(code ?? 'checkpoint_malformed', `The checkpoint is rejected: ${(error as Error).message}`);
  }
  if (!verifyInclusion(leaf, receipt.index, checkpoint.size, proof, checkpoint.rootHash)) {
    return failed(
      'inclusion_proof_invalid',
      `The proof does not include index ${receipt.index} in the tree of ${checkpoint.size}`,
      checkpoint.size,
    );
  }
  return { ok: true, failures: [], checkpoint };
}

function safeParse(bytes: Uint8Array): { id: string; origin: string } | undefined {
  try {
    return parseEntryBytes(bytes);
  } catch {
    return undefined;
  }
}
