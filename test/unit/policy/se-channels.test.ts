/**
 * policy-se.md §1 and §3 step 2: SJF (sammanhållen journalföring) is between caregivers. A request on
 * the SJF channel to a recipient that is not an SE_VARDGIVARE is refused before any flow is matched,
 * with DENY_SE_NOT_SJF_PARTICIPANT explained in Swedish and English, as pack data (a reserved
 * channel): the same pack without it would let a flow that ignores the channel release.
 */
import { describe, expect, it } from 'vitest';
import { decide } from '../../../shared/policy/engine.ts';
import { loadPolicy } from '../../../shared/policy/pack.ts';
import { PolicyInvalidError } from '../../../shared/policy/errors.ts';
import { SE_DEFAULT } from '../../../shared/policy/se-default/index.ts';
import { SE_SCENARIOS, SE_SENSITIVE_VALUES, type SeScenario } from '../../support/se-scenarios.ts';
import { seInput, sePolicy } from './se-fixtures.ts';

const scenario = (id: string): SeScenario => SE_SCENARIOS.find((candidate) => candidate.id === id)!;
const onSjf = (base: SeScenario): SeScenario => ({ ...base, request: { ...base.request, subPurpose: 'SJF' } });

describe('the SJF channel is only for caregivers (policy-se.md §1)', () => {
  it.each([
    ['a quality register (S19)', 'S19'],
    ['an employer with an agreement (S15)', 'S15'],
    ['Försäkringskassan under its statutory duty (S14)', 'S14'],
    ['an insurer (S11)', 'S11'],
  ])('refuses SJF to %s with DENY_SE_NOT_SJF_PARTICIPANT, matching no flow', async (_case, id) => {
    // Act
    const asked = await decide(seInput(scenario(id)));
    const onChannel = await decide(seInput(onSjf(scenario(id))));

    // Assess: the same request off the channel is decided by its flow
    expect(asked.decision).not.toBe('DENY');
    expect(onChannel).toMatchObject({ decision: 'DENY', reasonCodes: ['DENY_SE_NOT_SJF_PARTICIPANT'], flow: null });
    expect(onChannel.basis).toBeNull();
    expect(onChannel.payload).toBeUndefined();
  });

  it('explains the refusal in Swedish by default and in English, naming the recipient and nothing of the patient', async () => {
    // Act
    const decision = await decide(seInput(onSjf(scenario('S19'))));

    // Assess
    expect(decision.explanationsLanguage).toBe('sv');
    expect(decision.explanationsByLanguage['sv']).toEqual([
      'Mottagaren se-kvr-hud deltar inte i sammanhållen journalföring.',
    ]);
    expect(decision.explanationsByLanguage['en']).toEqual([
      'The recipient se-kvr-hud does not take part in shared records (sammanhållen journalföring).',
    ]);
    const text = JSON.stringify(decision.explanationsByLanguage);
    for (const value of SE_SENSITIVE_VALUES) expect(text).not.toContain(value);
  });

  it('leaves SJF to a caregiver to its own gates (S01 allows, a non-participant caregiver is refused there)', async () => {
    // Act
    const participant = await decide(seInput(scenario('S01')));
    const nonParticipant = await decide(
      seInput({ ...scenario('S01'), request: { ...scenario('S01').request, recipientId: 'se-hudklinik-syd' } }),
    );

    // Assess
    expect(participant.reasonCodes[0]).toBe('ALLOW_EXPLICIT_CONSENT');
    expect(nonParticipant.reasonCodes[0]).toBe('DENY_SE_NOT_SJF_PARTICIPANT');
    expect(nonParticipant.flow).toBe('se-sjf-direct-care');
  });

  it('is pack data: without the reserved channel, the register flow would release on SJF', async () => {
    // Prepare
    const { recipientChannels: _reserved, ...withoutChannels } = SE_DEFAULT;
    const unreserved = loadPolicy(withoutChannels);

    // Act
    const decision = await decide(seInput(onSjf(scenario('S19')), unreserved));

    // Assess
    expect(decision.reasonCodes[0]).toBe('ALLOW_SE_KVALITETSREGISTER');
  });

  it('a pack whose reserved channel decides with a code it does not explain does not load', () => {
    // Prepare
    const channel = { subPurposes: ['SJF'], categories: ['SE_VARDGIVARE'] };
    const document = {
      ...SE_DEFAULT,
      recipientChannels: [{ ...channel, onOtherRecipient: { decision: 'DENY', code: 'DENY_SE_NOPE' } }],
    };

    // Act
    const load = () => loadPolicy(document);

    // Assess
    expect(load).toThrow(PolicyInvalidError);
  });

  it('an SE_SJF consent that names no recipient does not count for SJF (§1: naming the recipient)', async () => {
    // Prepare: S01 with its SJF consent naming nobody (the records API refuses such a consent; fail closed anyway)
    const base = scenario('S01');
    const unnamed = { ...base, records: { ...base.records, consents: [{ scope: 'SE_SJF' as const }] } };

    // Act
    const decision = await decide(seInput(unnamed, sePolicy()));

    // Assess
    expect(decision).toMatchObject({ decision: 'DENY', reasonCodes: ['DENY_CONSENT_MISSING'] });
  });
});
