/** policy-uk.md §9.6 (pack 2026.2): each new switch, at each of its values, changes the decision as the table says. */
import { describe, expect, it } from 'vitest';
import { decide } from '../../../shared/policy/engine.ts';
import type { Recipient, Restriction } from '../../../shared/records/model.ts';
import type { Switches } from '../../../shared/policy/switches.ts';
import type { DisclosureRequest } from '../../../shared/schemas/disclosure.ts';
import type { PatientRecordsSnapshot } from '../../../shared/records/model.ts';
import { consent, input, localPolicy, objection, payload2026, records, releasedPaths, request } from './fixtures.ts';

const episode = {
  id: 'EP-MRN-1',
  type: 'APC_DAYCASE',
  funding: 'SELF_PAY',
  payerId: null,
  referralSourceOds: null,
} as const;
const police = request({ recipientId: 'police-local', purpose: 'CRIME', episode, payload: payload2026() });
const override = (approverRole: 'CALDICOTT_GUARDIAN' | 'DPO') =>
  ({ code: 'PUBLIC_INTEREST', approverRole, approvedBy: 'staff-9', justification: 'Serious crime' }) as const;
/** policy-uk.md §9.7 `res-1`: accuracy contested, all episodes, not lifted. */
const accuracyContested: Restriction = {
  restrictionId: 'res-1',
  ground: 'ACCURACY_CONTESTED',
  requestedBy: 'PATIENT',
  at: '2026-11-20T09:00:00Z',
  recordedBy: 'staff-1',
};
const externalAudit = request({ recipientId: 'audit-ext', purpose: 'CLINICAL_AUDIT', episode, payload: payload2026() });
const auditObjection = records({ objections: [objection('CLINICAL_AUDIT')] });
const registry = (funding: 'SELF_PAY' | 'NHS_FUNDED' = 'SELF_PAY') =>
  request({ recipientId: 'njr', purpose: 'CLINICAL_AUDIT', episode: { ...episode, funding }, payload: payload2026() });
/** A registry recipient with section 251 support (the demo NJR has none). */
const supportedRegistry: Recipient = {
  recipientId: 'njr',
  org: 'demo',
  name: 'njr',
  category: 'NATIONAL_REGISTRY',
  registry: 'NJR',
  s251Ref: 'CAG-DEMO-9',
};

/** P01 of policy-uk.md §8: the insurer's claim, on the INSURER_CLAIM consent given 2026-11-20. */
const insurerClaim = request({
  recipientId: 'ins-acme-health',
  purpose: 'PAYMENT',
  subPurpose: 'CLAIM',
  episode: { ...episode, funding: 'INSURED', payerId: 'ins-acme-health' },
  payload: payload2026(),
});
/** `res-1` placed the day after the fixture consents (given 2026-11-20T09:00Z). */
const placedAfterConsents: Restriction = { ...accuracyContested, at: '2026-11-21T09:00:00Z' };
/** P20 of policy-uk.md §8: an unconscious patient, the responsible clinician's vital-interests override. */
const emergency = (approverRole: 'RESPONSIBLE_CLINICIAN' | 'CALDICOTT_GUARDIAN') =>
  request({
    recipientId: 'emergency-dept',
    purpose: 'VITAL_INTERESTS',
    episode,
    patientContext: { capacity: 'UNCONSCIOUS' },
    override: { code: 'VITAL_INTERESTS', approverRole, approvedBy: 'dr-2', justification: 'Collapsed in ED' },
    payload: payload2026(),
  });

async function run(
  switches: Partial<Switches>,
  req: DisclosureRequest,
  recs: PatientRecordsSnapshot = records(),
  recipient?: Recipient,
) {
  const base = input({ request: req, records: recs, policy: localPolicy(switches) });
  return decide(recipient ? { ...base, recipient } : base);
}

const firstOf = (decision: { decision: string; reasonCodes: readonly string[] }) => [
  decision.decision,
  decision.reasonCodes[0],
];

