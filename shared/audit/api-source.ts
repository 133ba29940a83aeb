import type { GatekeeperResponse } from '../client/client.ts';
import { GatekeeperError } from '../errors.ts';
import { memoise } from '../memoise.ts';
import { fromBase64Strict, utf8 } from './encoding.ts';
import type { AuditSource, ConsistencyProofSource } from './verifier-types.ts';

/** The slice of GatekeeperClient this source needs: one signed request. */
export interface SignedRequester {
  request<T = unknown>(method: string, path: string, body?: unknown): Promise<GatekeeperResponse<T>>;
}

/** The API answered something other than what api.md §4.3 promises (or not at all). */
export class AuditApiError extends GatekeeperError {
  readonly code = 'audit_api_unavailable' as const;
  readonly status: number | undefined;
  readonly problem: string | undefined;

  constructor(message: string, status?: number, problem?: string) {
    super(message);
    this.status = status;
    this.problem = problem;
  }
}

interface CheckpointsBody {
  readonly checkpoints: ReadonlyArray<{ origin: string; size: number; note: string }>;
  readonly vkeys: readonly string[];
}

/** The API serves entries in pages of at most this many (api.md §4.3). */
const MAX_PAGE = 1000;

/**
 * An auditor's view of the live API as the verifier's source: the latest checkpoint of each log
 * from GET /v1/audit/checkpoints, entries from POST /v1/audit/entries, consistency proofs from
 * POST /v1/audit/proofs/consistency. Nothing it returns is trusted; verifyAuditLog checks it all.
 *
 * Entries are read up to the newest checkpoint served (the log as of that checkpoint): every call
 * appends an audit.read entry to the org log, so the org log always grows while it is read, and
 * entries past the newest checkpoint cannot be proven yet anyway.
 */
export class ApiAuditSource implements AuditSource, ConsistencyProofSource {
  readonly #client: SignedRequester;
  /** One snapshot per run, so every origin is read at the same moment; a failed read is retried. */
  readonly #checkpoints: () => Promise<CheckpointsBody>;

  constructor(client: SignedRequester) {
    this.#client = client;
    this.#checkpoints = memoise(() => this.#get());
  }

  /** The vkeys the API publishes: for trust on first use only, never to verify what it serves. */
  async publishedVkeys(): Promise<readonly string[]> {
    return (await this.#checkpoints()).vkeys;
  }

  async listOrigins(): Promise<string[]> {
    const { checkpoints, vkeys } = await this.#checkpoints();
    const named = vkeys.map((vkey) => vkey.slice(0, vkey.indexOf('+')));
    return [...new Set([...checkpoints.map((checkpoint) => checkpoint.origin), ...named])].sort();
  }

  async checkpoints(origin: string): Promise<string[]> {
    return (await this.#checkpoints()).checkpoints
      .filter((checkpoint) => checkpoint.origin === origin)
      .map((checkpoint) => checkpoint.note);
  }

  async entries(origin: string, start: number, limit: number): Promise<Uint8Array[]> {
    const served = (await this.#checkpoints()).checkpoints.filter((checkpoint) => checkpoint.origin === origin);
    const end = Math.max(0, ...served.map((checkpoint) => checkpoint.size));
    const count = Math.min(limit, MAX_PAGE, end - start);
    if (count <= 0) return [];
    const body = await this.#post<{ entries?: unknown }>('/v1/audit/entries', { origin, start, limit: count });
    if (!Array.isArray(body.entries) || body.entries.some((entry) => typeof entry !== 'string')) {
      throw new AuditApiError('The entries answer is malformed');
    }
    return (body.entries as string[]).map(utf8);
  }

  async consistencyProof(origin: string, fromSize: number, toSize: number): Promise<Uint8Array[]> {
    const body = await this.#post<{ proof?: unknown }>('/v1/audit/proofs/consistency', { origin, fromSize, toSize });
    return decodeHashes(body.proof);
  }

  /** The inclusion proof of one entry against the checkpoint of `treeSize`, as the API serves it. */
  async inclusionProof(
    origin: string,
    index: number,
    treeSize: number,
  ): Promise<{ leafHash: string; proof: Uint8Array[]; checkpoint: string; tlogProof: string }> {
    const body = await this.#post<{ leafHash?: unknown; proof?: unknown; checkpoint?: unknown; tlogProof?: unknown }>(
      '/v1/audit/proofs/inclusion',
      { origin, index, treeSize },
    );
    const { leafHash, checkpoint, tlogProof } = body;
    if (typeof leafHash !== 'string' || typeof checkpoint !== 'string' || typeof tlogProof !== 'string') {
      throw new AuditApiError('The inclusion proof answer is malformed');
    }
    return { leafHash, proof: decodeHashes(body.proof), checkpoint, tlogProof };
  }

  async #get(): Promise<CheckpointsBody> {
    const body = await this.#send<{ checkpoints?: unknown; vkeys?: unknown }>('GET', '/v1/audit/checkpoints');
    const isCheckpoint = (value: unknown): boolean => {
      const c = value as { origin?: unknown; size?: unknown; note?: unknown } | null;
      return typeof c?.origin === 'string' && Number.isSafeInteger(c.size) && typeof c.note === 'string';
    };
    const valid =
      Array.isArray(body.checkpoints) &&
      Array.isArray(body.vkeys) &&
      body.checkpoints.every(isCheckpoint) &&
      body.vkeys.every((vkey) => typeof vkey === 'string' && vkey.includes('+'));
    if (!valid) throw new AuditApiError('The checkpoints answer is malformed');
    return body as unknown as CheckpointsBody;
  }

  #post<T>(path: string, body: unknown): Promise<T> {
    return this.#send<T>('POST', path, body);
  }

  async #send<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: GatekeeperResponse<unknown>;
    try {
      response = await this.#client.request(method, path, body);
    } catch (error) {
      throw new AuditApiError(`${method} ${path} failed: ${error instanceof Error ? error.message : 'no answer'}`);
    }
    if (response.status !== 200 || typeof response.body !== 'object' || response.body === null) {
      const problem = (response.body as { code?: unknown } | undefined)?.code;
      const code = typeof problem === 'string' ? problem : undefined;
      throw new AuditApiError(
        `${method} ${path} answered ${response.status}${code ? ` ${code}` : ''}`,
        response.status,
        code,
      );
    }
    return response.body as T;
  }
}

function decodeHashes(value: unknown): Uint8Array[] {
  if (!Array.isArray(value)) throw new AuditApiError('A proof is not a list of hashes');
  return value.map((item) => {
    const hash = typeof item === 'string' ? fromBase64Strict(item) : undefined;
    if (hash?.byteLength !== 32) throw new AuditApiError('A proof hash is not base64 of 32 bytes');
    return hash;
  });
}
