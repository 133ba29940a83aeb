import type { Config } from '../../shared/config/config.ts';
import { gatekeeperJwks } from '../../shared/services/signing-keys.ts';
import { apiBasics, keyServiceOf, type ApiBasics, type SdkClients } from '../platform.ts';

export interface PublicDependencies extends ApiBasics {
  /** The gatekeeper's public keys as listed now. */
  readonly jwks: () => ReturnType<typeof gatekeeperJwks>;
}

/** The public function's composition root: health, the public keys and the OpenAPI document. */
export function composePublic(config: Config, clients: Pick<SdkClients, 'dynamoDb' | 'kms'>): PublicDependencies {
  const basics = apiBasics(config, clients);
  const keyService = keyServiceOf(config, clients.kms);
  // Built per request: which authorisation keys are still listed depends on the time (key rotation).
  // The key service keeps each public key once fetched, and forgets a failed fetch, so KMS is retried.
  const jwks = () => gatekeeperJwks(keyService, basics.clock.now());
  return { ...basics, jwks };
}
