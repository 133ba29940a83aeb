/**
 * The generic gates pack 2026.2 added, at their edges: date-scoped consents, consents that must
 * name their recipient, "see before release", field-scoped orders, legal matters, capacitous refusals
 * naming a recipient, and the pack checks that keep the new mechanisms' names resolvable.
 */
import { describe, expect, it } from 'vitest';
import { decide } from '../../../shared/policy/engine.ts';
import { loadPolicy } from '../../../shared/policy/pack.ts';
import { UK_DEFAULT } from '../../../shared/policy/uk-default/index.ts';
import type { Consent } from '../../../shared/records/model.ts';
import type { DisclosureRequest } from '../../../shared/schemas/disclosure.ts';
import { consent, input, localPolicy, objection, payload2026, records, releasedPaths, request } from './fixtures.ts';

const episode = {
  id: 'EP-MRN-1',
  type: 'APC_DAYCASE',
  funding: 'SELF_PAY',
  payerId: null,
  referralSourceOds: null,
} as const;
const solicitor = (overrides: Partial<DisclosureRequest> = {}) =>
  request({ recipientId: 'sol-patient', purpose: 'LEGAL_PROCEEDINGS', episode, payload: payload2026(), ...overrides });
const authority = (overrides: Partial<Consent> = {}) =>
  consent('SOLICITOR_AUTHORITY', { recipientId: 'sol-patient', ...overrides });
const run = (req: DisclosureRequest, consents: Consent[] = [], extra = {}) =>
  decide(input({ request: req, records: records({ consents, ...extra }) }));
const firstOf = (decision: { decision: string; reasonCodes: readonly string[] }) => [
  decision.decision,
  decision.reasonCodes[0],
];

describe('date-scoped consents', () => {
  it('judges the episode by its discharge date when it has no admission date, and refuses one with neither', async () => {
    // Prepare
    const payload = payload2026();
    const { admissionDate: _a, ...discharged } = payload.episode!;
    const { dischargeDate: _d, ...undated } = discharged;
    const march = authority({ recordsFrom: '2026-03-01', recordsTo: '2026-03-31' });

    // Act
    const byDischarge = await run(solicitor({ payload: { ...payload, episode: discharged } }), [march]);
    const noDates = await run(solicitor({ payload: { ...payload, episode: undated } }), [march]);
    const unscoped = await run(solicitor({ payload: { ...payload, episode: undated } }), [authority()]);

    // Assess
    expect(firstOf(byDischarge)).toEqual(['ALLOW_WITH_REDACTION', 'ALLOW_EXPLICIT_CONSENT']);
    expect(firstOf(noDates)).toEqual(['DENY', 'DENY_OUT_OF_CONSENT_SCOPE']);
    expect(firstOf(unscoped)).toEqual(['ALLOW_WITH_REDACTION', 'ALLOW_EXPLICIT_CONSENT']);
  });

  it('relies on a covering consent when another only fails on its dates, and keeps undated items', async () => {
    // Prepare
    const payload = payload2026();
    const undatedProm = { ...payload, clinical: { ...payload.clinical, proms: [{ instrument: 'OHS', preScore: 10 }] } };
    const lastYear = authority({ consentId: 'cons-2025', recordsFrom: '2025-01-01', recordsTo: '2025-12-31' });
    const thisYear = authority({ consentId: 'cons-2026', recordsFrom: '2026-01-01', at: '2026-11-01T09:00:00Z' });

    // Act
    const decision = await run(solicitor({ payload: undatedProm }), [lastYear, thisYear]);

    // Assess
    expect(firstOf(decision)).toEqual(['ALLOW_WITH_REDACTION', 'ALLOW_EXPLICIT_CONSENT']);
    expect(decision.basis?.recordId).toBe('cons-2026');
    expect((decision.payload?.['clinical'] as Record<string, unknown>)['proms']).toEqual([
      { instrument: 'OHS', preScore: 10 },
    ]);
    expect(decision.reasonCodes).not.toContain('REDACT_OUT_OF_CONSENT_SCOPE');
  });

  it('does not let a withdrawn consent fall back to DENY_OUT_OF_CONSENT_SCOPE', async () => {
    // Prepare
    const withdrawn = authority({
      recordsFrom: '2025-01-01',
      recordsTo: '2025-12-31',
      withdrawn: { at: '2026-11-21T09:00:00Z', recordedBy: 'staff-1' },
    });

    // Act
    const decision = await run(solicitor(), [withdrawn]);

    // Assess
    expect(firstOf(decision)).toEqual(['DENY', 'DENY_CONSENT_MISSING']);
  });
});

