/**
 * Whole-log verification in the browser: every entry of a log, read in pages, hashed into the
 * Merkle tree, and the root compared with the signed checkpoint's, which must be consistent with
 * the checkpoint this browser saw last. Reports progress and stops when the person cancels.
 */
import { appendLeaf, rootFromFrontier } from '../../../shared/audit/merkle.ts';
import { bytesEqual, utf8 } from '../../../shared/audit/encoding.ts';
import { leafHash } from '../../../shared/audit/merkle.ts';
import type { Api } from '../api.ts';
import { VerificationFailed } from './checkpoint.ts';
import { consistencyStep, verifiedCheckpoint } from './entry.ts';

const PAGE = 200;

export async function verifyWholeLog(
  api: Api,
  origin: string,
  pinned: readonly string[],
  progress: (done: number, total: number) => void,
  signal: AbortSignal,
): Promise<{ size: number }> {
  const checkpoint = await verifiedCheckpoint(api, origin, pinned);
  let frontier: Uint8Array[] = [];
  let size = 0;
  progress(0, checkpoint.size);
  while (size < checkpoint.size) {
    signal.throwIfAborted();
    const { entries } = await api.ok<{ entries: string[] }>('POST', '/v1/audit/entries', {
      origin,
      start: size,
      limit: Math.min(PAGE, checkpoint.size - size),
    });
    if (entries.length === 0) throw new VerificationFailed(`Entry ${size} cannot be read: the log has a gap`);
    for (const entry of entries) {
      frontier = appendLeaf(frontier, size, leafHash(utf8(entry))).frontier;
      size += 1;
    }
    progress(size, checkpoint.size);
    // Let the page paint the progress and handle a cancel between pages.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  signal.throwIfAborted();
  if (!bytesEqual(rootFromFrontier(frontier, size), checkpoint.rootHash)) {
    throw new VerificationFailed('The entries do not hash to the signed root: the log was altered');
  }
  // Every entry is in the signed tree; that tree must also extend what this browser saw before.
  const consistency = await consistencyStep(api, checkpoint);
  if (!consistency.ok) throw new VerificationFailed(consistency.detail);
  return { size };
}