describe('switches of pack 2026.2', () => {
  it('police.voluntary REFER refers a police request without duty or order, DENY denies it; an approved override allows under both', async () => {
    // Act
    const refer = await run({ 'police.voluntary': 'REFER' }, police);
    const deny = await run({ 'police.voluntary': 'DENY' }, police);
    const approvedUnderDeny = await run(
      { 'police.voluntary': 'DENY' },
      { ...police, override: override('CALDICOTT_GUARDIAN') },
    );
    const dpoApproved = await run({ 'police.voluntary': 'REFER' }, { ...police, override: override('DPO') });

    // Assess
    expect(firstOf(refer)).toEqual(['REFER', 'REFER_POLICE_VOLUNTARY']);
    expect(firstOf(deny)).toEqual(['DENY', 'DENY_NO_LEGAL_BASIS']);
    expect(firstOf(approvedUnderDeny)).toEqual(['ALLOW_WITH_REDACTION', 'ALLOW_PUBLIC_INTEREST_OVERRIDE']);
    expect(firstOf(dpoApproved)).toEqual(['DENY', 'DENY_OVERRIDE_NOT_APPROVED']);
  });

  it('police.voluntary under a restriction: REFER refers naming it, DENY denies as restricted; an approved override passes under both', async () => {
    // Prepare
    const restricted = records({ restrictions: [accuracyContested] });
    const approved = { ...police, override: override('CALDICOTT_GUARDIAN') };

    // Act
    const refer = await run({ 'police.voluntary': 'REFER' }, police, restricted);
    const deny = await run({ 'police.voluntary': 'DENY' }, police, restricted);
    const approvedUnderDeny = await run({ 'police.voluntary': 'DENY' }, approved, restricted);

    // Assess
    expect(firstOf(refer)).toEqual(['REFER', 'REFER_POLICE_VOLUNTARY']);
    expect(refer.reasonCodes).toContain('RESTRICTION_ACTIVE');
    expect(firstOf(deny)).toEqual(['DENY', 'DENY_PROCESSING_RESTRICTED']);
    expect(deny.reasonCodes).not.toContain('RESTRICTION_ACTIVE');
    expect(deny.explanations[0]).toContain('res-1');
    expect(firstOf(approvedUnderDeny)).toEqual(['ALLOW_WITH_REDACTION', 'ALLOW_PUBLIC_INTEREST_OVERRIDE']);
    expect(approvedUnderDeny.reasonCodes).toContain('RESTRICTION_EXCEPTION_PUBLIC_INTEREST');
  });

  it('audit.external.objectionBlocks true denies on an audit objection, false refers it for an Art 21(1) assessment', async () => {
    // Act
    const blocks = await run({ 'audit.external.objectionBlocks': true }, externalAudit, auditObjection);
    const assesses = await run({ 'audit.external.objectionBlocks': false }, externalAudit, auditObjection);
    const overridden = await run(
      { 'audit.external.objectionBlocks': false },
      { ...externalAudit, override: override('CALDICOTT_GUARDIAN') },
      auditObjection,
    );
    const noObjection = await run({ 'audit.external.objectionBlocks': false }, externalAudit);

    // Assess
    expect(firstOf(blocks)).toEqual(['DENY', 'DENY_PATIENT_OBJECTION']);
    expect(firstOf(assesses)).toEqual(['REFER', 'REFER_OBJECTION_COMPELLING_GROUNDS']);
    expect(assesses.reasonCodes).toContain('OBJECTION_ON_RECORD');
    expect(firstOf(overridden)).toEqual(['ALLOW_WITH_REDACTION', 'ALLOW_PUBLIC_INTEREST_OVERRIDE']);
    expect(firstOf(noObjection)).toEqual(['ALLOW_WITH_REDACTION', 'ALLOW_AUDIT_IMPLIED_CONSENT']);
  });

  it('registry.identifiersNeedConsent false sends identifiers to a registry with s251 support, under the opt-out; true keeps them for consent', async () => {
    // Prepare
    const optedOut = records({ ndop: { status: 'OPTED_OUT', checkedAt: '2026-12-01T08:00:00Z' } });

    // Act
    const needsConsent = await run(
      { 'registry.identifiersNeedConsent': true },
      registry(),
      records(),
      supportedRegistry,
    );
    const s251 = await run({ 'registry.identifiersNeedConsent': false }, registry(), records(), supportedRegistry);
    const s251OptedOut = await run(
      { 'registry.identifiersNeedConsent': false },
      registry('NHS_FUNDED'),
      optedOut,
      supportedRegistry,
    );
    const unsupported = await run({ 'registry.identifiersNeedConsent': false }, registry());
    const consented = await run(
      { 'registry.identifiersNeedConsent': false },
      registry('NHS_FUNDED'),
      records({ ...optedOut, consents: [consent('REGISTRY_IDENTIFIERS')] }),
      supportedRegistry,
    );

    // Assess
    expect(firstOf(needsConsent)).toEqual(['ALLOW_WITH_REDACTION', 'ALLOW_ANONYMOUS_RECORD']);
    expect(firstOf(s251)).toEqual(['ALLOW_WITH_REDACTION', 'ALLOW_S251_SUPPORT']);
    expect(s251.payload?.['patient']).toMatchObject({ nhsNumber: '9990000018', dateOfBirth: '1964-08-23' });
    expect(s251.basis).toMatchObject({ source: 'ROPA', art9: 'h', commonLaw: 'S251' });
    expect(s251.explanations[0]).toContain('CAG-DEMO-9');
    expect(firstOf(s251OptedOut)).toEqual(['DENY', 'DENY_NDOP_OPT_OUT']);
    expect(firstOf(unsupported)).toEqual(['ALLOW_WITH_REDACTION', 'ALLOW_ANONYMOUS_RECORD']);
    expect(firstOf(consented)).toEqual(['ALLOW_WITH_REDACTION', 'ALLOW_EXPLICIT_CONSENT']);
    expect(consented.reasonCodes).toContain('NDOP_NOT_APPLICABLE');
  });

  it('registry.anonymousDemographics SEX_AGE_BAND keeps sex and age band in the anonymous record, NONE drops both', async () => {
    // Act
    const withDemographics = await run({ 'registry.anonymousDemographics': 'SEX_AGE_BAND' }, registry());
    const without = await run({ 'registry.anonymousDemographics': 'NONE' }, registry());
    const identifiable = await run(
      { 'registry.anonymousDemographics': 'NONE' },
      registry(),
      records({ consents: [consent('REGISTRY_IDENTIFIERS')] }),
    );

    // Assess
    expect(withDemographics.payload?.['patient']).toEqual({ ageBand: '60-64', sex: 'F' });
    expect(without.payload?.['patient']).toBeUndefined();
    expect(releasedPaths(without.payload)).toEqual(
      [
        'episode.siteOdsCode',
        'episode.consultantGmc',
        'clinical.diagnoses',
        'clinical.procedures',
        'clinical.implants',
      ].sort(),
    );
    expect(identifiable.payload?.['patient']).toMatchObject({ sex: 'F', dateOfBirth: '1964-08-23' });
  });

  it('restriction.priorConsentCounts false needs the flow’s own consent given after the restriction; true lets an earlier one pass it', async () => {
    // Prepare
    const earlierClaimConsent = records({ consents: [consent('INSURER_CLAIM')], restrictions: [placedAfterConsents] });
    // Alone, so that passing the restriction would show as the consent gate's DENY_CONSENT_MISSING.
    const earlierRestrictionConsent = records({
      consents: [consent('RESTRICTION_CONSENT', { recipientId: 'ins-acme-health' })],
      restrictions: [placedAfterConsents],
    });

    // Act
    const dated = await run({ 'restriction.priorConsentCounts': false }, insurerClaim, earlierClaimConsent);
    const prior = await run({ 'restriction.priorConsentCounts': true }, insurerClaim, earlierClaimConsent);
    const priorRestrictionConsent = await run(
      { 'restriction.priorConsentCounts': true },
      insurerClaim,
      earlierRestrictionConsent,
    );

    // Assess
    expect(firstOf(dated)).toEqual(['DENY', 'DENY_PROCESSING_RESTRICTED']);
    expect(firstOf(prior)).toEqual(['ALLOW_WITH_REDACTION', 'ALLOW_EXPLICIT_CONSENT']);
    expect(prior.reasonCodes).toContain('RESTRICTION_EXCEPTION_CONSENT');
    expect(prior.obligations).toEqual(['NOTE_ACCURACY_CONTESTED']);
    // The switch reaches only the flow's own scope: a RESTRICTION_CONSENT still has to follow the restriction.
    expect(firstOf(priorRestrictionConsent)).toEqual(['DENY', 'DENY_PROCESSING_RESTRICTED']);
  });

  it('restriction.vitalInterests ALLOW passes an emergency under a restriction; REFER refers it unless a Caldicott Guardian approved', async () => {
    // Prepare
    const restricted = records({ restrictions: [accuracyContested] });

    // Act
    const allow = await run({ 'restriction.vitalInterests': 'ALLOW' }, emergency('RESPONSIBLE_CLINICIAN'), restricted);
    const refer = await run({ 'restriction.vitalInterests': 'REFER' }, emergency('RESPONSIBLE_CLINICIAN'), restricted);
    const guardian = await run({ 'restriction.vitalInterests': 'REFER' }, emergency('CALDICOTT_GUARDIAN'), restricted);
    const unrestricted = await run({ 'restriction.vitalInterests': 'REFER' }, emergency('RESPONSIBLE_CLINICIAN'));

    // Assess
    expect(firstOf(allow)).toEqual(['ALLOW_WITH_REDACTION', 'ALLOW_VITAL_INTERESTS']);
    expect(allow.reasonCodes).toContain('RESTRICTION_EXCEPTION_VITAL_INTERESTS');
    expect(allow.obligations).toEqual(['RETROSPECTIVE_CG_REVIEW', 'NOTE_ACCURACY_CONTESTED']);
    expect(firstOf(refer)).toEqual(['REFER', 'REFER_RESTRICTION_VITAL_INTERESTS']);
    expect(refer.reasonCodes).toContain('RESTRICTION_ACTIVE');
    expect(refer.explanations[0]).toBe(
      'Processing is restricted under res-1; a Caldicott Guardian must confirm this emergency disclosure.',
    );
    expect(firstOf(guardian)).toEqual(['ALLOW_WITH_REDACTION', 'ALLOW_VITAL_INTERESTS']);
    expect(guardian.reasonCodes).toContain('RESTRICTION_EXCEPTION_VITAL_INTERESTS');
    expect(firstOf(unrestricted)).toEqual(['ALLOW_WITH_REDACTION', 'ALLOW_VITAL_INTERESTS']);
  });
});
