/**
 * The identity gate on `patient.reservnummer` (policy-se.md §2, §3 step 3): never validated, only
 * compared trimmed and upper-cased with the reservnummer registered in the org; a different one is
 * someone else's record, so DENY_IDENTITY_MISMATCH.
 */
import { describe, expect, it } from 'vitest';
import { decide } from '../../../shared/policy/engine.ts';
import { SE_SCENARIOS } from '../../support/se-scenarios.ts';
import { testPseudonym } from './fixtures.ts';
import { seInput } from './se-fixtures.ts';

const REGISTERED = 'RS-2026-0042';
const S01 = SE_SCENARIOS.find((scenario) => scenario.id === 'S01')!;

function inputWith(reservnummer: string, registered = true) {
  const base = seInput(S01);
  const payload = structuredClone(base.request.payload);
  payload.patient = { ...payload.patient, reservnummer };
  const key = testPseudonym(base.records.org, 'AUDIT', 'SE_RESERVNUMMER', REGISTERED);
  const records = registered
    ? {
        ...base.records,
        identifiers: [...base.records.identifiers, { system: 'SE_RESERVNUMMER' as const, key, masked: '********0042' }],
      }
    : base.records;
  return { ...base, records, request: { ...base.request, payload } };
}

describe('patient.reservnummer in the identity gate', () => {
  it('matches the registered number whatever its padding or case, and is released as sent', async () => {
    // Act
    const decision = await decide(inputWith(' rs-2026-0042 '));

    // Assess
    expect(decision.decision).toBe('ALLOW_WITH_REDACTION');
    expect(decision.reasonCodes[0]).toBe('ALLOW_EXPLICIT_CONSENT');
    expect((decision.payload?.['patient'] as Record<string, unknown>)['reservnummer']).toBe(' rs-2026-0042 ');
  });

  it.each([
    ['another number', 'RS-2026-0043'],
    ['an empty one', '   '],
  ])('denies DENY_IDENTITY_MISMATCH for %s', async (_case, reservnummer) => {
    // Act
    const decision = await decide(inputWith(reservnummer));

    // Assess
    expect(decision).toMatchObject({ decision: 'DENY', reasonCodes: ['DENY_IDENTITY_MISMATCH'] });
  });

  it('never validates it: with none registered, any value passes the gate', async () => {
    // Act
    const decision = await decide(inputWith('lokal nr 7 (akut)', false));

    // Assess
    expect(decision.decision).toBe('ALLOW_WITH_REDACTION');
    expect(decision.reasonCodes).not.toContain('DENY_IDENTITY_MISMATCH');
  });
});
