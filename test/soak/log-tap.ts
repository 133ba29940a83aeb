/**
 * TESTS ONLY. An audit source that keeps a copy of every entry the offline verifier reads through
 * it, so the soak's own checks run on exactly the bytes the verifier proved (gap-free, consistent
 * with every signed checkpoint), and on nothing read any other way.
 */
import type { AuditSource, ConsistencyProofSource } from '../../shared/audit/verifier-types.ts';

export interface TappedEntry {
  readonly origin: string;
  readonly index: number;
  readonly entry: LoggedEntry;
}

/** The fields of an entry (audit.md §2) the soak's checks read. */
export interface LoggedEntry {
  readonly id: string;
  readonly type: string;
  readonly actor: { readonly clientId: string; readonly jti: string };
  readonly request?: { readonly requestId: string };
  readonly patient?: { readonly ref: string };
  readonly record?: {
    readonly consentId?: string;
    readonly objectionId?: string;
    readonly scope?: string;
    readonly recipientId?: string;
  };
  /** Review entries (reviews.md §6): the case and the decision it is about. */
  readonly review?: { readonly reviewId: string; readonly kind: string; readonly decisionEntryId: string };
  /** Notification entries (reviews.md §6): one record change opens one per earlier recipient. */
  readonly notification?: { readonly notificationId: string };
  readonly decision?: {
    readonly outcome: string;
    readonly flow?: string;
    readonly purpose: string;
    readonly recipient: { readonly id: string; readonly category?: string };
    readonly basis?: { readonly source: string; readonly recordId?: string };
    readonly payloadDigest?: string;
    readonly override?: unknown;
  };
}

export class TappedAuditSource implements AuditSource, ConsistencyProofSource {
  readonly #inner: AuditSource & ConsistencyProofSource;
  readonly #entries = new Map<string, Map<number, LoggedEntry>>();

  constructor(inner: AuditSource & ConsistencyProofSource) {
    this.#inner = inner;
  }

  listOrigins(): Promise<string[]> {
    return this.#inner.listOrigins();
  }

  checkpoints(origin: string): Promise<string[]> {
    return this.#inner.checkpoints(origin);
  }

  consistencyProof(origin: string, fromSize: number, toSize: number): Promise<Uint8Array[]> {
    return this.#inner.consistencyProof(origin, fromSize, toSize);
  }

  async entries(origin: string, start: number, limit: number): Promise<Uint8Array[]> {
    const page = await this.#inner.entries(origin, start, limit);
    const kept = this.#entries.get(origin) ?? new Map<number, LoggedEntry>();
    this.#entries.set(origin, kept);
    page.forEach((bytes, i) => kept.set(start + i, JSON.parse(new TextDecoder().decode(bytes)) as LoggedEntry));
    return page;
  }

  /** Every entry read, log by log in index order. */
  all(): TappedEntry[] {
    return [...this.#entries.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .flatMap(([origin, kept]) =>
        [...kept.entries()].sort(([a], [b]) => a - b).map(([index, entry]) => ({ origin, index, entry })),
      );
  }

  at(origin: string, index: number): LoggedEntry | undefined {
    return this.#entries.get(origin)?.get(index);
  }
}
