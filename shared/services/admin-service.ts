import { AtomicWriteConflictError } from '../audit-log-errors.ts';
import type { AuditLog, Receipt } from '../ports/audit-log.ts';
import type { ClientRecord, DisplayRole, Scope } from '../ports/client-registry.ts';
import type { Clock } from '../ports/clock.ts';
import type { RegistryWriter } from '../ports/registry-writer.ts';
import type { Recipient, RecipientCategory } from '../records/model.ts';
import type { PutClientBody, PutRecipientBody } from '../schemas/admin.ts';
import { describeSwedishAttributes, swedishAttributes } from '../schemas/se-recipient.ts';
import type { AdminEntry } from '../audit/entry.ts';
import { entryHeader, orgLogOrigin, type Actor, type EntryBody } from './audit-entries.ts';
import { keyThumbprint, ownership, planClientKeys } from './client-keys.ts';
import { NotFoundError } from '../errors.ts';
import { SeparationOfDutiesError, VersionConflictError } from './errors.ts';

export interface AdminDeps {
  readonly registry: RegistryWriter;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly deployment: string;
}

export interface Caller extends Actor {
  readonly org: string;
}

/** Clients, keys and recipients of the caller's own org (api.md §4.4); every change is logged. */
export class AdminService {
  readonly #deps: AdminDeps;

  constructor(deps: AdminDeps) {
    this.#deps = deps;
  }

  /**
   * Creates or replaces a client of the caller's org. Keys left out are revoked, never deleted, and
   * a revoked key stays revoked under any kid (client-keys.ts): a stale PUT cannot undo revocation.
   * An admin never changes its own record: another admin must (separation of duties).
   */
  async putClient(
    caller: Caller,
    clientId: string,
    body: PutClientBody,
  ): Promise<{ client: ClientRecord; receipt: Receipt }> {
    if (clientId === caller.clientId)
      throw new SeparationOfDutiesError('An admin client cannot change its own client record');
    const existing = await this.#deps.registry.getClient(caller.org, clientId);
    const { keys, ownership: owned } = await planClientKeys(
      this.#deps.registry,
      { org: caller.org, clientId },
      existing?.keys ?? [],
      body.keys,
    );
    const client: ClientRecord = {
      clientId,
      org: caller.org,
      name: body.name,
      scopes: [...new Set(body.scopes)] as Scope[],
      status: body.status,
      keys,
      version: (existing?.version ?? 0) + 1,
      ...(body.kind === 'PERSON' ? { kind: 'PERSON' as const, displayRole: body.displayRole as DisplayRole } : {}),
    };
    const receipt = await this.#logChange(
      caller,
      { type: 'admin.client.changed', change: { client: await describeClient(client) } },
      () => [
        this.#deps.registry.putClient(client, existing?.version ?? 0),
        ...owned.map((record) => this.#deps.registry.putKeyOwnership(record)),
      ],
    );
    return { client, receipt };
  }

  /** Revokes one key at once; an admin may revoke its own (a compromised key must die now). */
  async revokeKey(caller: Caller, clientId: string, kid: string): Promise<{ receipt: Receipt }> {
    const existing = await this.#deps.registry.getClient(caller.org, clientId);
    const revoked = existing?.keys.find((key) => key.kid === kid);
    if (!existing || !revoked) throw new NotFoundError('No such key');
    const client: ClientRecord = {
      ...existing,
      keys: existing.keys.map((key) => (key.kid === kid ? { ...key, status: 'REVOKED' as const } : key)),
      version: existing.version + 1,
    };
    const thumbprint = await keyThumbprint(revoked.jwk);
    const receipt = await this.#logChange(
      caller,
      { type: 'admin.key.revoked', change: { key: { clientId, kid } } },
      () => [
        this.#deps.registry.putClient(client, existing.version),
        this.#deps.registry.putKeyOwnership(ownership(existing, kid, thumbprint, 'REVOKED')),
      ],
    );
    return { receipt };
  }

  async putRecipient(
    caller: Caller,
    recipientId: string,
    body: PutRecipientBody,
  ): Promise<{ recipient: Recipient; receipt: Receipt }> {
    const existing = await this.#deps.registry.getRecipient(caller.org, recipientId);
    const version = existing?.version ?? 0;
    const recipient: Recipient = {
      recipientId,
      org: caller.org,
      name: body.name,
      category: body.category as RecipientCategory,
      ...(body.odsCode ? { odsCode: body.odsCode } : {}),
      ...(body.payerId ? { payerId: body.payerId } : {}),
      ...(body.regulator ? { regulator: body.regulator } : {}),
      ...(body.registry ? { registry: body.registry } : {}),
      ...(body.s251Ref ? { s251Ref: body.s251Ref } : {}),
      ...(body.ndopExempt === true ? { ndopExempt: true } : {}),
      ...swedishAttributes(body),
    };
    const receipt = await this.#logChange(
      caller,
      { type: 'admin.recipient.changed', change: { recipient: describeRecipient(recipient) } },
      () => [this.#deps.registry.putRecipient({ ...recipient, version: version + 1 }, version)],
    );
    return { recipient, receipt };
  }

  listRecipients(caller: Caller): Promise<Recipient[]> {
    return this.#deps.registry.listRecipients(caller.org);
  }

  async #logChange(
    caller: Caller,
    body: EntryBody<AdminEntry, 'change'>,
    writes: () => ReturnType<AdminDeps['registry']['putClient']>[],
  ): Promise<Receipt> {
    const origin = orgLogOrigin(this.#deps.deployment, caller.org);
    const entry: AdminEntry = {
      ...entryHeader({ origin, type: body.type, org: caller.org, actor: caller, clock: this.#deps.clock }),
      ...body,
    };
    try {
      return await this.#deps.audit.append({ origin, entry, atomicWith: writes });
    } catch (error) {
      if (error instanceof AtomicWriteConflictError)
        throw new VersionConflictError('The object changed concurrently; read it again and retry');
      throw error;
    }
  }
}

/**
 * What the log keeps of a client: ids, scopes, status and RFC 7638 key thumbprints. Never key
 * material, and not the display name (free text typed by an admin stays out of the log).
 */
export async function describeClient(
  client: Pick<ClientRecord, 'clientId' | 'scopes' | 'status' | 'keys' | 'kind' | 'displayRole'>,
) {
  return {
    clientId: client.clientId,
    scopes: [...client.scopes],
    status: client.status,
    // Who may decide reviews is part of the record of who could do what.
    ...(client.kind === 'PERSON' && client.displayRole ? { kind: client.kind, displayRole: client.displayRole } : {}),
    keys: await Promise.all(
      client.keys.map(async (key) => ({ kid: key.kid, status: key.status, thumbprint: await keyThumbprint(key.jwk) })),
    ),
  };
}

/**
 * What the log keeps of a recipient: its id, category and registered identifiers and attributes
 * (not its name). Every attribute a gate reads is here, so the log shows what a decision relied on.
 */
export function describeRecipient(recipient: Recipient) {
  const { recipientId, category, odsCode, payerId, regulator, registry, s251Ref, ndopExempt } = recipient;
  return {
    recipientId,
    category,
    ...(odsCode ? { odsCode } : {}),
    ...(payerId ? { payerId } : {}),
    ...(regulator ? { regulator } : {}),
    ...(registry ? { registry } : {}),
    ...(s251Ref ? { s251Ref } : {}),
    ...(ndopExempt ? { ndopExempt } : {}),
    ...describeSwedishAttributes(recipient),
  };
}
