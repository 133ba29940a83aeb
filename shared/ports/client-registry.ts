/** Registered organisations, calling clients and their keys, as the request verifier needs them. */
export type Scope = 'disclosure:check' | 'records:write' | 'records:read' | 'audit:read' | 'admin';
export const SCOPES: readonly Scope[] = Object.freeze(['disclosure:check', 'records:write', 'records:read', 'audit:read', 'admin']);

export type ClientStatus = 'ACTIVE' | 'SUSPENDED';
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
}

export interface ClientRegistry {
  /** The client with this id, in any org, or undefined. Strongly consistent (revocation is immediate). */
  getClient(clientId: string): Promise<ClientRecord | undefined>;
}

export interface ReplayStore {
  /**
   * Records a (client, jti) pair until `expiresAtMs`. Returns false when it was already recorded
   * (a replay). Implemented as a conditional put, so two concurrent uses cannot both succeed.
   */
  remember(clientId: string, jti: string, expiresAtMs: number): Promise<boolean>;
}
