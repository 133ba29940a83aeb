import { apiHandler, json, route } from '../lib/index.ts';
import { runtime } from '../runtime.ts';
import { signedRequestDeps } from '../signed-deps.ts';
import { emptyBodySchema, putClientSchema, putRecipientSchema } from '../../shared/schemas/admin.ts';
import { AdminService } from '../../shared/services/admin-service.ts';

/** Clients, keys and recipients of the caller's own org (api.md §4.4). */
const admin = new AdminService({ registry: runtime.registry(), audit: runtime.auditLog(), clock: runtime.clock(), deployment: runtime.config().deployment });

/** A recipient as callers see it: without the storage version or the owning org. */
function publicRecipient(recipient: object): object {
  const { org: _org, version: _version, ...visible } = recipient as Record<string, unknown>;
  return visible;
}

export const handler = apiHandler({
  deps: signedRequestDeps(),
  routes: [
    route({
      method: 'PUT',
      resource: '/v1/clients/{clientId}',
      scope: 'admin',
      body: putClientSchema,
      handle: async ({ caller, params, body }) => {
        const { client, receipt } = await admin.putClient(caller, params['clientId']!, body);
        const keys = client.keys.map(({ kid, status }) => ({ kid, status }));
        return json(200, { clientId: client.clientId, name: client.name, scopes: client.scopes, status: client.status, keys, receipt });
      },
    }),
    route({
      method: 'POST',
      resource: '/v1/clients/{clientId}/keys/{kid}/revoke',
      scope: 'admin',
      body: emptyBodySchema,
      handle: async ({ caller, params }) => json(200, await admin.revokeKey(caller, params['clientId']!, params['kid']!)),
    }),
    route({
      method: 'PUT',
      resource: '/v1/recipients/{recipientId}',
      scope: 'admin',
      body: putRecipientSchema,
      handle: async ({ caller, params, body }) => {
        const { recipient, receipt } = await admin.putRecipient(caller, params['recipientId']!, body);
        return json(200, { ...publicRecipient(recipient), receipt });
      },
    }),
    route({
      method: 'GET',
      resource: '/v1/recipients',
      scope: 'admin',
      handle: async ({ caller }) => json(200, { recipients: (await admin.listRecipients(caller)).map(publicRecipient) }),
    }),
  ],
});
