/**
 * TESTS ONLY. The registry's read side (RegistryStore) in memory, filled by the test: what the
 * records and disclosure services read (organisations, recipients, clients, key ownership).
 */
import type { ClientRecord } from '../../../shared/ports/client-registry.ts';
import type { Recipient } from '../../../shared/records/model.ts';
import type {
  ClientWithRecipient,
  KeyOwnership,
  Organisation,
  RegistryReadsAlong,
  RegistryStore,
  StoredRecipient,
} from '../../../shared/registry/model.ts';

export class MemoryRegistryStore implements RegistryStore, RegistryReadsAlong {
  readonly #organisations = new Map<string, Organisation>();
  readonly #recipients = new Map<string, StoredRecipient>();
  readonly #clients = new Map<string, ClientRecord>();
  readonly #keyOwnership = new Map<string, KeyOwnership>();

  putOrganisation(organisation: Organisation): this {
    this.#organisations.set(organisation.org, organisation);
    return this;
  }

  putRecipient(recipient: StoredRecipient): this {
    this.#recipients.set(key(recipient.org, recipient.recipientId), recipient);
    return this;
  }

  putClient(client: ClientRecord): this {
    this.#clients.set(key(client.org, client.clientId), client);
    return this;
  }

  putKeyOwnership(ownership: KeyOwnership): this {
    this.#keyOwnership.set(ownership.thumbprint, ownership);
    return this;
  }

  getOrganisation(org: string): Promise<Organisation | undefined> {
    return Promise.resolve(this.#organisations.get(org));
  }

  getRecipient(org: string, recipientId: string): Promise<StoredRecipient | undefined> {
    return Promise.resolve(this.#recipients.get(key(org, recipientId)));
  }

  listRecipients(org: string): Promise<Recipient[]> {
    return Promise.resolve(
      [...this.#recipients.values()]
        .filter((recipient) => recipient.org === org)
        .sort((a, b) => (a.recipientId < b.recipientId ? -1 : 1)),
    );
  }

  getClient(org: string, clientId: string): Promise<ClientRecord | undefined> {
    return Promise.resolve(this.#clients.get(key(org, clientId)));
  }

  async getClientWithRecipient(org: string, clientId: string, recipientId: string): Promise<ClientWithRecipient> {
    return { client: await this.getClient(org, clientId), recipient: await this.getRecipient(org, recipientId) };
  }

  getKeyOwnership(thumbprint: string): Promise<KeyOwnership | undefined> {
    return Promise.resolve(this.#keyOwnership.get(thumbprint));
  }
}

const key = (org: string, id: string): string => JSON.stringify([org, id]);
