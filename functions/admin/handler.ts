import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { config } from '../../shared/config/config.ts';
import { apiHandler, implement, json } from '../lib/index.ts';
import { composeAdmin } from './compose.ts';

/** Clients, keys and recipients of the caller's own org (api.md §4.4). */
const { signedRequest, admin } = composeAdmin(config(), { dynamoDb: createDocumentClient() });

/** A recipient as callers see it: without the storage version or the owning org. */
function publicRecipient(recipient: object): object {
  const { org: _org, version: _version, ...visible } = recipient as Record<string, unknown>;
  return visible;
}

export const handler = apiHandler({
  deps: signedRequest,
  // A read of the org's recipients: it runs while the request is admitted, its answer waits for it.
  overlapping: ['getRecipients'],
  routes: implement('admin', {
    putClients: async ({ caller, params, body }) => {
      const { client, receipt } = await admin.putClient(caller, params['clientId']!, body);
      const keys = client.keys.map(({ kid, status }) => ({ kid, status }));
      return json(200, {
        clientId: client.clientId,
        name: client.name,
        scopes: client.scopes,
        status: client.status,
        kind: client.kind ?? 'SYSTEM',
        ...(client.displayRole ? { displayRole: client.displayRole } : {}),
        keys,
        receipt,
      });
    },
    postClientsKeysRevoke: async ({ caller, params }) =>
      json(200, await admin.revokeKey(caller, params['clientId']!, params['kid']!)),
    putRecipients: async ({ caller, params, body }) => {
      const { recipient, receipt } = await admin.putRecipient(caller, params['recipientId']!, body);
      return json(200, { ...publicRecipient(recipient), receipt });
    },
    getRecipients: async ({ caller }) =>
      json(200, { recipients: (await admin.listRecipients(caller)).map(publicRecipient) }),
  }),
});
