import type { ClientRecord } from '../ports/client-registry.ts';
import type { Recipient } from '../records/model.ts';

/** An organisation (tenant). `patientLogs` (P of audit.md §1) is fixed when the org is created. */
export interface Organisation {
  readonly org: string;
  readonly name: string;
  readonly patientLogs: number;
  readonly createdAt: string;
}

/** A recipient as stored: with the optimistic-concurrency version admin writes condition on. */
export type StoredRecipient = Recipient & { readonly version?: number };

/** Everything the admin capability reads and writes, beyond the verifier's client lookup. */
export interface RegistryStore {
  getClient(clientId: string): Promise<ClientRecord | undefined>;
  getOrganisation(org: string): Promise<Organisation | undefined>;
  getRecipient(org: string, recipientId: string): Promise<StoredRecipient | undefined>;
  listRecipients(org: string): Promise<Recipient[]>;
}
