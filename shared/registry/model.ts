import type { ClientRecord } from '../ports/client-registry.ts';
import type { Recipient } from '../records/model.ts';

/** An organisation (tenant). `patientLogs` (P of audit.md §1) is fixed when the org is created. */
export interface Organisation {
  readonly org: string;
  readonly name: string;
  readonly patientLogs: number;
  readonly createdAt: string;
}

/** Everything the admin capability reads and writes, beyond the verifier's client lookup. */
export interface RegistryStore {
  getClient(clientId: string): Promise<ClientRecord | undefined>;
  getOrganisation(org: string): Promise<Organisation | undefined>;
  getRecipient(org: string, recipientId: string): Promise<Recipient | undefined>;
  listRecipients(org: string): Promise<Recipient[]>;
}
