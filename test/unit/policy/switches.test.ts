/** policy-uk.md §7: every switch changes the decision the way the table says. */
import { describe, expect, it } from 'vitest';
import { decide } from '../../../shared/policy/engine.ts';
import { loadPolicy } from '../../../shared/policy/pack.ts';
import type { Switches } from '../../../shared/policy/switches.ts';
import type { DisclosureRequest } from '../../../shared/schemas/disclosure.ts';
import type { PatientRecordsSnapshot } from '../../../shared/records/model.ts';
import { consent, fullPayload, input, localPolicy, objection, records, request } from './fixtures.ts';

const phin = request({ recipientId: 'phin', purpose: 'STATUTORY_REPORTING' });
const phinConsent = records({ consents: [consent('PHIN_IDENTIFIERS')] });
const phinDeclined = records({ consents: [consent('PHIN_IDENTIFIERS', { status: 'DECLINED' })] });
const commissioning = request({
  recipientId: 'nhs-north-trust',
  purpose: 'COMMISSIONING',
  episode: { id: 'EP-2026-0042', type: 'APC_DAYCASE', funding: 'NHS_FUNDED', referralSourceOds: 'RX1' },
});
const gpObjected = records({ objections: [objection('GP')] });
const dpoOverride = request({
  override: { code: 'PUBLIC_INTEREST', approverRole: 'DPO', approvedBy: 'dpo-1', justification: 'Risk to others' },
});
const chiPayload = { ...fullPayload(), patient: { ...fullPayload().patient, chiNumber: '0101201200' } };

/** `local`: the pack as the local stack configures it (test range on); else the switches alone, as deployed. */
async function run(
  switches: Partial<Switches>,
  req: DisclosureRequest,
  recs: PatientRecordsSnapshot = records(),
  local = true,
) {
  return decide(
    input({ request: req, records: recs, policy: local ? localPolicy(switches) : loadPolicy(undefined, switches) }),
  );
}

