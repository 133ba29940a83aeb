import { bytesEqual, decodeUtf8Strict } from './encoding.ts';
import { parseEntryBytes } from './entry-schema.ts';
import type { AuditEntry } from './entry.ts';
import { appendLeaf, emptyRoot, leafHash, rootFromFrontier } from './merkle.ts';
import { LogPromises } from './log-promises.ts';
import { fail } from './verify-checkpoints.ts';
import type { Head } from './verify-checkpoints.ts';
import type {
  AuditSource,
  FailureCode,
  VerificationFailure,
  VerificationStats,
  VerifyProgress,
} from './verifier-types.ts';

export interface EntryScan {
  readonly origin: string;
  readonly source: AuditSource;
  readonly heads: readonly Head[];
  readonly pageSize: number;
  readonly knownPolicyDigests?: readonly string[] | undefined;
  readonly onProgress?: ((progress: VerifyProgress) => void) | undefined;
  readonly stats: VerificationStats;
}

/**
 * Full mode over one log: reads every entry in index order, checks it, folds its leaf into the
 * frontier and compares the root whenever the size reaches a head. Memory is O(log n) for the tree
 * plus the ids and consents seen; the first failure ends the scan.
 */
export async function scanEntries(scan: EntryScan): Promise<{ failure?: VerificationFailure; total: number }> {
  const { origin, heads } = scan;
  const ids = new Set<string>();
  const promises = new LogPromises(scan.knownPolicyDigests);
  let frontier: Uint8Array[] = [];
  let size = 0;
  let next = 0;
  for (; heads[next]?.size === 0; next += 1) {
    if (!bytesEqual(heads[next]!.rootHash, emptyRoot())) return { ...rootFailure(origin, heads[next]!), total: 0 };
  }
  for (;;) {
    const page = await scan.source.entries(origin, size, scan.pageSize);
    for (const bytes of page) {
      const problem = checkEntry(bytes, size, origin, ids, promises);
      if (problem !== undefined)
        return { ...fail(problem.code, origin, problem.message, undefined, size), total: size };
      frontier = appendLeaf(frontier, size, leafHash(bytes)).frontier;
      size += 1;
      scan.stats.entries += 1;
      for (; heads[next]?.size === size; next += 1) {
        if (!bytesEqual(heads[next]!.rootHash, rootFromFrontier(frontier, size)))
          return { ...rootFailure(origin, heads[next]!), total: size };
      }
    }
    scan.onProgress?.({ origin, phase: 'entries', done: size });
    // A page may be short (a store's page limit, an answer's size limit): only an empty one ends the log.
    if (page.length === 0) break;
  }
  const missing = heads.slice(next).find((head) => !head.trusted);
  if (missing !== undefined) {
    return {
      ...fail(
        'entries_truncated',
        origin,
        `The log has ${size} entries but a checkpoint covers ${missing.size}`,
        missing.size,
        size,
      ),
      total: size,
    };
  }
  // Judged only once the whole log is known to be here: a case owed is opened in the same write as its decision.
  const unkept = promises.finish();
  if (unkept !== undefined)
    return { ...fail(unkept.code, origin, unkept.message, undefined, unkept.index), total: size };
  return { total: size };
}

function rootFailure(origin: string, head: Head): { failure: VerificationFailure } {
  if (head.trusted) {
    return fail(
      'trusted_state_inconsistent',
      origin,
      `The entries do not hash to the trusted root at size ${head.size}`,
      head.size,
    );
  }
  return fail(
    'root_mismatch',
    origin,
    `The first ${head.size} entries do not hash to the checkpoint's root`,
    head.size,
  );
}

function checkEntry(
  bytes: Uint8Array,
  index: number,
  origin: string,
  ids: Set<string>,
  promises: LogPromises,
): { code: FailureCode; message: string } | undefined {
  let entry: AuditEntry;
  try {
    entry = parseEntryBytes(bytes);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'entry_not_canonical') return { code, message: `Entry ${index} is not in its canonical (JCS) form` };
    if (code !== 'audit_entry_invalid') throw error;
    const detail = decodeUtf8Strict(bytes) === undefined ? 'is not UTF-8' : `is invalid: ${(error as Error).message}`;
    return { code: 'entry_malformed', message: `Entry ${index} ${detail}` };
  }
  if (entry.origin !== origin) return { code: 'entry_wrong_origin', message: `Entry ${index} belongs to another log` };
  // One hash lookup per entry: a repeated id leaves the set's size unchanged.
  const seen = ids.size;
  ids.add(entry.id);
  if (ids.size === seen)
    return { code: 'entry_duplicate_id', message: `Entry ${index} repeats the id of an earlier entry` };
  return promises.check(entry, index);
}
