/** policy-uk.md §8: every worked scenario P01–P22 against decide(), from the table the HTTP test runs too. */
import { describe, expect, it } from 'vitest';
import { decide } from '../../../shared/policy/engine.ts';
import { SENSITIVE_VALUES, input, releasedPaths, request, testPseudonym } from './fixtures.ts';
import { SCENARIOS_2026_1, snapshotOf } from './scenarios-table.ts';

describe('policy-uk.md §8 worked scenarios', () => {
  it.each(SCENARIOS_2026_1)('$id → $decision $first', async (scenario) => {
    // Prepare
    const { records, context } = snapshotOf(scenario.setup);

    // Act
    const decision = await decide(input({ request: request(scenario.request), records }));

    // Assess
    expect([decision.decision, decision.reasonCodes[0]]).toEqual([scenario.decision, scenario.first]);
    expect(decision.reasonCodes).toEqual(expect.arrayContaining([...(scenario.includes ?? [])]));
    expect(decision.obligations).toEqual(scenario.obligations ?? []);
    if (scenario.released) expect(releasedPaths(decision.payload)).toEqual([...scenario.released].sort());
    if (scenario.decision === 'DENY' || scenario.decision === 'REFER') {
      expect(decision.payload).toBeUndefined();
      expect(decision.transformations).toEqual([]);
    }
    if (scenario.first === 'DENY_POLICY_UNKNOWN_FLOW') expect(decision.flow).toBeNull();
    expect(decision.explanations).toHaveLength(decision.reasonCodes.length);
    for (const value of SENSITIVE_VALUES) expect(decision.explanations.join(' ')).not.toContain(value);
    scenario.check?.(decision, context);
  });

  it('P17 pseudonyms are the pseudonymisation.md vectors, so the test port is the real scheme', async () => {
    // Prepare
    const scenario = SCENARIOS_2026_1.find((s) => s.id === 'P17')!;
    const { records } = snapshotOf(scenario.setup);

    // Act
    const decision = await decide(input({ request: request(scenario.request), records }));

    // Assess
    expect(testPseudonym('demo', 'AUDIT', 'NHS_NUMBER', '9990000018')).toBe(
      'v1._6XA6Pf4hJUSZtdHUI5En95R620zXOxBvQ1kPFTAFFg',
    );
    expect(decision.payload?.patient).toMatchObject({ localId: 'v1.P8B1e31A-qw8Rf-BGRqsbgvzTlEXsop8qSDTmalaLyU' });
    expect(decision.payload?.episode).toMatchObject({ episodeKey: 'v1.4gtUcL5aYuWCMdTXmJD-7d1-dfyHqPaMgDoy8kMIHKc' });
  });
});
