/**
 * policy-se.md §7 over HTTP: a deployment sets the Swedish pack's switches the way it sets the UK
 * ones, in GK_POLICY_SWITCHES (under `se-default`). For each switch, the same request is answered by
 * the local stack (the defaults) and by the real disclosures and records handlers configured with
 * every alternative value, on the same tables and keys; the digest the answers name is the pack's
 * with exactly those values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEntryBytes } from '../../shared/audit/entry-schema.ts';
import { LogPromises } from '../../shared/audit/log-promises.ts';
import type { AuditEntry, DecisionEntry } from '../../shared/audit/entry.ts';
import type { GatekeeperClient } from '../../shared/client/index.ts';
import { loadPolicy } from '../../shared/policy/pack.ts';
import { SE_DEFAULT } from '../../shared/policy/se-default/index.ts';
import type { SeSwitches } from '../../shared/policy/se-switches.ts';
import { decisionAnswerSchema, type DecisionAnswerBody } from '../../shared/schemas/responses.ts';
import { startConfiguredHandlers, type ConfiguredHandlers } from '../support/configured-handlers.ts';
import { logEntries } from '../support/scenarios.ts';
import { demoSe, prepareSePatient } from '../support/se-http.ts';
import { HUD2, SE_ORG, SE_SCENARIOS, seRequest, type SeScenario } from '../support/se-scenarios.ts';
import { freshId, freshPatientId } from '../support/stack.ts';

/** Every switch of §7 at a value other than its default (insurer.art9Basis has no other). */
const ALTERNATIVES: SeSwitches = {
  'se.providerType': 'PUBLIC',
  'se.yttreSparr.overridable': true,
  'se.sparrServiceUnavailable': 'REFER',
  'se.sparr.maxAgeHours': 'none',
  'se.inreSparr.maxLiftDays': 14,
  'se.inreSparr.appliesToInsurer': false,
  'se.direct.consentRequired': false,
  'se.kvalitetsregister.objectionErases': false,
  'se.register.invalidIdentifier': 'DENY',
  'se.police': 'DENY',
  'insurer.art9Basis': 'EXPLICIT_CONSENT',
  'retention.years': 12,
  'registerutdrag.freePerCalendarYear': 2,
  'explanations.defaultLanguage': 'en',
};

let configured: ConfiguredHandlers;
let alternative: GatekeeperClient;

beforeAll(async () => {
  configured = await startConfiguredHandlers({ 'se-default': ALTERNATIVES }, ['disclosures', 'records']);
  alternative = configured.client('demo-se-clinical', SE_ORG);
}, 60_000);
afterAll(() => configured?.close());

const scenario = (id: string): SeScenario => SE_SCENARIOS.find((candidate) => candidate.id === id)!;
const firstOf = (answer: DecisionAnswerBody) => [answer.decision, answer.reasonCodes[0]];

/** The scenario answered by the default stack and by the configured handlers, each for a fresh patient. */
async function bothWays(variant: SeScenario): Promise<[DecisionAnswerBody, DecisionAnswerBody]> {
  const answers: DecisionAnswerBody[] = [];
  for (const client of [demoSe.clinical(), alternative]) {
    const patientId = freshPatientId('PN');
    await prepareSePatient(demoSe.clinical(), patientId, variant.records);
    const response = await client.request('POST', '/v1/disclosures', seRequest(variant, patientId, freshId('req')));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    answers.push(decisionAnswerSchema.parse(response.body));
  }
  return answers as [DecisionAnswerBody, DecisionAnswerBody];
}

