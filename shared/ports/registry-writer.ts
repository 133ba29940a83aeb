import type { ClientRecord } from './client-registry.ts';
import type { AtomicWrite } from './audit-log.ts';
import type { Recipient } from '../records/model.ts';
import type { KeyOwnership, Organisation, RegistryStore } from '../registry/model.ts';

/** Registry writes, each committed atomically with the org-log entry that records it. */
export interface RegistryWriter extends RegistryStore {
  /** Conditional on the stored version still being `expectedVersion` (0: must not exist). */
  putClient(client: ClientRecord, expectedVersion: number): AtomicWrite;
  putOrganisation(organisation: Organisation): AtomicWrite;
  /**
   * Records who a key belongs to. An ACTIVE record may only be created for a key never seen; a
   * REVOKED record always wins and is never undone.
   */
  putKeyOwnership(ownership: KeyOwnership): AtomicWrite;
  putRecipient(recipient: Recipient & { readonly version: number }, expectedVersion: number): AtomicWrite;
}
