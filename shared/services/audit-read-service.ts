import { GatekeeperError, AuditUnavailableError, NotFoundError } from '../errors.ts';
import type { AuditLog } from '../ports/audit-log.ts';
import type { AuditSearch } from '../ports/audit-search.ts';
import type { Clock } from '../ports/clock.ts';
import type { Pseudonymiser } from '../pseudonym/pseudonymiser.ts';
import {
  AUDIT_SEARCH_DEFAULT_LIMIT,
  type AuditEntriesBody,
  type AuditSearchBody,
  type ConsistencyProofBody,
  type InclusionProofBody,
} from '../schemas/audit.ts';
import { originOf, type AuditReadEntry } from '../audit/entry.ts';
import { entryHeader, orgLogOrigin, type Actor } from './audit-entries.ts';
import {
  consistencyAnswer,
  entriesAnswer,
  inclusionAnswer,
  type AuditReadStore,
  type InclusionAnswer,
} from './audit-read-proofs.ts';
import { patientIndexKey } from './records-keys.ts';

export interface AuditReadDeps {
  readonly store: AuditReadStore;
  readonly search: AuditSearch;
  readonly audit: AuditLog;
  readonly pseudonymiser: Pseudonymiser;
  /** CheckpointService: signs on demand where configured, and names the verifier keys of each log. */
  readonly checkpoints: { run(org?: string): Promise<unknown>; verifierKeys(origin: string): Promise<string[]> };
  /** Where P (the org's number of patient logs, audit.md §1) is recorded. */
  readonly organisations: { getOrganisation(org: string): Promise<{ readonly patientLogs: number } | undefined> };
  readonly clock: Clock;
  readonly deployment: string;
  /** Sign checkpoints when a read needs them (local); in AWS the checkpointer does it every minute. */
  readonly signCheckpointsOnRead: boolean;
}

/** Who reads, and the request being answered: what the `audit.read` entry records besides the query. */
export interface ReadContext {
  readonly caller: Actor & { readonly org: string };
  readonly requestId: string;
  /** `sha-256=:…:` of the raw request body. */
  readonly digest: string;
}

export interface SearchAnswer {
  readonly entries: Array<{
    entry: Readonly<Record<string, unknown>>;
    receipt: { origin: string; index: number; leafHash: string; entryId: string };
  }>;
  readonly nextCursor?: string;
}

export interface CheckpointsAnswer {
  /** `signedAt`: when the gatekeeper signed it, by its own clock (the note itself has no time). */
  readonly checkpoints: Array<{ origin: string; size: number; note: string; signedAt?: string }>;
  readonly vkeys: string[];
}

/**
 * The audit endpoints (api.md §4.3), own org only. Every call first appends an `audit.read` entry
 * with the query (filters, never results) to the org log; if that fails, nothing is answered.
 * Another org's log answers exactly as a log that does not exist (404).
 */
export class AuditReadService {
  readonly #deps: AuditReadDeps;

  constructor(deps: AuditReadDeps) {
    this.#deps = deps;
  }

