/**
 * Re-identification for PHIN data-quality queries (pseudonymisation.md): PHIN quotes an episodeKey;
 * the provider recomputes the PHIN pseudonyms of its own candidate episode ids through KMS and
 * matches. No reverse table exists. Every run is itself logged before the matches are returned,
 * in the org log as an `audit.read` entry (the nearest type audit.md has: it records who asked,
 * how many keys and candidates, and the digest of the exact request; never the ids or the matches).
 * The server side of PHIN; shared/phin/ is the submission job's client side (the CLI).
 */
import type { AuditLog, Receipt } from '../ports/audit-log.ts';
import type { Clock } from '../ports/clock.ts';
import type { Pseudonymiser } from '../pseudonym/pseudonymiser.ts';
import type { ResolveRequest } from '../schemas/phin-resolve.ts';
import type { Caller } from './admin-service.ts';
import { entryHeader, orgLogOrigin } from './audit-entries.ts';

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
