import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ClientRecord } from '../../ports/client-registry.ts';
import type { Recipient } from '../../records/model.ts';
import type {
  ClientWithRecipient,
  KeyOwnership,
  Organisation,
  RegistryReadsAlong,
  StoredRecipient,
} from '../../registry/model.ts';
import type { AtomicWrite } from '../../ports/audit-log.ts';
import type { RegistryWriter } from '../../ports/registry-writer.ts';
import { storageUnavailable } from './errors.ts';
import { queryAll } from './query-all.ts';
import { batchGetAll } from './batch-get-all.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * Orgs, clients, recipients and key ownership in one table. Client ids are unique within an org
 * only, so a client lives in its org's partition and the verifier looks it up by the (`org`,
 * `iss`) the token names. Keys are indexed by content (RFC 7638 thumbprint) across all orgs, so a
 * revoked key is recognised wherever it is sent again.
 */
export const registryKeys = Object.freeze({
  client: (org: string, clientId: string) => ({ pk: `ORG#${org}`, sk: `CLIENT#${clientId}` }),
  key: (thumbprint: string) => ({ pk: `KEY#${thumbprint}`, sk: 'OWNER' }),
  organisation: (org: string) => ({ pk: `ORG#${org}`, sk: 'META' }),
  recipient: (org: string, recipientId: string) => ({ pk: `ORG#${org}`, sk: `RECIPIENT#${recipientId}` }),
});

export class DynamoDbRegistry implements RegistryWriter, RegistryReadsAlong {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(doc: DynamoDBDocumentClient, table: string) {
    this.#doc = doc;
    this.#table = table;
  }

  get table(): string {
    return this.#table;
  }

  async getClient(org: string, clientId: string): Promise<ClientRecord | undefined> {
    const item = await this.#get(registryKeys.client(org, clientId));
    return item ? (stripKeys(item) as unknown as ClientRecord) : undefined;
  }

  async getKeyOwnership(thumbprint: string): Promise<KeyOwnership | undefined> {
    const item = await this.#get(registryKeys.key(thumbprint));
    return item ? (stripKeys(item) as unknown as KeyOwnership) : undefined;
  }

  async getOrganisation(org: string): Promise<Organisation | undefined> {
    const item = await this.#get(registryKeys.organisation(org));
    return item ? (stripKeys(item) as unknown as Organisation) : undefined;
  }

  async getRecipient(org: string, recipientId: string): Promise<StoredRecipient | undefined> {
    const item = await this.#get(registryKeys.recipient(org, recipientId));
    return item ? (stripKeys(item) as unknown as StoredRecipient) : undefined;
  }

  async listRecipients(org: string): Promise<Recipient[]> {
    const items = await queryAll(this.#doc, {
      TableName: this.#table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `ORG#${org}`, ':prefix': 'RECIPIENT#' },
    });
    return items.map((item) => stripKeys(item) as unknown as Recipient);
  }

  /** Both records in one consistent BatchGetItem: the client for its admission, the recipient for its decision. */
  async getClientWithRecipient(org: string, clientId: string, recipientId: string): Promise<ClientWithRecipient> {
    const client = registryKeys.client(org, clientId);
    const recipient = registryKeys.recipient(org, recipientId);
    let items: Record<string, unknown>[];
    try {
      items = await batchGetAll(this.#doc, this.#table, [client, recipient]);
    } catch (error) {
      throw storageUnavailable(error);
    }
    const found = (sk: string) => items.find((item) => item['sk'] === sk);
    const clientItem = found(client.sk);
    const recipientItem = found(recipient.sk);
    return {
      client: clientItem ? (stripKeys(clientItem) as unknown as ClientRecord) : undefined,
      recipient: recipientItem ? (stripKeys(recipientItem) as unknown as StoredRecipient) : undefined,
    };
  }

  /** A transactional put of a client, conditional on the version the caller read (0 = new). */
  putClient(client: ClientRecord, expectedVersion: number): AtomicWrite {
    return this.#versionedPut({ ...registryKeys.client(client.org, client.clientId), ...client }, expectedVersion);
  }

  putKeyOwnership(ownership: KeyOwnership): AtomicWrite {
    const item = { ...registryKeys.key(ownership.thumbprint), ...ownership };
    // Revocation always wins and nothing can fail it: a key registered to two clients before keys
    // were indexed must still be revocable through either. A claim needs a key never seen.
    if (ownership.status === 'REVOKED') return wrap({ Put: { TableName: this.#table, Item: item } });
    return wrap({ Put: { TableName: this.#table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } });
  }

  putOrganisation(organisation: Organisation): AtomicWrite {
    return wrap({
      Put: {
        TableName: this.#table,
        Item: { ...registryKeys.organisation(organisation.org), ...organisation },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }

  putRecipient(recipient: Recipient & { readonly version: number }, expectedVersion: number): AtomicWrite {
    return this.#versionedPut(
      { ...registryKeys.recipient(recipient.org, recipient.recipientId), ...recipient },
      expectedVersion,
    );
  }

  #versionedPut(item: Record<string, unknown>, expectedVersion: number): AtomicWrite {
    return wrap({
      Put: {
        TableName: this.#table,
        Item: item,
        ...(expectedVersion === 0
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              ConditionExpression: 'version = :expected',
              ExpressionAttributeValues: { ':expected': expectedVersion },
            }),
      },
    });
  }

  async #get(key: { pk: string; sk: string }): Promise<Record<string, unknown> | undefined> {
    try {
      const result = await this.#doc.send(new GetCommand({ TableName: this.#table, Key: key, ConsistentRead: true }));
      return result.Item;
    } catch (error) {
      throw storageUnavailable(error);
    }
  }
}

function wrap(item: TransactItem): AtomicWrite {
  return { tag: 'registry', store: 'dynamodb', item };
}

function stripKeys(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest;
}
