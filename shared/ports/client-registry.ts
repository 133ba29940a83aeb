import type { AtomicWrite } from './audit-log.ts';

/** Registered organisations, calling clients and their keys, as the request verifier needs them. */
export type Scope = 'disclosure:check' | 'records:write' | 'records:read' | 'audit:read' | 'review:decide' | 'admin';
export const SCOPES: readonly Scope[] = Object.freeze([
  'disclosure:check',
  'records:write',
  'records:read',
  'audit:read',
  'review:decide',
  'admin',
]);

/**
 * Separation of duties (api.md §4.4): whoever administers clients and keys must not also decide,
 * review or read the audit trail of what those clients do.
 */
export const SCOPES_EXCLUSIVE_WITH_ADMIN: readonly Scope[] = Object.freeze([
  'audit:read',
  'review:decide',
  'disclosure:check',
]);

export type ClientStatus = 'ACTIVE' | 'SUSPENDED';

/** A client is a system (the default) or one person signing in with a key their browser holds (api.md §4.4). */
export type ClientKind = 'SYSTEM' | 'PERSON';
export const CLIENT_KINDS: readonly ClientKind[] = Object.freeze(['SYSTEM', 'PERSON']);
export type DisplayRole = 'CALDICOTT_GUARDIAN' | 'DPO' | 'AUDITOR' | 'RECORDS_STAFF' | 'ADMIN';
export const DISPLAY_ROLES: readonly DisplayRole[] = Object.freeze([
  'CALDICOTT_GUARDIAN',
  'DPO',
  'AUDITOR',
  'RECORDS_STAFF',
  'ADMIN',
]);
/** The roles that may decide review cases (reviews.md §2): `review:decide` is only ever held by one of them. */
export const REVIEWER_ROLES: readonly DisplayRole[] = Object.freeze(['CALDICOTT_GUARDIAN', 'DPO']);
export type KeyStatus = 'ACTIVE' | 'REVOKED';

/** A public JWK as registered (EC P-256, OKP Ed25519 or RSA >= 2048), always with a `kid`. */
export interface RegisteredKey {
  readonly kid: string;
  readonly status: KeyStatus;
  readonly jwk: Readonly<Record<string, unknown>> & { readonly kid: string; readonly kty: string };
}

export interface ClientRecord {
  readonly clientId: string;
  readonly org: string;
  readonly name: string;
  readonly scopes: readonly Scope[];
  readonly status: ClientStatus;
  readonly keys: readonly RegisteredKey[];
  /** Optimistic-concurrency version of the client item. */
  readonly version: number;
  /** Absent on records written before kinds existed: those are systems. */
  readonly kind?: ClientKind;
  /** PERSON clients only: the role the person acts in. */
  readonly displayRole?: DisplayRole;
}

export interface ClientRegistry {
  /**
   * The client with this id in this org, or undefined. Client ids are unique within an org only
   * (api.md §4.4), so another org's client of the same id is simply not found. Strongly
   * consistent: revocation is immediate.
   */
  getClient(org: string, clientId: string): Promise<ClientRecord | undefined>;
}

export interface ReplayStore {
  /**
   * Records an (org, client, jti) triple until `expiresAtMs`. Returns false when it was already
   * recorded (a replay). Implemented as a conditional put, so two concurrent uses cannot both succeed.
   */
  remember(org: string, clientId: string, jti: string, expiresAtMs: number, attempt?: string): Promise<boolean>;
  /**
   * The same record as a conditional put to commit with an audit entry (tag `replay`): the
   * transaction fails on it when the jti was recorded already. `attempt` is the nonce a later
   * `remember` of the same attempt passes, so a transaction whose answer was lost but that
   * committed is not taken for a replay. Absent: the store can only record on its own.
   */
  claim?(org: string, clientId: string, jti: string, expiresAtMs: number, attempt: string, nowMs: number): AtomicWrite;
}
