/**
 * functions/policies.ts: a composition root asks for the same pack more than once (the pack and the
 * catalogue holding it); each configuration loads each pack once, and never hands one
 * configuration's pack (its switches, its digest) to another.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../shared/config/config.ts';
import { ENV } from '../../../shared/config/environment.ts';
import { loadPolicy } from '../../../shared/policy/pack.ts';
import { ukSwitches } from '../../../shared/policy/switches.ts';
import { packsOf, policyOf, swedishPolicyOf } from '../../../functions/policies.ts';
import { deployedEnvironment } from '../../support/deployed-environment.ts';

function configWith(switches: unknown) {
  return parseConfig(deployedEnvironment({ [ENV.policySwitches]: JSON.stringify(switches) }));
}

describe('the packs of a configuration', () => {
  it('are loaded once: the pack a root decides with is the very one its catalogue holds', () => {
    // Prepare
    const config = configWith({ 'retention.years': 9 });

    // Act
    const uk = policyOf(config);
    const [catalogueUk, catalogueSe] = packsOf(config).all();
    const se = swedishPolicyOf(config);

    // Assess
    expect(catalogueUk).toBe(uk);
    expect(catalogueSe).toBe(se);
    expect(packsOf(config).all()).toEqual([uk, se]);
    expect(uk.digest).toBe(loadPolicy(undefined, { 'retention.years': 9 }).digest);
  });

  it('are never shared between configurations: each runs its own switches', () => {
    // Act
    const nine = policyOf(configWith({ 'retention.years': 9 }));
    const ten = policyOf(configWith({ 'retention.years': 10 }));

    // Assess
    expect(ukSwitches(nine.document.switches)['retention.years']).toBe(9);
    expect(ukSwitches(ten.document.switches)['retention.years']).toBe(10);
    expect(nine.digest).not.toBe(ten.digest);
  });
});
