/**
 * Re-identification for PHIN data-quality queries (pseudonymisation.md): PHIN quotes an episodeKey;
 * the provider recomputes the PHIN pseudonyms of its own candidate episode ids through KMS and
 * matches. No reverse table exists. Every run is itself logged before the matches are returned,
 * in the org log as an `audit.read` entry (the nearest type audit.md has: it records who asked,
 * how many keys and candidates, and the digest of the exact request; never the ids or the matches).
 */
import * as z from 'zod';
import type { AuditLog, Receipt } from '../ports/audit-log.ts';
import type { Clock } from '../ports/clock.ts';
import type { Pseudonymiser } from '../pseudonym/pseudonymiser.ts';
import { receiptSchema } from '../schemas/responses.ts';
import type { Caller } from '../services/admin-service.ts';
import { entryHeader, orgLogOrigin } from '../services/audit-entries.ts';

export const MAX_RESOLVE = 1000;

export const resolveRequestSchema = z.strictObject({
  episodeKeys: z
    .array(z.string().regex(/^v[1-9][0-9]*\.[A-Za-z0-9_-]{43}$/u))
    .min(1)
    .max(MAX_RESOLVE),
  episodeIds: z.array(z.string().trim().min(1).max(128)).min(1).max(MAX_RESOLVE),
});

const match = z.strictObject({ episodeKey: z.string(), episodeId: z.string() });
export const resolveAnswerSchema = z.strictObject({
  matches: z.array(match),
  unmatched: z.array(z.string()),
  receipt: receiptSchema,
});

export type ResolveRequest = z.infer<typeof resolveRequestSchema>;

export interface ResolveMatch {
  readonly episodeKey: string;
  readonly episodeId: string;
}

export interface ResolveAnswer {
  readonly matches: readonly ResolveMatch[];
  /** Keys no candidate produced (another period, another key version, or not ours). */
  readonly unmatched: readonly string[];
  readonly receipt: Receipt;
}

/** Matches in the order of the keys asked about; one key may match several ids only by a duplicate id. */
export function matchEpisodeKeys(
  episodeKeys: readonly string[],
  candidates: readonly ResolveMatch[],
): { matches: ResolveMatch[]; unmatched: string[] } {
  const byKey = new Map<string, string>();
  for (const candidate of candidates)
    if (!byKey.has(candidate.episodeKey)) byKey.set(candidate.episodeKey, candidate.episodeId);
  const matches: ResolveMatch[] = [];
  const unmatched: string[] = [];
  for (const episodeKey of new Set(episodeKeys)) {
    const episodeId = byKey.get(episodeKey);
    if (episodeId === undefined) unmatched.push(episodeKey);
    else matches.push({ episodeKey, episodeId });
  }
  return { matches, unmatched };
}

export interface ResolveDeps {
  readonly pseudonymiser: Pseudonymiser;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly deployment: string;
}

export class PhinResolveService {
  readonly #deps: ResolveDeps;

  constructor(deps: ResolveDeps) {
    this.#deps = deps;
  }

  /** KMS first (a failure releases nothing and needs no entry), then the entry, then the answer. */
  async resolve(
    caller: Caller,
    body: ResolveRequest,
    request: { requestId: string; digest: string },
  ): Promise<ResolveAnswer> {
    const ids = [...new Set(body.episodeIds)];
    const keys = await this.#deps.pseudonymiser.pseudonymiseMany(
      caller.org,
      ids.map((value) => ({ domain: 'PHIN', idType: 'EPISODE', value })),
    );
    const { matches, unmatched } = matchEpisodeKeys(
      body.episodeKeys,
      ids.map((episodeId, i) => ({ episodeId, episodeKey: keys[i]! })),
    );
    const origin = orgLogOrigin(this.#deps.deployment, caller.org);
    const entry = {
      ...entryHeader({ origin, type: 'audit.read', org: caller.org, actor: caller, clock: this.#deps.clock }),
      request,
      query: { kind: 'phin.resolve', episodeKeys: new Set(body.episodeKeys).size, episodeIds: ids.length },
    };
    const receipt = await this.#deps.audit.append({ origin, entry });
    return { matches, unmatched, receipt };
  }
}
