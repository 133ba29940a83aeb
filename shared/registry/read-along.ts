import type { AdmissionRead } from '../auth/admission-read.ts';
import type { ClientRecord, ClientRegistry } from '../ports/client-registry.ts';
import { idSchema } from '../schemas/ids.ts';
import type { RegistryReadsAlong, StoredRecipient } from './model.ts';

type RecipientReads = Pick<RegistryReadsAlong, 'getClientWithRecipient'> & Pick<ClientRegistry, 'getClient'>;

/**
 * `POST /v1/disclosures`: the recipient the body names, read with the caller's client record. The
 * body is only looked at once its signature verified (`readClient` is called no sooner), and only
 * for its `recipientId`: a body without a usable one is read as always (the client alone).
 */
export class RecipientWithClient implements AdmissionRead {
  readonly #registry: RecipientReads;
  readonly #body: Uint8Array;
  #read?: {
    readonly org: string;
    readonly recipientId: string;
    readonly recipient: Promise<StoredRecipient | undefined>;
  };

  constructor(registry: RecipientReads, body: Uint8Array) {
    this.#registry = registry;
    this.#body = body;
  }

  readClient(org: string, clientId: string): Promise<ClientRecord | undefined> {
    const recipientId = recipientIdOf(this.#body);
    if (recipientId === undefined) return this.#registry.getClient(org, clientId);
    const both = this.#registry.getClientWithRecipient(org, clientId, recipientId);
    this.#read = { org, recipientId, recipient: both.then(({ recipient }) => recipient) };
    this.#read.recipient.catch(() => undefined); // the admission fails on the same error first
    return both.then(({ client }) => client);
  }

  /** The recipient as read with the client, if it was this one of this org. */
  recipient(org: string, recipientId: string): Promise<StoredRecipient | undefined> | undefined {
    const read = this.#read;
    return read?.org === org && read.recipientId === recipientId ? read.recipient : undefined;
  }
}

/** The body's `recipientId` if it is a registrable id; anything else is the schema's to refuse later. */
function recipientIdOf(body: Uint8Array): string | undefined {
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(body));
    const id = (parsed as { recipientId?: unknown } | null)?.recipientId;
    return typeof id === 'string' && idSchema.safeParse(id).success ? id : undefined;
  } catch {
    return undefined;
  }
}
