import type { ClientRecord, KeyStatus } from '../ports/client-registry.ts';
import type { Recipient } from '../records/model.ts';
import type { Jurisdiction } from '../schemas/disclosure.ts';

/** An organisation (tenant). `patientLogs` (P of audit.md §1) is fixed when the org is created. */
export interface Organisation {
  readonly org: string;
  readonly name: string;
  readonly patientLogs: number;
  readonly createdAt: string;
  /**
   * The policy pack (by id) the org uses for each jurisdiction (policy-se.md §0). Absent on orgs
   * created before packs were chosen per org: those use `uk-default` for the UK jurisdictions.
   */
  readonly packs?: Readonly<Partial<Record<Jurisdiction, string>>>;
}

/** A recipient as stored: with the optimistic-concurrency version admin writes condition on. */
export type StoredRecipient = Recipient & { readonly version?: number };

/**
 * Who a key (by its RFC 7638 thumbprint) belongs to. A key belongs to one client for good: once
 * revoked it can never be active again, under any kid, in any client (api.md §4.4).
 */
export interface KeyOwnership {
  readonly thumbprint: string;
  readonly org: string;
  readonly clientId: string;
  readonly kid: string;
  readonly status: KeyStatus;
}

/** Everything the admin capability reads and writes, beyond the verifier's client lookup. */
export interface RegistryStore {
  getClient(org: string, clientId: string): Promise<ClientRecord | undefined>;
  getKeyOwnership(thumbprint: string): Promise<KeyOwnership | undefined>;
  getOrganisation(org: string): Promise<Organisation | undefined>;
  getRecipient(org: string, recipientId: string): Promise<StoredRecipient | undefined>;
  listRecipients(org: string): Promise<Recipient[]>;
}

/**
 * Reads that bring the calling client's record with an operation's own data, so the request is
 * admitted on the same round trip (shared/auth/admission-read.ts).
 */
export interface RegistryReadsAlong {
  /** The client's and one recipient's records, in one strongly consistent read. */
  getClientWithRecipient(org: string, clientId: string, recipientId: string): Promise<ClientWithRecipient>;
}

export interface ClientWithRecipient {
  readonly client: ClientRecord | undefined;
  readonly recipient: StoredRecipient | undefined;
}
