/**
 * functions/policies.ts: a composition root asks for the same pack more than once (the pack and the
 * catalogue holding it); each configuration loads each pack once, and never hands one
 * configuration's pack (its switches, its digest) to another.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../shared/config/config.ts';
import { ENV, type FunctionEnvironment } from '../../../shared/config/environment.ts';
import { loadPolicy } from '../../../shared/policy/pack.ts';
import { ukSwitches } from '../../../shared/policy/switches.ts';
import { packsOf, policyOf, swedishPolicyOf } from '../../../functions/policies.ts';

const KEY = '0f0e0d0c-0b0a-4908-8706-050403020100';

function configWith(switches: unknown) {
  const environment: FunctionEnvironment = {
    [ENV.deployment]: 'gk.test',
    [ENV.audience]: 'gatekeeper-test',
    [ENV.tableRegistry]: 'gk-Registry',
    [ENV.tableReplay]: 'gk-Replay',
    [ENV.tableRecords]: 'gk-Records',
    [ENV.tableIdempotency]: 'gk-Idempotency',
    [ENV.tableAudit]: 'gk-AuditLog',
    [ENV.tableAuditHeads]: 'gk-AuditHeads',
    [ENV.keyPseudonymPhin]: KEY,
    [ENV.keyPseudonymAudit]: KEY,
    [ENV.keyCheckpoint]: KEY,
    [ENV.keyAuthorisation]: KEY,
    [ENV.policySwitches]: JSON.stringify(switches),
  };
  return parseConfig(environment);
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
