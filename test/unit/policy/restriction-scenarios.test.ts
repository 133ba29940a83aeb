/** policy-uk.md §9.7 P46–P48 against decide(): P01 and P06 under `res-1` (accuracy contested, all episodes). */
import { describe, expect, it } from 'vitest';
import { decide } from '../../../shared/policy/engine.ts';
import type { Consent, Restriction } from '../../../shared/records/model.ts';
import type { DisclosureRequest } from '../../../shared/schemas/disclosure.ts';
import { consent, input, INSURER_CLAIM, records, releasedPaths, request } from './fixtures.ts';

/** Placed the day after the INSURER_CLAIM fixture consent (given 2026-11-20). */
const RES_1: Restriction = {
  restrictionId: 'res-1',
  ground: 'ACCURACY_CONTESTED',
  requestedBy: 'PATIENT',
  at: '2026-11-21T09:00:00Z',
  recordedBy: 'staff-1',
};
const P01 = request(INSURER_CLAIM);
const P06 = request();
const SAFEGUARDING_BY_CG: DisclosureRequest['override'] = {
  code: 'SAFEGUARDING',
  approverRole: 'CALDICOTT_GUARDIAN',
  approvedBy: 'cg-1',
  justification: 'Risk to a child',
};
const restrictionConsent = consent('RESTRICTION_CONSENT', {
  recipientId: 'ins-acme-health',
  at: '2026-11-22T09:00:00Z',
});

const run = (req: DisclosureRequest, consents: Consent[], restrictions: Restriction[] = [RES_1]) =>
  decide(input({ request: req, records: records({ consents, restrictions }) }));
const firstOf = (decision: { decision: string; reasonCodes: readonly string[] }) => [
  decision.decision,
  decision.reasonCodes[0],
];

describe('policy-uk.md §9.7 restriction scenarios P46–P48', () => {
  it('P46: P01 on a consent given before res-1 is denied as restricted, naming res-1', async () => {
    // Act
    const decision = await run(P01, [consent('INSURER_CLAIM')]);

    // Assess
    expect(firstOf(decision)).toEqual(['DENY', 'DENY_PROCESSING_RESTRICTED']);
    expect(decision.explanations[0]).toContain('res-1');
    expect([decision.payload, decision.obligations]).toEqual([undefined, []]);
  });

  it('P47: a restriction consent naming the insurer, given after res-1, releases P01’s fields with the accuracy note', async () => {
    // Act
    const decision = await run(P01, [consent('INSURER_CLAIM'), restrictionConsent]);
    const unrestricted = await run(P01, [consent('INSURER_CLAIM')], []);

    // Assess
    expect(firstOf(decision)).toEqual(['ALLOW_WITH_REDACTION', 'ALLOW_EXPLICIT_CONSENT']);
    expect(decision.reasonCodes).toContain('RESTRICTION_EXCEPTION_CONSENT');
    expect(decision.obligations).toEqual(['NOTE_ACCURACY_CONTESTED']);
    expect(firstOf(unrestricted)).toEqual(['ALLOW_WITH_REDACTION', 'ALLOW_EXPLICIT_CONSENT']);
    expect(releasedPaths(decision.payload)).toEqual(releasedPaths(unrestricted.payload));
  });

  it('P47 without its date condition: a restriction consent given before res-1 does not pass it', async () => {
    // Act
    const decision = await run(P01, [consent('INSURER_CLAIM'), { ...restrictionConsent, at: '2026-11-20T10:00:00Z' }]);

    // Assess
    expect(firstOf(decision)).toEqual(['DENY', 'DENY_PROCESSING_RESTRICTED']);
  });

  it('P48: a GP disclosure passes on a safeguarding override by the Caldicott Guardian, and is denied without it', async () => {
    // Act
    const withOverride = await run({ ...P06, override: SAFEGUARDING_BY_CG }, []);
    const without = await run(P06, []);

    // Assess
    expect(firstOf(withOverride)).toEqual(['ALLOW_WITH_REDACTION', 'ALLOW_PUBLIC_INTEREST_OVERRIDE']);
    expect(withOverride.reasonCodes).toContain('RESTRICTION_EXCEPTION_OTHERS_RIGHTS');
    expect(withOverride.obligations).toEqual([
      'INFORM_PATIENT_IF_PRACTICABLE',
      'RETROSPECTIVE_CG_REVIEW',
      'NOTE_ACCURACY_CONTESTED',
    ]);
    expect(firstOf(without)).toEqual(['DENY', 'DENY_PROCESSING_RESTRICTED']);
  });
});