  async search(ctx: ReadContext, body: AuditSearchBody): Promise<SearchAnswer> {
    const { cursor, patientId, ...filters } = body;
    const limit = body.limit ?? AUDIT_SEARCH_DEFAULT_LIMIT;
    await this.#logRead(ctx, {
      endpoint: 'search',
      ...filters,
      ...(patientId ? { patientId } : {}),
      limit,
      ...(cursor ? { continued: true } : {}),
    });
    const { org } = ctx.caller;
    const indexKey =
      patientId === undefined ? undefined : await patientIndexKey(this.#deps.pseudonymiser, org, patientId);
    const page = await this.#deps.search.search({
      ...filters,
      org,
      limit,
      ...(indexKey ? { patientIndexKey: indexKey } : {}),
      ...(cursor ? { cursor } : {}),
    });
    const entries = page.items.map(({ entry, origin, index, leafHash }) => ({
      entry,
      receipt: { origin, index, leafHash, entryId: String(entry['id']) },
    }));
    return page.nextCursor === undefined ? { entries } : { entries, nextCursor: page.nextCursor };
  }

  async checkpoints(ctx: ReadContext): Promise<CheckpointsAnswer> {
    await this.#logRead(ctx, { endpoint: 'checkpoints' });
    const { org } = ctx.caller;
    if (this.#deps.signCheckpointsOnRead) await this.#deps.checkpoints.run(org);
    const heads = await this.#deps.store.getHeads(await this.#orgOrigins(org));
    const origins = heads
      .filter((head) => head.org === org)
      .map((head) => head.origin)
      .sort();
    const latest = await Promise.all(
      origins.map(async (origin) => ({ origin, found: (await this.#deps.store.checkpoints(origin, 1))[0] })),
    );
    const checkpoints = latest.flatMap(({ origin, found }) =>
      found
        ? [{ origin, size: found.size, note: found.note, ...(found.signedAt ? { signedAt: found.signedAt } : {}) }]
        : [],
    );
    // Every key that signs or signed this deployment's checkpoints, retired ones included (api.md §4.5).
    const vkeys = (await Promise.all(origins.map((origin) => this.#deps.checkpoints.verifierKeys(origin)))).flat();
    return { checkpoints, vkeys };
  }

  async inclusion(ctx: ReadContext, body: InclusionProofBody): Promise<InclusionAnswer> {
    await this.#logRead(ctx, { endpoint: 'proofs/inclusion', ...body });
    const head = await this.#ownHead(ctx, body.origin);
    return inclusionAnswer(this.#deps.store, head, body, (origin, size) => this.#checkpointOfSize(ctx, origin, size));
  }

  async consistency(ctx: ReadContext, body: ConsistencyProofBody): Promise<{ proof: string[]; checkpoint: string }> {
    await this.#logRead(ctx, { endpoint: 'proofs/consistency', ...body });
    const head = await this.#ownHead(ctx, body.origin);
    return consistencyAnswer(this.#deps.store, head, body, (origin, size) => this.#checkpointOfSize(ctx, origin, size));
  }

  async entries(ctx: ReadContext, body: AuditEntriesBody): Promise<{ entries: string[]; nextStart?: number }> {
    await this.#logRead(ctx, { endpoint: 'entries', ...body });
    return entriesAnswer(this.#deps.store, await this.#ownHead(ctx, body.origin), body);
  }

  /**
   * The org's logs are known without listing anything: p0…p{P−1} and `org` (audit.md §1). Reading
   * exactly those heads keeps the read (and its IAM grant) to the caller's own org.
   */
  async #orgOrigins(org: string): Promise<string[]> {
    const organisation = await this.#deps.organisations.getOrganisation(org);
    // The caller was authenticated against this org's registry: a missing record is damage, not a 404.
    if (!organisation) throw new AuditUnavailableError('The organisation record could not be read');
    const patientLogs = Array.from({ length: organisation.patientLogs }, (_, log) =>
      originOf(this.#deps.deployment, org, log),
    );
    return [...patientLogs, orgLogOrigin(this.#deps.deployment, org)];
  }

  /** The head of a log of the caller's org; any other origin is a 404, whether it exists or not. */
  async #ownHead(ctx: ReadContext, origin: string): Promise<{ size: number }> {
    const { org } = ctx.caller;
    if (!origin.startsWith(`${this.#deps.deployment}/${org}/`)) throw new NotFoundError('No such log');
    const head = await this.#deps.store.getHead(origin);
    if (head?.org !== org) throw new NotFoundError('No such log');
    return head;
  }

  /**
   * The signed checkpoint of exactly `size`. Signing on read (local) signs when none exists, which
   * helps when `size` is the current head; a size that was never signed stays a 404, because a
   * proof is only worth something against a checkpoint an auditor could also have seen.
   */
  async #checkpointOfSize(ctx: ReadContext, origin: string, size: number): Promise<string> {
    let found = await this.#deps.store.checkpointCovering(origin, size);
    if (found?.size !== size && this.#deps.signCheckpointsOnRead) {
      await this.#deps.checkpoints.run(ctx.caller.org);
      found = await this.#deps.store.checkpointCovering(origin, size);
    }
    if (found?.size !== size) throw new NotFoundError('No checkpoint of that size');
    return found.note;
  }

  async #logRead(ctx: ReadContext, query: AuditReadEntry['query']): Promise<void> {
    const { caller } = ctx;
    const origin = orgLogOrigin(this.#deps.deployment, caller.org);
    const entry = {
      ...entryHeader({ origin, type: 'audit.read', org: caller.org, actor: caller, clock: this.#deps.clock }),
      ...(ctx.requestId === '' ? {} : { request: { requestId: ctx.requestId, digest: ctx.digest } }),
      query,
    };
    try {
      await this.#deps.audit.append({ origin, entry });
    } catch (error) {
      // Whatever went wrong, the read was not logged, so it is not answered.
      if (error instanceof GatekeeperError && error.code === 'audit_unavailable') throw error;
      throw new AuditUnavailableError('The audit read could not be logged', { cause: error });
    }
  }
}