describe('consents that must name their recipient, and see-first', () => {
  it('ignores a solicitor authority that names no recipient, or another one', async () => {
    // Act
    const unnamed = await run(solicitor(), [consent('SOLICITOR_AUTHORITY')]);
    const other = await run(solicitor(), [authority({ recipientId: 'sol-defence' })]);

    // Assess
    expect(firstOf(unnamed)).toEqual(['DENY', 'DENY_CONSENT_MISSING']);
    expect(firstOf(other)).toEqual(['DENY', 'DENY_CONSENT_MISSING']);
  });

  it('releases once the patient, having seen the material, gives a later consent without the flag', async () => {
    // Prepare
    const expert = request({
      recipientId: 'expert-medlegal',
      purpose: 'MEDICO_LEGAL_REPORT',
      episode,
      payload: payload2026(),
    });
    const seeFirst = consent('MEDICO_LEGAL', {
      consentId: 'cons-1',
      recipientId: 'expert-medlegal',
      seeBeforeRelease: true,
    });
    const approved = consent('MEDICO_LEGAL', {
      consentId: 'cons-2',
      recipientId: 'expert-medlegal',
      at: '2026-11-28T09:00:00Z',
    });

    // Act
    const waiting = await run(expert, [seeFirst]);
    const released = await run(expert, [seeFirst, approved]);

    // Assess
    expect(firstOf(waiting)).toEqual(['REFER', 'REFER_PATIENT_SEES_FIRST']);
    expect(waiting.explanations[0]).toContain('cons-1');
    expect(firstOf(released)).toEqual(['ALLOW_WITH_REDACTION', 'ALLOW_EXPLICIT_CONSENT']);
    expect(released.basis?.recordId).toBe('cons-2');
  });
});

describe('field-scoped orders and legal matters', () => {
  const order = (fields: string[] | undefined, ref = 'COURT-ORDER:CC-1') =>
    request({
      recipientId: 'court-civil',
      purpose: 'LEGAL_PROCEEDINGS',
      episode,
      payload: payload2026(),
      instrument: { ref, scope: { episodeIds: ['EP-MRN-1'], ...(fields ? { fields } : {}) } },
    });

  it('treats an empty field list as missing, releases a listed group whole, and names the order in the explanation', async () => {
    // Act
    const empty = await run(order([]));
    const group = await run(order(['narrative']));

    // Assess
    expect(firstOf(empty)).toEqual(['DENY', 'DENY_INSTRUMENT_SCOPE_MISSING']);
    expect(empty.explanations[0]).toContain('COURT-ORDER:CC-1');
    expect(releasedPaths(group.payload)).toEqual(['narrative.letter', 'narrative.notes']);
    expect(group.explanations[0]).toBe(
      'Order COURT-ORDER:CC-1 requires this disclosure; only the items it lists are released.',
    );
  });

  it('denies a court without a recognised order, and a legal-claims request with no matter at all', async () => {
    // Act
    const noOrder = await run(request({ recipientId: 'court-civil', purpose: 'LEGAL_PROCEEDINGS', episode }));
    const noMatter = await run(request({ recipientId: 'sol-defence', purpose: 'LEGAL_PROCEEDINGS', episode }));

    // Assess
    expect(firstOf(noOrder)).toEqual(['DENY', 'DENY_NO_LEGAL_BASIS']);
    expect(firstOf(noMatter)).toEqual(['DENY', 'DENY_NO_LEGAL_MATTER']);
  });
});

