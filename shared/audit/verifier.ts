import { toBase64 } from './encoding.ts';
import { parseVkey } from './note.ts';
import type { VerifierKey } from './note.ts';
import { coSignersOf, parseCandidates, type CoSigners } from './verifier-keys.ts';
import { scanEntries } from './verify-entries.ts';
import { fail, proveChain, verifiedHeads } from './verify-checkpoints.ts';
import type {
  TrustedHead,
  VerificationFailure,
  VerificationReport,
  VerificationStats,
  VerifyOptions,
} from './verifier-types.ts';

/**
 * The offline verifier (audit.md §8) as a library function: trusts nothing but the pinned vkeys
 * and the auditor's trusted state. Each log is verified on its own; the report names the first
 * failing checkpoint or entry of each, and the trusted state advances only for logs that passed.
 */
export async function verifyAuditLog(options: VerifyOptions): Promise<VerificationReport> {
  const keys = options.vkeys.map(parseVkey);
  const stats: VerificationStats = { origins: 0, checkpoints: 0, entries: 0, consistencyProofs: 0 };
  const failures: VerificationFailure[] = [];
  const warnings: VerificationFailure[] = [];
  const trusted = options.trusted ?? {};
  const next: Record<string, TrustedHead> = { ...trusted };
  let origins: string[];
  try {
    origins = [...new Set(await options.source.listOrigins())].sort();
  } catch (error) {
    failures.push(fail('source_unavailable', '*', `The source could not list logs (${errorName(error)})`).failure);
    return { ok: false, failures, warnings, stats, newTrustedState: next };
  }
  for (const origin of Object.keys(trusted).sort()) {
    if (!origins.includes(origin))
      failures.push(fail('origin_missing', origin, 'A log the auditor trusted is no longer offered').failure);
  }
  const rotation = await rotationContext(origins, options, keys);
  for (const origin of origins) {
    stats.origins += 1;
    const result = await verifyOrigin(origin, options, keys, rotation, stats, warnings);
    if ('failure' in result) failures.push(result.failure);
    else if (result.value !== undefined) next[origin] = result.value;
  }
  return { ok: failures.length === 0, failures, warnings, stats, newTrustedState: next };
}

type OriginResult = { readonly value: TrustedHead | undefined } | { readonly failure: VerificationFailure };

interface RotationContext {
  readonly candidates: readonly VerifierKey[];
  readonly coSigners?: readonly CoSigners[];
}

/**
 * With published candidate keys, the co-signatures of every log's checkpoints, read before any log
 * is verified: a log that did not grow while a rotation was cross-signed learns the new key from
 * the logs that did (verifier-keys.ts). A log that cannot be read here is reported by verifyOrigin.
 */
async function rotationContext(
  origins: readonly string[],
  options: VerifyOptions,
  pinned: readonly VerifierKey[],
): Promise<RotationContext> {
  const candidates = parseCandidates(options.candidateVkeys);
  if (candidates.length === 0) return { candidates };
  const notesByOrigin = new Map<string, string[]>();
  for (const origin of origins) {
    const notes = await options.source.checkpoints(origin).catch(() => undefined);
    if (notes !== undefined) notesByOrigin.set(origin, notes);
  }
  const stateKeys = parseCandidates(
    Object.values(options.trusted ?? {}).flatMap((head) =>
      Array.isArray(head.vkeys) ? (head.vkeys as unknown[]).map(String) : [],
    ),
  );
  return { candidates, coSigners: coSignersOf(notesByOrigin, [...pinned, ...stateKeys, ...candidates]) };
}

async function verifyOrigin(
  origin: string,
  options: VerifyOptions,
  keys: readonly VerifierKey[],
  rotation: RotationContext,
  stats: VerificationStats,
  warnings: VerificationFailure[],
): Promise<OriginResult> {
  try {
    const notes = await options.source.checkpoints(origin);
    stats.checkpoints += notes.length;
    options.onProgress?.({ origin, phase: 'checkpoints', done: notes.length });
    const loaded = verifiedHeads(origin, notes, keys, options.trusted?.[origin], rotation);
    if ('failure' in loaded) return loaded;
    const { heads, newest, learned } = loaded.value;
    const head =
      newest === undefined
        ? undefined
        : { size: newest.size, rootHash: toBase64(newest.rootHash), ...(learned.length > 0 ? { vkeys: learned } : {}) };
    if (options.mode === 'checkpoints') {
      if (newest === undefined)
        warnings.push(fail('checkpoint_missing', origin, 'The log has no signed checkpoint').failure);
      if (options.proofs !== undefined) {
        const failure = await proveChain(origin, heads, options.proofs, stats);
        return failure === undefined ? { value: head } : { failure };
      }
      if (heads.length > 1)
        warnings.push(
          fail('consistency_unchecked', origin, 'No proof source: checkpoints were not proven consistent').failure,
        );
      return { value: head };
    }
    const scan = await scanEntries({
      origin,
      heads,
      source: options.source,
      stats,
      pageSize: options.pageSize ?? 1000,
      knownPolicyDigests: options.knownPolicyDigests,
      onProgress: options.onProgress,
    });
    if (scan.failure !== undefined) return { failure: scan.failure };
    const covered = newest?.size ?? 0;
    if (scan.total > covered) {
      const tail = fail(
        newest === undefined ? 'checkpoint_missing' : 'entries_uncheckpointed',
        origin,
        `Entries ${covered}..${scan.total - 1} are not covered by a signed checkpoint`,
        undefined,
        covered,
      ).failure;
      if (options.allowUncheckpointedTail !== true) return { failure: tail };
      warnings.push(tail);
    }
    return { value: head };
  } catch (error) {
    return fail('source_unavailable', origin, `The source failed while this log was read (${errorName(error)})`);
  }
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'unknown error';
}
