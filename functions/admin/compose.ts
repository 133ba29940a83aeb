import type { Config } from '../../shared/config/config.ts';
import { AdminService } from '../../shared/services/admin-service.ts';
import { apiBasics, auditLogOf, type ApiBasics, type SdkClients } from '../platform.ts';

export interface AdminDependencies extends ApiBasics {
  readonly admin: AdminService;
}

/** The admin function's composition root: clients, keys and recipients of the caller's own org. */
export function composeAdmin(config: Config, clients: Pick<SdkClients, 'dynamoDb'>): AdminDependencies {
  const basics = apiBasics(config, clients);
  const admin = new AdminService({
    registry: basics.registry,
    audit: auditLogOf(config, clients.dynamoDb),
    clock: basics.clock,
    deployment: config.deployment,
  });
  return { ...basics, admin };
}
