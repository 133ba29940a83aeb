/**
 * What a decision records of the spärr gate for the offline verifier (policy-se.md §9): where the
 * pack lets nödåtkomst pass an outer block (`se.yttreSparr.overridable=true`), the summary says so
 * and names the passed block as lifted by SE_NODATKOMST; by default nothing changes, so entries of
 * a default deployment are byte for byte what they were.
 */
import { describe, expect, it } from 'vitest';
import { decide } from '../../../shared/policy/engine.ts';
import { SE_SCENARIOS, type SeScenario } from '../../support/se-scenarios.ts';
import { seInput, sePolicy } from './se-fixtures.ts';

const scenario = (id: string): SeScenario => SE_SCENARIOS.find((candidate) => candidate.id === id)!;
const overridable = () => sePolicy({ 'se.yttreSparr.overridable': true });

describe('the spärr summary a decision logs', () => {
  it('an outer block passed by nödåtkomst is a lift by SE_NODATKOMST, under the recorded switch', async () => {
    // Act: S03 is S01 + an outer block (blk-1) + nödåtkomst
    const decision = await decide(seInput(scenario('S03'), overridable()));

    // Assess
    expect(decision.decision).toBe('ALLOW_WITH_REDACTION');
    expect(decision.sparr).toEqual({
      checkedAt: expect.any(String) as string,
      activeBlockIds: ['blk-1'],
      lifted: [{ blockId: 'blk-1', by: 'SE_NODATKOMST' }],
      yttreOverridable: true,
    });
  });

  it('records the switch on every SJF decision under it, with no lift where no outer block was passed', async () => {
    // Act
    const decision = await decide(seInput(scenario('S01'), overridable()));

    // Assess
    expect(decision.sparr).toMatchObject({ activeBlockIds: [], lifted: [], yttreOverridable: true });
  });

  it.each(['S01', 'S02', 'S03'])('by default, %s records neither the switch nor an outer lift', async (id) => {
    // Act
    const decision = await decide(seInput(scenario(id)));

    // Assess
    expect(decision.sparr).not.toHaveProperty('yttreOverridable');
    expect(decision.sparr?.lifted).toEqual([]);
  });

  it('other flows never record the switch: only the SJF flow has an outer block rule', async () => {
    // Act: S09 is direct care with an outer block, which does not apply there
    const decision = await decide(seInput(scenario('S09'), overridable()));

    // Assess
    expect(decision.reasonCodes).toContain('SE_SPARR_NOT_APPLICABLE');
    expect(decision.sparr).not.toHaveProperty('yttreOverridable');
  });
});
