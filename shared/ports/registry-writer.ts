import type { ClientRecord } from './client-registry.ts';
import type { AtomicWrite } from './audit-log.ts';
import type { Recipient } from '../records/model.ts';
import type { Organisation, RegistryStore } from '../registry/model.ts';

/** Registry writes, each committed atomically with the org-log entry that records it. */
export interface RegistryWriter extends RegistryStore {
  /** Conditional on the stored version still being `expectedVersion` (0: must not exist). */
  putClient(client: ClientRecord, expectedVersion: number): AtomicWrite;
  putOrganisation(organisation: Organisation): AtomicWrite;
  putRecipient(recipient: Recipient & { readonly version: number }, expectedVersion: number): AtomicWrite;
}
