/** policy-uk.md §9.7 (pack 2026.2): the worked scenarios P23–P45, restrictions included, against decide(). */
import { describe, expect, it } from 'vitest';
import { decide } from '../../../shared/policy/engine.ts';
import { SENSITIVE_VALUES, input, releasedPaths, request } from './fixtures.ts';
import { SCENARIOS_2026, defaults2026, snapshotOf } from './scenarios-2026-2-table.ts';

describe('policy-uk.md §9.7 worked scenarios (pack 2026.2)', () => {
  it.each(SCENARIOS_2026)('$id → $decision $first', async (scenario) => {
    // Prepare
    const defaults = defaults2026('MRN-1');
    const req = request({ ...defaults, ...scenario.request(defaults.episode!.id) });

    // Act
    const decision = await decide(input({ request: req, records: snapshotOf(scenario.setup) }));

    // Assess
    expect([decision.decision, decision.reasonCodes[0]]).toEqual([scenario.decision, scenario.first]);
    expect(decision.reasonCodes).toEqual(expect.arrayContaining([...(scenario.includes ?? [])]));
    for (const code of scenario.excludes ?? []) expect(decision.reasonCodes).not.toContain(code);
    expect(decision.obligations).toEqual(scenario.obligations ?? []);
    if (scenario.released) expect(releasedPaths(decision.payload)).toEqual([...scenario.released].sort());
    if (scenario.decision === 'DENY' || scenario.decision === 'REFER') expect(decision.payload).toBeUndefined();
    expect(decision.explanations).toHaveLength(decision.reasonCodes.length);
    for (const value of [...SENSITIVE_VALUES, 'IMP-HIP-01', 'LOT-5521', 'Acme Ortho'])
      expect(decision.explanations.join(' ')).not.toContain(value);
    expect(decision.explanations.join(' ')).not.toContain('not recorded');
    scenario.check?.(decision);
  });
});
