import { verifyCheckpoint } from './checkpoint.ts';
import type { Checkpoint } from './checkpoint.ts';
import { decodeUtf8Strict, fromBase64Strict, toBase64, utf8 } from './encoding.ts';
import { InclusionProofInvalidError, TlogProofMalformedError } from './errors.ts';
import type { VerifierKey } from './note.ts';
import { verifyInclusion } from './verify-proofs.ts';

/**
 * c2sp.org/tlog-proof@v1: a self-contained, offline-verifiable inclusion proof. Our `extra` is
 * the entry id (UTF-8), so a holder can match the proof to its receipt; it is unauthenticated,
 * as the spec warns, so verification never trusts it for anything but display.
 */
export const TLOG_PROOF_HEADER = 'c2sp.org/tlog-proof@v1';

export interface TlogProof {
  readonly index: number;
  readonly proof: readonly Uint8Array[];
  /** The checkpoint note, verbatim (with its signature lines). */
  readonly checkpoint: string;
  readonly entryId?: string;
}

export function formatTlogProof(value: TlogProof): string {
  if (!Number.isSafeInteger(value.index) || value.index < 0)
    throw new TlogProofMalformedError('The index is not a natural number');
  if (value.proof.some((hash) => hash.byteLength !== 32))
    throw new TlogProofMalformedError('Proof hashes are 32 bytes');
  if (!value.checkpoint.endsWith('\n')) throw new TlogProofMalformedError('The checkpoint note ends with a newline');
  const lines = [TLOG_PROOF_HEADER];
  if (value.entryId !== undefined) lines.push(`extra ${toBase64(utf8(value.entryId))}`);
  lines.push(`index ${value.index}`, ...value.proof.map(toBase64), '');
  return `${lines.join('\n')}\n${value.checkpoint}`;
}

export function parseTlogProof(text: string): TlogProof {
  const blank = text.indexOf('\n\n');
  if (blank < 0) throw new TlogProofMalformedError('The proof has no checkpoint');
  const lines = text.slice(0, blank).split('\n');
  if (lines.shift() !== TLOG_PROOF_HEADER)
    throw new TlogProofMalformedError('The first line is not c2sp.org/tlog-proof@v1');
  let entryId: string | undefined;
  if (lines[0]?.startsWith('extra ') === true) entryId = decodeExtra(lines.shift()!.slice('extra '.length));
  const indexMatch = /^index (0|[1-9][0-9]{0,15})$/.exec(lines.shift() ?? '');
  const index = Number(indexMatch?.[1]);
  if (indexMatch === null || !Number.isSafeInteger(index))
    throw new TlogProofMalformedError('The index line is malformed');
  const proof = lines.map((line) => {
    const hash = fromBase64Strict(line);
    if (hash?.byteLength !== 32) throw new TlogProofMalformedError('A proof line is not base64 of 32 bytes');
    return hash;
  });
  return { index, proof, checkpoint: text.slice(blank + 2), ...(entryId === undefined ? {} : { entryId }) };
}

function decodeExtra(encoded: string): string {
  const bytes = fromBase64Strict(encoded);
  const text = bytes === undefined ? undefined : decodeUtf8Strict(bytes);
  if (text === undefined) throw new TlogProofMalformedError('The extra data is not base64 of UTF-8');
  return text;
}

/**
 * Verifies a tlog-proof for a leaf hash: the checkpoint against the pinned vkeys, then the
 * inclusion proof against its root. Throws a typed error naming what failed.
 */
export function verifyTlogProof(
  text: string,
  leafHash: Uint8Array,
  vkeys: readonly (string | VerifierKey)[],
  expectedOrigin?: string,
): TlogProof & { readonly verified: Checkpoint } {
  const parsed = parseTlogProof(text);
  const verified = verifyCheckpoint(parsed.checkpoint, vkeys, expectedOrigin);
  if (!verifyInclusion(leafHash, parsed.index, verified.size, parsed.proof, verified.rootHash)) {
    throw new InclusionProofInvalidError(
      `The proof does not include index ${parsed.index} in the tree of ${verified.size}`,
    );
  }
  return { ...parsed, verified };
}