describe('se-default switches from GK_POLICY_SWITCHES over HTTP (defaults vs the alternatives)', () => {
  it('the answers name the pack digest with exactly the configured values (retention, registerutdrag, art9 included)', async () => {
    // Act
    const [byDefault, configuredAnswer] = await bothWays(scenario('S01'));

    // Assess
    expect(byDefault.policy.digest).toBe(loadPolicy(SE_DEFAULT).digest);
    expect(configuredAnswer.policy.digest).toBe(loadPolicy(SE_DEFAULT, ALTERNATIVES).digest);
    expect(configuredAnswer.policy.digest).not.toBe(byDefault.policy.digest);
  });

  it('se.providerType: Art 6(1)(b) and PSL-6-12 for a private caregiver, (e) and OSL-25-1 for a public one', async () => {
    // Act
    const [privately, publicly] = await bothWays(scenario('S09'));

    // Assess
    expect(privately.basis).toMatchObject({ art6: 'b', seGround: 'PSL-6-12' });
    expect(publicly.basis).toMatchObject({ art6: 'e', seGround: 'OSL-25-1' });
  });

  it('se.yttreSparr.overridable: nödåtkomst never passes an outer block by default, and does under true', async () => {
    // Act
    const [absolute, overridden] = await bothWays(scenario('S03'));

    // Assess
    expect(firstOf(absolute)).toEqual(['DENY', 'DENY_SE_YTTRE_SPARR']);
    expect(overridden.decision).toBe('ALLOW_WITH_REDACTION');
  });

  it('se.sparrServiceUnavailable: no spärr check on record denies by default, refers under REFER', async () => {
    // Act
    const s01 = scenario('S01');
    const [denied, referred] = await bothWays({ ...s01, records: { ...s01.records, sparrCheckAgeHours: null } });

    // Assess
    expect(firstOf(denied)).toEqual(['DENY', 'DENY_SE_SPARR_STATUS_UNKNOWN']);
    expect(firstOf(referred)).toEqual(['REFER', 'REFER_SE_SPARR_STATUS_UNKNOWN']);
  });

  it('se.sparr.maxAgeHours: a 30-hour-old check is stale at 24, and any CHECKED reading counts under none', async () => {
    // Act
    const [stale, accepted] = await bothWays(scenario('S08'));

    // Assess
    expect(firstOf(stale)).toEqual(['DENY', 'DENY_SE_SPARR_STATUS_UNKNOWN']);
    expect(firstOf(accepted)).toEqual(['ALLOW_WITH_REDACTION', 'ALLOW_EXPLICIT_CONSENT']);
  });

  it('se.inreSparr.appliesToInsurer: an inner block withholds HUD2 from the insurer by default, not under false', async () => {
    // Act
    const [withheld, released] = await bothWays(scenario('S11'));

    // Assess
    expect(withheld.reasonCodes).toContain('REDACT_SE_SPARRADE_UPPGIFTER');
    expect(released.reasonCodes).not.toContain('REDACT_SE_SPARRADE_UPPGIFTER');
    expect(released.reasonCodes).toContain('SE_SPARR_NOT_APPLICABLE');
  });

  it('se.direct.consentRequired: direct care without consent is denied by default, implied under false', async () => {
    // Act
    const s09 = scenario('S09');
    const [denied, implied] = await bothWays({ ...s09, records: { ...s09.records, consents: [] } });

    // Assess
    expect(firstOf(denied)).toEqual(['DENY', 'DENY_CONSENT_MISSING']);
    expect(firstOf(implied)).toEqual(['ALLOW_WITH_REDACTION', 'ALLOW_DIRECT_CARE_IMPLIED_CONSENT']);
    expect(implied.basis).toMatchObject({ secrecy: 'IMPLIED_CONSENT' });
  });

  it('se.kvalitetsregister.objectionErases: the register is asked to erase by default, not under false', async () => {
    // Act
    const [erases, keeps] = await bothWays(scenario('S20'));

    // Assess
    expect(firstOf(erases)).toEqual(['DENY', 'DENY_PATIENT_OBJECTION']);
    expect(erases.obligations).toContain('SE_REQUEST_REGISTER_ERASURE');
    expect(firstOf(keeps)).toEqual(['DENY', 'DENY_PATIENT_OBJECTION']);
    expect(keeps.obligations).not.toContain('SE_REQUEST_REGISTER_ERASURE');
  });

  it('se.register.invalidIdentifier: a bad personnummer is stripped for the register by default, refused under DENY', async () => {
    // Act
    const [stripped, refused] = await bothWays({ ...scenario('S18'), payload: scenario('S22').payload! });

    // Assess
    expect(stripped.reasonCodes).toEqual(expect.arrayContaining(['DQ_IDENTIFIER_STRIPPED', 'ID_SE_CHECKSUM']));
    expect(firstOf(refused)).toEqual(['DENY', 'ID_SE_CHECKSUM']);
  });

  it('se.police: a police request is referred by default, denied under DENY', async () => {
    // Act
    const [referred, denied] = await bothWays(scenario('S21'));

    // Assess
    expect(firstOf(referred)).toEqual(['REFER', 'REFER_SE_POLIS_SEKRETESSPROVNING']);
    expect(firstOf(denied)).toEqual(['DENY', 'DENY_NO_LEGAL_BASIS']);
  });

  it('explanations.defaultLanguage: Swedish without Accept-Language by default, English under en', async () => {
    // Act
    const [swedish, english] = await bothWays(scenario('S01'));

    // Assess
    expect(swedish.explanationsLanguage).toBe('sv');
    expect(english.explanationsLanguage).toBe('en');
    expect(english.reasonCodes).toEqual(swedish.reasonCodes);
  });

  it('se.inreSparr.maxLiftDays: registration refuses a 10-day lift consent at 7 days, records it at 14', async () => {
    // Prepare
    const patientId = freshPatientId('PN');
    await prepareSePatient(demoSe.clinical(), patientId, { patient: 'PN-1' });
    const lift = () => ({
      consentId: freshId('cons'),
      scope: 'SE_SAMTYCKE_HAVNING',
      careUnitId: HUD2,
      status: 'GIVEN',
      form: 'WRITTEN',
      evidenceRef: 'blankett-1',
      capturedBy: 'staff-1',
      at: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 10 * 86_400_000).toISOString(),
    });
    const path = `/v1/patients/${patientId}/consents`;

    // Act
    const atSeven = await demoSe.clinical().request<{ errors?: Array<{ code: string }> }>('POST', path, lift());
    const atFourteen = await alternative.request('POST', path, lift());

    // Assess
    expect([atSeven.status, atSeven.body.errors?.map((e) => e.code)]).toEqual([422, ['SE_LIFT_TOO_LONG']]);
    expect(atFourteen.status, JSON.stringify(atFourteen.body)).toBe(200);
  });

  it('the verifier keeps an outer block passed by nödåtkomst under the switch, and catches the same release without its evidence', async () => {
    // Prepare
    const patientId = freshPatientId('PN');
    await prepareSePatient(demoSe.clinical(), patientId, scenario('S03').records);

    // Act
    const response = await alternative.request(
      'POST',
      '/v1/disclosures',
      seRequest(scenario('S03'), patientId, freshId('req')),
    );
    const answer = decisionAnswerSchema.parse(response.body);
    const patientEntries = (await logEntries(answer.receipt.origin))
      .map(({ index, bytes }) => ({ index, entry: parseEntryBytes(new TextEncoder().encode(bytes)) }))
      .filter(({ entry }) => 'patient' in entry && entry.patient.ref === patientId);
    const released = patientEntries.find(({ index }) => index === answer.receipt.index)!.entry as DecisionEntry;
    const { yttreOverridable: _flag, ...withoutSwitch } = released.decision.sparr!;
    const forged = patientEntries.map((logged) =>
      logged.entry === released
        ? { ...logged, entry: { ...released, decision: { ...released.decision, sparr: withoutSwitch } } }
        : logged,
    );

    // Assess
    expect(answer.decision).toBe('ALLOW_WITH_REDACTION');
    expect(released.decision.sparr).toMatchObject({
      lifted: [{ by: 'SE_NODATKOMST' }],
      yttreOverridable: true,
    });
    expect(promisesOver(patientEntries)).toEqual([]);
    expect(promisesOver(forged)).toEqual([expect.objectContaining({ code: 'sparr_order_violation' })]);
  });
});

/** The log's own promises (audit.md §8.4) over these entries, as the offline verifier checks them. */
function promisesOver(entries: ReadonlyArray<{ index: number; entry: AuditEntry }>) {
  const promises = new LogPromises();
  return entries.map(({ index, entry }) => promises.check(entry, index)).filter((failure) => failure !== undefined);
}
