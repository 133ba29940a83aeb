import type { SignedRequestDeps } from './lib/index.ts';
import { runtime } from './runtime.ts';

/** What the signature middleware needs, from the process runtime (built once per cold start). */
export function signedRequestDeps(): SignedRequestDeps {
  return {
    registry: runtime.registry(),
    replay: runtime.replay(),
    clock: runtime.clock(),
    audience: runtime.config().audience,
    logger: runtime.logger(),
    metrics: runtime.metrics(),
  };
}