describe('capacitous refusal', () => {
  const emergency = request({
    recipientId: 'emergency-dept',
    purpose: 'VITAL_INTERESTS',
    episode,
    patientContext: { capacity: 'UNCONSCIOUS' },
    override: { code: 'VITAL_INTERESTS', approverRole: 'CALDICOTT_GUARDIAN', approvedBy: 'cg-1', justification: 'ED' },
  });

  it('applies only to the recipient a refusal names, and not once withdrawn', async () => {
    // Prepare
    const refusal = { capacityConfirmedBy: 'dr-4' };

    // Act
    const elsewhere = await run(emergency, [], {
      objections: [objection('VITAL_INTERESTS', { ...refusal, recipientId: 'ext-other' })],
    });
    const named = await run(emergency, [], {
      objections: [objection('VITAL_INTERESTS', { ...refusal, recipientId: 'emergency-dept' })],
    });
    const withdrawn = await run(emergency, [], {
      objections: [
        objection('VITAL_INTERESTS', { ...refusal, withdrawn: { at: '2026-11-01T09:00:00Z', recordedBy: 'staff-2' } }),
      ],
    });

    // Assess
    expect(firstOf(elsewhere)).toEqual(['ALLOW_WITH_REDACTION', 'ALLOW_VITAL_INTERESTS']);
    expect(firstOf(named)).toEqual(['DENY', 'DENY_CAPACITOUS_REFUSAL']);
    expect(firstOf(withdrawn)).toEqual(['ALLOW_WITH_REDACTION', 'ALLOW_VITAL_INTERESTS']);
  });
});

describe('pack checks for the 2026.2 mechanisms', () => {
  it('refuses an instrument profile the pack does not define and a variant on an unknown variable', () => {
    // Prepare
    const pack = JSON.parse(JSON.stringify(UK_DEFAULT)) as typeof UK_DEFAULT;
    const police = pack.flows.find((flow) => flow.id === 'police-statutory')!;
    (police.mandatory!.instruments[0] as { profile?: string }).profile = 'no-such-profile';
    const withVariant = JSON.parse(JSON.stringify(UK_DEFAULT)) as typeof UK_DEFAULT;
    withVariant.reasonCodes[0] = {
      ...withVariant.reasonCodes[0]!,
      variants: [{ when: 'nhsNumber', explanation: 'x' }],
    };

    // Act / Assess
    expect(() => loadPolicy(pack)).toThrow(/unknown profile no-such-profile/u);
    expect(() => loadPolicy(withVariant)).toThrow(/unknown template variable nhsNumber/u);
  });
});

describe('explanations of open-ended date scopes', () => {
  it('reads an open end as such', async () => {
    // Prepare
    const onlyFrom = authority({ recordsFrom: '2026-06-01' });

    // Act
    const decision = await run(solicitor(), [onlyFrom]);

    // Assess
    expect(firstOf(decision)).toEqual(['DENY', 'DENY_OUT_OF_CONSENT_SCOPE']);
    expect(decision.explanations[0]).toBe(
      'Consent cons-solicitor_authority covers records from 2026-06-01 to the latest record; this episode is outside that period.',
    );
  });
});

describe('DENY_NO_LEGAL_BASIS outside mandatory-only flows', () => {
  it('says what is missing: the consent naming the recipient, or an approved override', async () => {
    // Prepare
    const thirdParty = request({ recipientId: 'sol-third-party', purpose: 'LEGAL_PROCEEDINGS', episode });
    const police = request({ recipientId: 'police-local', purpose: 'CRIME', episode });

    // Act
    const noConsent = await run(thirdParty);
    const noOverride = await decide(
      input({ request: police, records: records(), policy: localPolicy({ 'police.voluntary': 'DENY' }) }),
    );

    // Assess
    expect(noConsent.explanations[0]).toBe(
      'No LEGAL_DISCLOSURE consent naming sol-third-party is on record and the request names no order the policy recognises, so flow legal-third-party has no legal basis.',
    );
    expect(noOverride.explanations[0]).toBe(
      'Flow police-voluntary rests on no legal duty or order, and no approved PUBLIC_INTEREST or SAFEGUARDING override was presented.',
    );
  });
});
