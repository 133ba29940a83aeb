import type { Config } from '../shared/config/config.ts';
import { PolicyCatalogue } from '../shared/policy/catalogue.ts';
import { loadPolicy, type LoadedPolicy } from '../shared/policy/pack.ts';
import { SE_DEFAULT } from '../shared/policy/se-default/index.ts';

/**
 * The policy packs a deployment runs, for the composition roots that decide (disclosures) or
 * register (records). Kept apart from platform.ts so the other five functions neither bundle the
 * packs nor build their schemas at cold start (docs/benchmarks.md, bundles).
 *
 * Each pack is loaded once per configuration: loading validates the whole document, and a root
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
  return (packs.uk ??= loadPolicy(undefined, config.policySwitches));
}

/**
 * `se-default` with the deployment's Swedish switches (`GK_POLICY_SWITCHES` under `se-default`):
 * decisions and Swedish registration (the lift consent's maximum) both load it from here.
 */
export function swedishPolicyOf(config: Config): LoadedPolicy {
  const packs = packsLoadedFor(config);
  return (packs.se ??= loadPolicy(SE_DEFAULT, config.swedishSwitches));
}

/** Every pack the deployment runs, the built-in one first (it explains requests no pack covers). */
export function packsOf(config: Config): PolicyCatalogue {
  return new PolicyCatalogue([policyOf(config), swedishPolicyOf(config)]);
}
