import type { Config } from '../shared/config/config.ts';
import { PolicyCatalogue } from '../shared/policy/catalogue.ts';
import { loadBuiltInPolicy } from '../shared/policy/built-in.ts';
import type { LoadedPolicy } from '../shared/policy/sealed-pack.ts';
import { SE_PACK_ID } from '../shared/policy/se-switches.ts';

/**
 * The policy packs a deployment runs, for the composition roots that decide (disclosures) or
 * register (records). Kept apart from platform.ts so the other five functions neither bundle the
 * packs nor build their schemas at cold start (docs/benchmarks.md, bundles).
 *
 * The packs load without a parse of their documents (built-in.ts: proven valid before they ship;
 * the deployment's switch values are still checked). Each is loaded once per configuration: a root
 * asks for the same pack more than once (the pack itself and the catalogue holding it), so a cold
 * start loaded the UK pack twice. A loaded pack is deep-frozen, so sharing it shares nothing mutable.
 */
const loaded = new WeakMap<Config, { uk?: LoadedPolicy; se?: LoadedPolicy }>();

function packsLoadedFor(config: Config): { uk?: LoadedPolicy; se?: LoadedPolicy } {
  let packs = loaded.get(config);
  if (packs === undefined) loaded.set(config, (packs = {}));
  return packs;
}

/**
 * The built-in pack with the deployment's switches. Decisions (disclosures) and registration
 * (records) both load it from here, so they apply the same switches and name the same digest.
 */
export function policyOf(config: Config): LoadedPolicy {
  const packs = packsLoadedFor(config);
  return (packs.uk ??= loadBuiltInPolicy('uk-default', config.policySwitches));
}

/**
 * `se-default` with the deployment's Swedish switches (`GK_POLICY_SWITCHES` under `se-default`):
 * decisions and Swedish registration (the lift consent's maximum) both load it from here.
 */
export function swedishPolicyOf(config: Config): LoadedPolicy {
  const packs = packsLoadedFor(config);
  return (packs.se ??= loadBuiltInPolicy(SE_PACK_ID, config.swedishSwitches));
}

/** Every pack the deployment runs, the built-in one first (it explains requests no pack covers). */
export function packsOf(config: Config): PolicyCatalogue {
  return new PolicyCatalogue([policyOf(config), swedishPolicyOf(config)]);
}
