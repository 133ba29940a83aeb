/**
 * Properties over generated pack-2026.2 requests (the §9.7 recipients, new purposes, consent terms,
 * capacity-confirmed refusals, onward referrals, matters, orders with field lists, restrictions of
 * processing of every ground, covering or not, overrides by every approver): every code the
 * engine gives has the pack's own explanation, and no explanation names an identifier, a payload
 * value or an implant's details.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide } from '../../../shared/policy/engine.ts';
import { RESTRICTION_GROUNDS, type Restriction } from '../../../shared/records/model.ts';
import { APPROVER_ROLES, CAPACITIES, FUNDINGS, JURISDICTIONS } from '../../../shared/schemas/disclosure.ts';
import { PURPOSES_2026_2 } from '../../../shared/schemas/records-2026-2.ts';
import {
  DEFAULT_POLICY,
  SENSITIVE_VALUES,
  consent,
  input,
  objection,
  payload2026,
  records,
  request,
} from './fixtures.ts';

const RECIPIENTS = [
  'ext-practitioner',
  'audit-ext',
  'njr',
  'nataudit',
  'nataudit-exempt',
  'sol-patient',
  'sol-defence',
  'sol-third-party',
  'court-civil',
  'police-local',
  'expert-medlegal',
  'emergency-dept',
] as const;
const PURPOSES = [...PURPOSES_2026_2, 'DIRECT_CARE', 'VITAL_INTERESTS'] as const;
const INSTRUMENTS = [null, 'COURT-ORDER:CC-1', 'CPR1998-r31.17:HC-1', 'RTA1988-s172:NIP-1', 'PACE1984-sch1:PO-1'];
const DATES = [undefined, '2025-06-01', '2026-03-01', '2026-03-31', '2026-12-31'];

const caseArb = fc
  .record({
    recipientId: fc.constantFrom(...RECIPIENTS),
    purpose: fc.constantFrom(...PURPOSES),
    jurisdiction: fc.constantFrom(...JURISDICTIONS),
    funding: fc.constantFrom(...FUNDINGS),
    capacity: fc.constantFrom(...CAPACITIES),
    riskToOthers: fc.boolean(),
    referral: fc.constantFrom(null, 'ext-practitioner', 'ext-other'),
    matter: fc.constantFrom(null, 'EP-MRN-1', 'EP-OTHER'),
    instrument: fc.constantFrom(...INSTRUMENTS),
    fields: fc.option(fc.subarray(['patient.name', 'narrative', 'clinical.procedures', 'financial']), {
      nil: undefined,
    }),
    override: fc.option(fc.constantFrom('PUBLIC_INTEREST', 'SAFEGUARDING', 'VITAL_INTERESTS'), { nil: null }),
    consent: fc.option(
      fc.record({
        scope: fc.constantFrom(
          'REGISTRY_IDENTIFIERS',
          'SOLICITOR_AUTHORITY',
          'LEGAL_DISCLOSURE',
          'MEDICO_LEGAL',
          'RESTRICTION_CONSENT',
        ),
        from: fc.constantFrom(...DATES),
        to: fc.constantFrom(...DATES),
        seeFirst: fc.boolean(),
        withdrawn: fc.boolean(),
      }),
      { nil: null },
    ),
    restriction: fc.option(
      fc.record({
        ground: fc.constantFrom(...RESTRICTION_GROUNDS),
        otherEpisode: fc.boolean(),
        lifted: fc.boolean(),
      }),
      { nil: null },
    ),
    approver: fc.constantFrom(...APPROVER_ROLES),
    objection: fc.option(
      fc.record({
        scope: fc.constantFrom('ALL_NON_MANDATORY', 'EMERGENCY_CARE', 'CLINICAL_AUDIT', 'NATIONAL_REGISTRY', 'POLICE'),
        confirmed: fc.boolean(),
      }),
      { nil: null },
    ),
  })
  .map((c) => {
    const req = request({
      recipientId: c.recipientId,
      purpose: c.purpose,
      jurisdiction: c.jurisdiction,
      episode: { id: 'EP-MRN-1', type: 'APC_DAYCASE', funding: c.funding, onwardReferralTo: c.referral },
      ...(c.matter ? { matter: { ref: 'CLM-1', episodeIds: [c.matter] } } : {}),
      instrument:
        c.instrument === null ? null : { ref: c.instrument, scope: { episodeIds: ['EP-MRN-1'], fields: c.fields } },
      patientContext: { capacity: c.capacity, riskToOthers: c.riskToOthers },
      override:
        c.override === null
          ? null
          : { code: c.override, approverRole: c.approver, approvedBy: 'cg-1', justification: 'generated' },
      payload: payload2026(),
    });
    const consents = c.consent
      ? [
          consent(c.consent.scope, {
            recipientId: c.recipientId,
            ...(c.consent.from ? { recordsFrom: c.consent.from } : {}),
            ...(c.consent.to ? { recordsTo: c.consent.to } : {}),
            ...(c.consent.seeFirst ? { seeBeforeRelease: true } : {}),
            ...(c.consent.withdrawn ? { withdrawn: { at: '2026-11-22T00:00:00Z', recordedBy: 's' } } : {}),
          }),
        ]
      : [];
    const objections = c.objection
      ? [objection(c.objection.scope, c.objection.confirmed ? { capacityConfirmedBy: 'dr-4' } : {})]
      : [];
    const restrictions: Restriction[] = c.restriction
      ? [
          {
            restrictionId: 'res-1',
            ground: c.restriction.ground,
            ...(c.restriction.ground === 'OBJECTION_PENDING' ? { objectionId: 'obj-1' } : {}),
            ...(c.restriction.otherEpisode ? { episodeIds: ['EP-OTHER'] } : {}),
            requestedBy: 'PATIENT',
            at: '2026-11-21T09:00:00Z',
            recordedBy: 'staff-1',
            ...(c.restriction.lifted
              ? {
                  liftedAt: '2026-11-23T09:00:00Z',
                  liftedBy: 'staff-1',
                  liftReason: 'ACCURACY_VERIFIED',
                  patientInformedAt: '2026-11-23T09:00:00Z',
                }
              : {}),
          },
        ]
      : [];
    return { request: req, records: records({ consents, objections, restrictions }) };
  });

describe('pack 2026.2 decision properties', () => {
  it('explains every code with the pack’s own sentence, naming no identifier or payload value', async () => {
    // Prepare
    const explained = new Set(DEFAULT_POLICY.document.reasonCodes.map((reason) => reason.code));

    // Act / Assess
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const decision = await decide(input(c));
        for (const code of decision.reasonCodes) expect(explained).toContain(code);
        const text = decision.explanations.join(' ');
        for (const value of [...SENSITIVE_VALUES, 'IMP-HIP-01', 'LOT-5521', 'Acme Ortho'])
          expect(text).not.toContain(value);
        if (decision.decision === 'DENY' || decision.decision === 'REFER') expect(decision.payload).toBeUndefined();
      }),
      { numRuns: 400 },
    );
  });
});
