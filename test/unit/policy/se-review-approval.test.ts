/**
 * reviews.md §2 on se-default: an approval passes a gate that would REFER (the police secrecy
 * assessment, an unknown spärr status), never one that would DENY (an outer block); the re-sent
 * decision is ALLOW_REVIEW_APPROVED, explained in Swedish and English.
 */
import { describe, expect, it } from 'vitest';
import { decide, type ReviewInput } from '../../../shared/policy/engine.ts';
import { SE_SCENARIOS, type SeScenario } from '../../support/se-scenarios.ts';
import { seInput, sePolicy } from './se-fixtures.ts';

const scenario = (id: string): SeScenario => SE_SCENARIOS.find((candidate) => candidate.id === id)!;
const APPROVED: ReviewInput = { approved: { reviewId: 'rv-1', conditions: false } };
const referUnknownStatus = () => sePolicy({ 'se.sparrServiceUnavailable': 'REFER' });

describe('approved Swedish referrals', () => {
  it('a police request a person approved after the secrecy assessment is released (S21)', async () => {
    // Act
    const referred = await decide(seInput(scenario('S21')));
    const approved = await decide({ ...seInput(scenario('S21')), review: APPROVED });

    // Assess
    expect(referred.reasonCodes[0]).toBe('REFER_SE_POLIS_SEKRETESSPROVNING');
    expect(approved.decision).toBe('ALLOW_WITH_REDACTION');
    expect(approved.reasonCodes[0]).toBe('ALLOW_REVIEW_APPROVED');
    expect(approved.explanationsByLanguage['sv']?.[0]).toMatch(/^En granskare har godkänt/u);
    expect(approved.explanationsByLanguage['en']?.[0]).toMatch(/^A person approved/u);
  });

  it('an unknown spärr status referred under se.sparrServiceUnavailable=REFER is released once approved (S08)', async () => {
    // Act
    const referred = await decide(seInput(scenario('S08'), referUnknownStatus()));
    const approved = await decide({ ...seInput(scenario('S08'), referUnknownStatus()), review: APPROVED });

    // Assess
    expect(referred).toMatchObject({ decision: 'REFER', reasonCodes: ['REFER_SE_SPARR_STATUS_UNKNOWN'] });
    expect(approved.reasonCodes[0]).toBe('ALLOW_REVIEW_APPROVED');
  });

  it('never passes a gate that denies: an outer block on record still denies the approved request', async () => {
    // Prepare: S02 (an outer block) with a stale spärr check, referred under the switch
    const s02 = scenario('S02');
    const stale = { ...s02, records: { ...s02.records, sparrCheckAgeHours: 30 } };

    // Act
    const approved = await decide({ ...seInput(stale, referUnknownStatus()), review: APPROVED });

    // Assess
    expect(approved).toMatchObject({ decision: 'DENY', reasonCodes: ['DENY_SE_YTTRE_SPARR'] });
  });

  it('a refused review is a DENY of its own, explained in Swedish', async () => {
    // Act
    const refused = await decide({ ...seInput(scenario('S21')), review: { refused: 'DENY_REVIEW_REJECTED' } });

    // Assess
    expect(refused.reasonCodes).toEqual(['DENY_REVIEW_REJECTED']);
    expect(refused.explanations).toEqual(['Granskningen som anges i begäran avslogs eller har löpt ut.']);
  });
});
