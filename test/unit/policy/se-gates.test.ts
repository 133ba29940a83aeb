/**
 * The spärr gate and the Swedish switches beyond the worked scenarios (policy-se.md §2, §3, §7):
 * a temporary lift that has expired, unknown origins failing closed, everything withheld, and each
 * switch moving the decision the way §7 says.
 */
import { describe, expect, it } from 'vitest';
import { decide } from '../../../shared/policy/engine.ts';
import { SE_SCENARIOS, type SeScenario } from '../../support/se-scenarios.ts';
import { SE_NOW, seInput, sePolicy } from './se-fixtures.ts';

const scenario = (id: string): SeScenario => SE_SCENARIOS.find((candidate) => candidate.id === id)!;
const DAY = 86_400_000;

describe('the spärr gate', () => {
  it('a temporary lift is in force until expiresAt and not a moment after', async () => {
    // Prepare: S05's lift consent expires in 3 days (the spärr check's age is not what is tested here)
    const input = seInput(scenario('S05'), sePolicy({ 'se.sparr.maxAgeHours': 'none' }));

    // Act
    const during = await decide({ ...input, now: SE_NOW + 3 * DAY - 1 });
    const expired = await decide({ ...input, now: SE_NOW + 3 * DAY });

    // Assess
    expect(during.reasonCodes).toContain('SE_INRE_SPARR_LIFTED');
    expect(expired.reasonCodes).not.toContain('SE_INRE_SPARR_LIFTED');
    expect(expired.transformations).toContainEqual({
      path: 'clinical.diagnoses[1]',
      action: 'DROPPED',
      reason: 'REDACT_SE_SPARRADE_UPPGIFTER',
    });
  });

  it('withholds an item of unknown origin whenever an inner block is in force (fail closed)', async () => {
    // Prepare: S04 with the episode's unit malformed, so every item without its own unit is of unknown origin
    const base = seInput(scenario('S04'));
    const payload = structuredClone(base.request.payload);
    payload.episode = { ...payload.episode, careUnitId: 'SE5599000014_HUD1' };

    // Act
    const decision = await decide({ ...base, request: { ...base.request, payload } });

    // Assess: the episode-origin data is withheld, so only HUD2's diagnosis would remain, and it is blocked too
    expect(decision).toMatchObject({ decision: 'DENY', reasonCodes: ['DENY_SE_INRE_SPARR'] });
  });

  it('denies DENY_SE_INRE_SPARR when the block withholds every journal field the request carried', async () => {
    // Prepare: S04 with the block on HUD1, the episode's own unit, and HUD2's diagnosis removed
    const base = seInput(scenario('S04'));
    const records = {
      ...base.records,
      blocks: base.records.blocks?.map((b) => ({ ...b, careUnitId: 'SE5599000014-HUD1' })),
    };
    const payload = structuredClone(base.request.payload);
    payload.clinical = { ...payload.clinical, diagnoses: [payload.clinical!.diagnoses![0]!] };

    // Act
    const decision = await decide({ ...base, records, request: { ...base.request, payload } });

    // Assess
    expect(decision.decision).toBe('DENY');
    expect(decision.reasonCodes[0]).toBe('DENY_SE_INRE_SPARR');
  });
});

describe('Swedish switches (policy-se.md §7)', () => {
  it('se.sparrServiceUnavailable REFER refers a stale spärr check instead of denying', async () => {
    // Act
    const decision = await decide(seInput(scenario('S08'), sePolicy({ 'se.sparrServiceUnavailable': 'REFER' })));

    // Assess
    expect(decision).toMatchObject({ decision: 'REFER', reasonCodes: ['REFER_SE_SPARR_STATUS_UNKNOWN'] });
  });

  it('se.sparr.maxAgeHours none accepts any CHECKED reading', async () => {
    // Act
    const decision = await decide(seInput(scenario('S08'), sePolicy({ 'se.sparr.maxAgeHours': 'none' })));

    // Assess
    expect(decision.reasonCodes[0]).toBe('ALLOW_EXPLICIT_CONSENT');
  });

  it('se.yttreSparr.overridable true lets emergency access pass an outer block, and only then', async () => {
    // Prepare
    const overridable = sePolicy({ 'se.yttreSparr.overridable': true });

    // Act / Assess
    expect((await decide(seInput(scenario('S03'), overridable))).decision).toBe('ALLOW_WITH_REDACTION');
    expect((await decide(seInput(scenario('S02'), overridable))).reasonCodes[0]).toBe('DENY_SE_YTTRE_SPARR');
  });

  it('se.direct.consentRequired false allows direct care on implied consent, secrecy IMPLIED_CONSENT', async () => {
    // Prepare: S09 without its consent
    const base = scenario('S09');
    const withoutConsent = { ...base, records: { ...base.records, consents: [] } };

    // Act
    const required = await decide(seInput(withoutConsent));
    const implied = await decide(seInput(withoutConsent, sePolicy({ 'se.direct.consentRequired': false })));

    // Assess
    expect(required.reasonCodes[0]).toBe('DENY_CONSENT_MISSING');
    expect(implied.reasonCodes[0]).toBe('ALLOW_DIRECT_CARE_IMPLIED_CONSENT');
    expect(implied.basis).toMatchObject({ source: 'ROPA', secrecy: 'IMPLIED_CONSENT' });
  });

  it('se.inreSparr.appliesToInsurer false releases the blocked unit to the insurer, noting the block', async () => {
    // Act
    const decision = await decide(seInput(scenario('S11'), sePolicy({ 'se.inreSparr.appliesToInsurer': false })));

    // Assess
    expect(decision.reasonCodes).not.toContain('REDACT_SE_SPARRADE_UPPGIFTER');
    expect(decision.reasonCodes).toContain('SE_SPARR_NOT_APPLICABLE');
  });

  it('se.register.invalidIdentifier: STRIP drops a bad personnummer for the register, DENY refuses', async () => {
    // Prepare: S18 with S22's bad check digit
    const base = scenario('S18');
    const bad = { ...base, payload: scenario('S22').payload };

    // Act
    const stripped = await decide(seInput(bad));
    const denied = await decide(seInput(bad, sePolicy({ 'se.register.invalidIdentifier': 'DENY' })));

    // Assess
    expect(stripped.reasonCodes).toEqual(expect.arrayContaining(['DQ_IDENTIFIER_STRIPPED', 'ID_SE_CHECKSUM']));
    expect(stripped.payload?.['patient']).not.toHaveProperty('personnummer');
    expect(denied).toMatchObject({ decision: 'DENY', reasonCodes: ['ID_SE_CHECKSUM'] });
  });

  it('se.police DENY denies police requests instead of referring them', async () => {
    // Act
    const decision = await decide(seInput(scenario('S21'), sePolicy({ 'se.police': 'DENY' })));

    // Assess
    expect(decision).toMatchObject({ decision: 'DENY', reasonCodes: ['DENY_NO_LEGAL_BASIS'] });
  });

  it('explanations.defaultLanguage en explains in English by default', async () => {
    // Act
    const decision = await decide(seInput(scenario('S01'), sePolicy({ 'explanations.defaultLanguage': 'en' })));

    // Assess
    expect(decision.explanationsLanguage).toBe('en');
    expect(decision.explanations).toEqual(decision.explanationsByLanguage.en);
  });
});
