import type { AuditLog, Receipt } from '../ports/audit-log.ts';
import type { ClientRecord } from '../ports/client-registry.ts';
import type { Clock } from '../ports/clock.ts';
import type { RegistryWriter } from '../ports/registry-writer.ts';
import type { Organisation } from '../registry/model.ts';
import type { PublicJwk } from '../schemas/admin.ts';
import { describeClient } from './admin-service.ts';
import { planClientKeys } from './client-keys.ts';
import { entryHeader, orgLogOrigin } from './audit-entries.ts';

/** The actor recorded for deploy-time bootstrap, which has no signed request behind it. */
export const BOOTSTRAP_ACTOR = Object.freeze({ clientId: 'gatekeeper-bootstrap', kid: 'deploy', jti: 'bootstrap' });

export interface BootstrapInput {
  readonly org: string;
  readonly name: string;
  readonly patientLogs: number;
  readonly adminClientId: string;
  readonly adminKey: PublicJwk;
  /** The pack per jurisdiction (policy-se.md §0); absent: `uk-default` for the UK jurisdictions. */
  readonly packs?: Organisation['packs'];
}

/**
 * Creates an organisation and its first admin client (api.md §4.4: a deploy-time command, not an
 * API call). Both items and their org-log entry commit in one transaction. Running it again for an
 * existing org changes nothing and returns undefined.
 */
export async function bootstrapOrganisation(
  deps: { registry: RegistryWriter; audit: AuditLog; clock: Clock; deployment: string },
  input: BootstrapInput,
): Promise<Receipt | undefined> {
  if (await deps.registry.getOrganisation(input.org)) return undefined;
  const admin = { org: input.org, clientId: input.adminClientId };
  // Refused like any registration: a key revoked anywhere, or held by another client, never returns.
  const { keys, ownership } = await planClientKeys(deps.registry, admin, [], [input.adminKey]);
  const client: ClientRecord = {
    clientId: input.adminClientId,
    org: input.org,
    name: `${input.name} administrator`,
    scopes: ['admin'],
    status: 'ACTIVE',
    keys,
    version: 1,
  };
  const origin = orgLogOrigin(deps.deployment, input.org);
  const entry = {
    ...entryHeader({
      origin,
      type: 'admin.client.changed',
      org: input.org,
      actor: { ...BOOTSTRAP_ACTOR, jti: `bootstrap-${input.org}` },
      clock: deps.clock,
    }),
    change: { organisation: { org: input.org, patientLogs: input.patientLogs }, client: await describeClient(client) },
  };
  return deps.audit.append({
    origin,
    entry,
    atomicWith: () => [
      deps.registry.putOrganisation({
        org: input.org,
        name: input.name,
        patientLogs: input.patientLogs,
        createdAt: new Date(deps.clock.now()).toISOString(),
        ...(input.packs !== undefined ? { packs: input.packs } : {}),
      }),
      deps.registry.putClient(client, 0),
      ...ownership.map((record) => deps.registry.putKeyOwnership(record)),
    ],
  });
}
