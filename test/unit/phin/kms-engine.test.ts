/**
 * The real pseudonym path on the local KMS endpoint: the spec test key imported through
 * GetParametersForImport/ImportKeyMaterial, KmsKeyService + Pseudonymiser reproducing the five
 * pseudonymisation.md vectors, a `v2.` key, and every value of the three PHIN switches decided by
 * the engine with that KMS-backed pseudonymiser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KmsKeyService } from '../../../shared/adapters/kms/kms-key-service.ts';
import { decide } from '../../../shared/policy/engine.ts';
import type { Switches } from '../../../shared/policy/switches.ts';
import { Pseudonymiser, type IdType } from '../../../shared/pseudonym/pseudonymiser.ts';
import type { DisclosureRequest } from '../../../shared/schemas/disclosure.ts';
import { createImportedHmacKey, createKey, startKmsFixture, type KmsFixture } from '../kms/helpers.ts';
import { consent, input, localPolicy, records, request, testPseudonym } from '../policy/fixtures.ts';

let fixture: KmsFixture;
let phinKey: string;
let auditKey: string;
let signingKey: string;

beforeAll(async () => {
  fixture = await startKmsFixture();
  phinKey = (await createImportedHmacKey(fixture.client)).Arn!;
  auditKey = (await createImportedHmacKey(fixture.client)).Arn!;
  signingKey = (await createKey(fixture.client, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })).Arn!;
});
afterAll(async () => fixture.stop());

function kmsPseudonymiser(phin = { keyId: phinKey, version: 1 }): Pseudonymiser {
  const keys = new KmsKeyService({
    client: fixture.client,
    macKeys: { PHIN: phin, AUDIT: { keyId: auditKey, version: 1 } },
    signingKeys: { CHECKPOINT: signingKey, AUTHORISATION: signingKey },
  });
  return new Pseudonymiser(keys);
}

describe('pseudonyms through KMS', () => {
  it.each([
    ['demo', 'PHIN', 'LOCAL_ID', 'MRN-1', 'v1.P8B1e31A-qw8Rf-BGRqsbgvzTlEXsop8qSDTmalaLyU'],
    ['demo', 'PHIN', 'EPISODE', 'EP-2026-0042', 'v1.4gtUcL5aYuWCMdTXmJD-7d1-dfyHqPaMgDoy8kMIHKc'],
    ['demo', 'PHIN', 'NHS_NUMBER', '999 000 0018', 'v1.YpU5fCvVQeMDKer5VS13pZ6onS7P954oI-gpzglYp3c'],
    ['demo', 'AUDIT', 'NHS_NUMBER', '9990000018', 'v1._6XA6Pf4hJUSZtdHUI5En95R620zXOxBvQ1kPFTAFFg'],
    ['other', 'PHIN', 'LOCAL_ID', ' mrn-1 ', 'v1.QX8RedMSnDWMDz3MfpXypba-Ilc-gPmmOaA2L3DRk_4'],
  ] as const)('%s %s %s %s → the spec vector', async (org, domain, idType, value, vector) => {
    // Act
    const pseudonym = await kmsPseudonymiser().pseudonymise(org, { domain, idType, value });

    // Assess
    expect(pseudonym).toBe(vector);
  });

  it('a new key configured as version 2 yields `v2.` pseudonyms that do not link to v1', async () => {
    // Prepare
    const newKey = (await createImportedHmacKey(fixture.client, Buffer.alloc(32, 0x2c))).Arn!;

    // Act
    const v2 = await kmsPseudonymiser({ keyId: newKey, version: 2 }).pseudonymise('demo', {
      domain: 'PHIN',
      idType: 'LOCAL_ID',
      value: 'MRN-1',
    });

    // Assess
    expect(v2).toMatch(/^v2\.[A-Za-z0-9_-]{43}$/u);
    expect(v2.slice(3)).not.toBe('P8B1e31A-qw8Rf-BGRqsbgvzTlEXsop8qSDTmalaLyU');
  });
});

const phin = request({ recipientId: 'phin', purpose: 'STATUTORY_REPORTING' });
const withConsent = records({ consents: [consent('PHIN_IDENTIFIERS')] });
const withoutConsent = records();

async function decideWithKms(switches: Partial<Switches>, req: DisclosureRequest = phin, recs = withoutConsent) {
  const pseudonymiser = kmsPseudonymiser();
  const base = input({ request: req, records: recs, policy: localPolicy(switches) });
  return decide({
    ...base,
    pseudonymise: (domain, idType: IdType, value) => pseudonymiser.pseudonymise('demo', { domain, idType, value }),
  });
}

describe('PHIN switches, decided with the KMS-backed pseudonymiser', () => {
  const episodeKey = testPseudonym('demo', 'PHIN', 'EPISODE', 'EP-2026-0042');
  const localId = testPseudonym('demo', 'PHIN', 'LOCAL_ID', 'MRN-1');

  it('identifierMode CLEAR_WITH_CONSENT: clear with consent, protected without', async () => {
    // Act
    const clear = await decideWithKms({ 'phin.identifierMode': 'CLEAR_WITH_CONSENT' }, phin, withConsent);
    const protectedOne = await decideWithKms({ 'phin.identifierMode': 'CLEAR_WITH_CONSENT' }, phin, withoutConsent);

    // Assess
    expect(clear.payload?.patient).toMatchObject({
      nhsNumber: '9990000018',
      dateOfBirth: '1964-08-23',
      postcode: 'SW1A 1AA',
      localId,
    });
    expect(protectedOne.payload?.patient).toEqual({ localId, ageBand: '60-64', sex: 'F', postcode: 'SW1A 1' });
    expect(protectedOne.reasonCodes).toContain('REDACT_PHIN_IDENTIFIERS_NO_CONSENT');
    expect(clear.payload?.episode).toMatchObject({ episodeKey, funding: 'SELF_PAY' });
  });

  it('identifierMode CLEAR_MANDATED: clear identifiers without any consent', async () => {
    // Act
    const decision = await decideWithKms({ 'phin.identifierMode': 'CLEAR_MANDATED' }, phin, withoutConsent);

    // Assess
    expect(decision.payload?.patient).toMatchObject({
      nhsNumber: '9990000018',
      dateOfBirth: '1964-08-23',
      postcode: 'SW1A 1AA',
      localId,
    });
    expect(decision.reasonCodes).not.toContain('REDACT_PHIN_IDENTIFIERS_NO_CONSENT');
  });

  it('identifierMode OMIT: never clear, even with consent', async () => {
    // Act
    const decision = await decideWithKms({ 'phin.identifierMode': 'OMIT' }, phin, withConsent);

    // Assess
    expect(decision.payload?.patient).toEqual({ localId, ageBand: '60-64', sex: 'F', postcode: 'SW1A 1' });
    expect(decision.payload?.episode).toMatchObject({ episodeKey });
  });

  it.each([
    ['SECTOR', 'SW1A 1'],
    ['DISTRICT', 'SW1A'],
  ] as const)('postcodeGeneralisation %s → %s', async (mode, postcode) => {
    // Act
    const decision = await decideWithKms({ 'phin.postcodeGeneralisation': mode });

    // Assess
    expect(decision.payload?.patient).toMatchObject({ postcode });
    expect(decision.transformations).toContainEqual({
      path: 'patient.postcode',
      action: 'GENERALISED',
      reason: 'REDACT_PHIN_IDENTIFIERS_NO_CONSENT',
    });
  });

  it.each([
    [false, 'DENY', 'DENY_OUT_OF_SCOPE_PHIN_OUTPATIENT'],
    [true, 'ALLOW_WITH_REDACTION', 'ALLOW_LEGAL_OBLIGATION'],
  ] as const)('includeOutpatient %s → an outpatient episode is %s', async (include, outcome, first) => {
    // Prepare
    const outpatient = { ...phin, episode: { ...phin.episode, type: 'OUTPATIENT' as const } };

    // Act
    const decision = await decideWithKms({ 'phin.includeOutpatient': include }, outpatient);

    // Assess
    expect([decision.decision, decision.reasonCodes[0]]).toEqual([outcome, first]);
    if (include) expect(decision.payload?.episode).toMatchObject({ episodeKey });
  });
});