describe('switches', () => {
  it('phin.identifierMode CLEAR_MANDATED releases clear identifiers without consent', async () => {
    // Prepare / Act
    const byDefault = await run({}, phin, phinDeclined);
    const mandated = await run({ 'phin.identifierMode': 'CLEAR_MANDATED' }, phin, phinDeclined);

    // Assess
    expect(byDefault.payload?.patient).not.toHaveProperty('nhsNumber');
    expect(mandated.payload?.patient).toMatchObject({
      nhsNumber: '9990000018',
      dateOfBirth: '1964-08-23',
      postcode: 'SW1A 1AA',
    });
    expect(mandated.reasonCodes).not.toContain('REDACT_PHIN_IDENTIFIERS_NO_CONSENT');
  });

  it('phin.identifierMode OMIT withholds clear identifiers even with consent', async () => {
    // Prepare / Act
    const omitted = await run({ 'phin.identifierMode': 'OMIT' }, phin, phinConsent);

    // Assess
    expect(omitted.payload?.patient).not.toHaveProperty('nhsNumber');
    expect(omitted.payload?.patient).toMatchObject({ ageBand: '60-64', postcode: 'SW1A 1' });
    expect(omitted.transformations).toContainEqual({
      path: 'patient.nhsNumber',
      action: 'DROPPED',
      reason: 'REDACT_MINIMISATION',
    });
    expect(omitted.reasonCodes).not.toContain('REDACT_PHIN_IDENTIFIERS_NO_CONSENT');
  });

  it('phin.postcodeGeneralisation DISTRICT releases the district instead of the sector', async () => {
    // Prepare / Act
    const sector = await run({}, phin, phinDeclined);
    const district = await run({ 'phin.postcodeGeneralisation': 'DISTRICT' }, phin, phinDeclined);

    // Assess
    expect(sector.payload?.patient).toMatchObject({ postcode: 'SW1A 1' });
    expect(district.payload?.patient).toMatchObject({ postcode: 'SW1A' });
  });

  it('phin.includeOutpatient admits outpatient episodes', async () => {
    // Prepare
    const outpatient = { ...phin, episode: { ...phin.episode, type: 'OUTPATIENT' as const } };

    // Act
    const byDefault = await run({}, outpatient, phinConsent);
    const included = await run({ 'phin.includeOutpatient': true }, outpatient, phinConsent);

    // Assess
    expect([byDefault.decision, byDefault.reasonCodes[0]]).toEqual(['DENY', 'DENY_OUT_OF_SCOPE_PHIN_OUTPATIENT']);
    expect([included.decision, included.reasonCodes[0]]).toEqual(['ALLOW_WITH_REDACTION', 'ALLOW_LEGAL_OBLIGATION']);
  });

  it('ndop.maxAgeHours decides when a NOT_OPTED_OUT result is too old to rely on', async () => {
    // Prepare
    const checkedTwoDaysAgo = records({ ndop: { status: 'NOT_OPTED_OUT', checkedAt: '2026-11-29T09:00:00Z' } });

    // Act
    const byDefault = await run({}, commissioning, checkedTwoDaysAgo);
    const strict = await run({ 'ndop.maxAgeHours': 24 }, commissioning, checkedTwoDaysAgo);

    // Assess
    expect(byDefault.reasonCodes[0]).toBe('ALLOW_S251_SUPPORT');
    expect([strict.decision, strict.reasonCodes[0]]).toEqual(['DENY', 'DENY_NDOP_STATUS_UNKNOWN']);
  });

  it('ndop.unknownStatus REFER refers instead of denying when no result is on record', async () => {
    // Prepare
    const noResult = records({ ndop: undefined });

    // Act
    const byDefault = await run({}, commissioning, noResult);
    const refer = await run({ 'ndop.unknownStatus': 'REFER' }, commissioning, noResult);

    // Assess
    expect([byDefault.decision, byDefault.reasonCodes[0]]).toEqual(['DENY', 'DENY_NDOP_STATUS_UNKNOWN']);
    expect([refer.decision, refer.reasonCodes[0]]).toEqual(['REFER', 'DENY_NDOP_STATUS_UNKNOWN']);
  });

  it('override.requireCaldicottGuardian false lets the DPO approve a public-interest override', async () => {
    // Prepare / Act
    const byDefault = await run({}, dpoOverride, gpObjected);
    const relaxed = await run({ 'override.requireCaldicottGuardian': false }, dpoOverride, gpObjected);

    // Assess
    expect(byDefault.reasonCodes[0]).toBe('DENY_OVERRIDE_NOT_APPROVED');
    expect(relaxed.reasonCodes[0]).toBe('ALLOW_PUBLIC_INTEREST_OVERRIDE');
    expect(relaxed.obligations).toEqual(['INFORM_PATIENT_IF_PRACTICABLE', 'RETROSPECTIVE_CG_REVIEW']);
  });

  it('regulator.nonStatutory DENY denies a regulator request without instrument or consent', async () => {
    // Prepare
    const gmc = request({ recipientId: 'reg-gmc', purpose: 'REGULATORY_INVESTIGATION' });

    // Act
    const byDefault = await run({}, gmc);
    const deny = await run({ 'regulator.nonStatutory': 'DENY' }, gmc);

    // Assess
    expect([byDefault.decision, byDefault.reasonCodes[0]]).toEqual(['REFER', 'REFER_REGULATOR_NON_STATUTORY']);
    expect([deny.decision, deny.reasonCodes[0]]).toEqual(['DENY', 'DENY_CONSENT_MISSING']);
  });

  it('chi.acceptMod10 false rejects a mod-10 CHI number', async () => {
    // Prepare
    const gp = request({ payload: chiPayload });

    // Act
    const byDefault = await run({}, gp);
    const mod11Only = await run({ 'chi.acceptMod10': false }, gp);

    // Assess
    expect(byDefault.payload?.patient).toMatchObject({ chiNumber: '0101201200' });
    expect([mod11Only.decision, mod11Only.reasonCodes[0]]).toEqual(['DENY', 'ID_CHI_CHECKSUM']);
  });

  it('nhs.allowTestRange admits 999 numbers only when switched on, as the local stack configures it', async () => {
    // Prepare / Act
    const deployed = await run({}, request(), records(), false);
    const allowed = await run({ 'nhs.allowTestRange': true }, request(), records(), false);
    const local = await run({}, request(), records(), true);

    // Assess
    expect([deployed.decision, deployed.reasonCodes[0]]).toEqual(['DENY', 'ID_NHS_TEST_RANGE']);
    expect(allowed.reasonCodes[0]).toBe('ALLOW_DIRECT_CARE_IMPLIED_CONSENT');
    expect(local.reasonCodes[0]).toBe('ALLOW_DIRECT_CARE_IMPLIED_CONSENT');
  });
});
