/**
 * policy-uk.md §9.6 (pack 2026.2) over HTTP: for each new switch, the same request answered by the
 * local stack (the pack's defaults) and by the real disclosures handler configured, as a deployment
 * would be, with the switch's alternative value (GK_POLICY_SWITCHES), on the same tables and keys.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startHttpServer, type ApiHandler } from '../../infra/local/http-server.ts';
import type { ApiFunctionId } from '../../infra/routes.ts';
import { GatekeeperClient } from '../../shared/client/index.ts';
import { ENV } from '../../shared/config/environment.ts';
import type { Switches } from '../../shared/policy/switches.ts';
import { decisionAnswerSchema, type DecisionAnswerBody } from '../../shared/schemas/responses.ts';
import { VITAL_INTERESTS_EMERGENCY } from '../unit/policy/fixtures.ts';
import type { Scenario2026 } from '../unit/policy/scenarios-2026-2-table.ts';
import { preparePatient2026, request2026 } from '../support/scenarios-2026-2.ts';
import { placeRestriction } from '../support/restrictions.ts';
import { demo, demoKey, freshId, freshPatientId, stack } from '../support/stack.ts';

const ALTERNATIVES: Partial<Switches> = {
  'police.voluntary': 'DENY',
  'audit.external.objectionBlocks': false,
  'registry.identifiersNeedConsent': false,
  'registry.anonymousDemographics': 'NONE',
  'restriction.priorConsentCounts': true,
  'restriction.vitalInterests': 'REFER',
};

let alternative: GatekeeperClient;
let close: () => Promise<void> = () => Promise.resolve();
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  const { environment, dynamoDbEndpoint, kmsUrl } = stack();
  const local = JSON.parse(environment[ENV.policySwitches] ?? '{}') as Partial<Switches>;
  const env: Record<string, string> = {
    ...environment,
    [ENV.policySwitches]: JSON.stringify({ ...local, ...ALTERNATIVES }),
    AWS_REGION: 'eu-west-2',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamoDbEndpoint,
    AWS_ENDPOINT_URL_KMS: kmsUrl,
  };
  for (const [name, value] of Object.entries(env)) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
  // A module graph of its own, as a Lambda with this configuration would have.
  vi.resetModules();
  const entry = pathToFileURL(join(import.meta.dirname, '../../functions/disclosures/handler.ts')).href;
  const { handler } = (await import(entry)) as { handler: ApiHandler };
  const http = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    handlers: { disclosures: handler } as Record<ApiFunctionId, ApiHandler>,
  });
  close = http.close;
  alternative = new GatekeeperClient({
    baseUrl: http.url,
    clientId: 'demo-clinical',
    org: 'demo',
    audience: 'gatekeeper-local',
    privateJwk: demoKey('demo-clinical'),
  });
}, 60_000);

afterAll(async () => {
  await close();
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/** The scenario answered by the default stack and by the alternative handler, for two fresh patients. */
async function bothWays(
  scenario: Scenario2026,
  prepare: (patientId: string) => Promise<void> = (patientId) =>
    preparePatient2026(demo.clinical(), patientId, scenario.setup),
): Promise<[DecisionAnswerBody, DecisionAnswerBody]> {
  const answers: DecisionAnswerBody[] = [];
  for (const client of [demo.clinical(), alternative]) {
    const patientId = freshPatientId();
    await prepare(patientId);
    const response = await client.request('POST', '/v1/disclosures', request2026(patientId, scenario));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    answers.push(decisionAnswerSchema.parse(response.body));
  }
  return answers as [DecisionAnswerBody, DecisionAnswerBody];
}

const firstOf = (answer: DecisionAnswerBody) => [answer.decision, answer.reasonCodes[0]];
const scenario = (request: Scenario2026['request'], setup?: Scenario2026['setup']): Scenario2026 => ({
  id: 'switch',
  request,
  ...(setup ? { setup } : {}),
  decision: 'ALLOW',
  first: '',
});

describe('pack 2026.2 switches over HTTP (default stack vs the alternative value)', () => {
  it('police.voluntary: REFER by default, DENY_NO_LEGAL_BASIS under DENY', async () => {
    // Act
    const [byDefault, denied] = await bothWays(scenario(() => ({ recipientId: 'police-local', purpose: 'CRIME' })));

    // Assess
    expect(firstOf(byDefault)).toEqual(['REFER', 'REFER_POLICE_VOLUNTARY']);
    expect(firstOf(denied)).toEqual(['DENY', 'DENY_NO_LEGAL_BASIS']);
    expect(denied.policy.digest).not.toBe(byDefault.policy.digest);
  });

  it('police.voluntary under a restriction: REFER naming it by default, DENY_PROCESSING_RESTRICTED under DENY', async () => {
    // Act
    const [byDefault, denied] = await bothWays(
      scenario(() => ({ recipientId: 'police-local', purpose: 'CRIME' }), { restrictions: [{ id: 'res-1' }] }),
    );

    // Assess
    expect(firstOf(byDefault)).toEqual(['REFER', 'REFER_POLICE_VOLUNTARY']);
    expect(byDefault.reasonCodes).toContain('RESTRICTION_ACTIVE');
    expect(firstOf(denied)).toEqual(['DENY', 'DENY_PROCESSING_RESTRICTED']);
    expect(denied.reasonCodes).not.toContain('RESTRICTION_ACTIVE');
  });

  it('audit.external.objectionBlocks: an audit objection denies by default, and is referred for assessment under false', async () => {
    // Act
    const [blocks, assesses] = await bothWays(
      scenario(() => ({ recipientId: 'audit-ext', purpose: 'CLINICAL_AUDIT' }), {
        objections: [{ scope: 'CLINICAL_AUDIT' }],
      }),
    );

    // Assess
    expect(firstOf(blocks)).toEqual(['DENY', 'DENY_PATIENT_OBJECTION']);
    expect(firstOf(assesses)).toEqual(['REFER', 'REFER_OBJECTION_COMPELLING_GROUNDS']);
    expect(assesses.reasonCodes).toContain('OBJECTION_ON_RECORD');
  });

  it('registry.identifiersNeedConsent: a registry with s251 support (set through the admin API) gets identifiers only under false', async () => {
    // Prepare
    const registryId = freshId('r');
    const put = await demo.admin().request('PUT', `/v1/recipients/${registryId}`, {
      name: 'Registry with support',
      category: 'NATIONAL_REGISTRY',
      registry: 'NJR',
      s251Ref: 'CAG-DEMO-9',
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);

    // Act
    const [anonymous, supported] = await bothWays(
      scenario(() => ({ recipientId: registryId, purpose: 'CLINICAL_AUDIT' })),
    );

    // Assess
    expect(firstOf(anonymous)).toEqual(['ALLOW_WITH_REDACTION', 'ALLOW_ANONYMOUS_RECORD']);
    expect(firstOf(supported)).toEqual(['ALLOW_WITH_REDACTION', 'ALLOW_S251_SUPPORT']);
    expect(supported.payload?.['patient']).toMatchObject({ nhsNumber: '9990000018' });
    expect(supported.explanations[0]).toContain('CAG-DEMO-9');
  });

  it('registry.anonymousDemographics: sex and age band in the anonymous record by default, neither under NONE', async () => {
    // Act
    const [withDemographics, without] = await bothWays(
      scenario(() => ({ recipientId: 'njr', purpose: 'CLINICAL_AUDIT' })),
    );

    // Assess
    expect(withDemographics.payload?.['patient']).toEqual({ ageBand: '60-64', sex: 'F' });
    expect(without.payload?.['patient']).toBeUndefined();
    expect(firstOf(without)).toEqual(['ALLOW_WITH_REDACTION', 'ALLOW_ANONYMOUS_RECORD']);
  });

  it('restriction.priorConsentCounts: the claim consent given before res-1 is denied as restricted by default, passes it under true', async () => {
    // Prepare: P46 (the INSURER_CLAIM consent given, then res-1 placed now, after it).
    const prepare = async (patientId: string) => {
      await preparePatient2026(demo.clinical(), patientId, { consents: [{ scope: 'INSURER_CLAIM' }] });
      const placed = await placeRestriction(demo.clinical(), patientId, { at: new Date().toISOString() });
      expect(placed.status).toBe(200);
    };
    const claim = scenario((id) => ({
      recipientId: 'ins-acme-health',
      purpose: 'PAYMENT',
      subPurpose: 'CLAIM',
      episode: { id, type: 'APC_DAYCASE', funding: 'INSURED', payerId: 'ins-acme-health', referralSourceOds: null },
    }));

    // Act
    const [dated, prior] = await bothWays(claim, prepare);

    // Assess
    expect(firstOf(dated)).toEqual(['DENY', 'DENY_PROCESSING_RESTRICTED']);
    expect(firstOf(prior)).toEqual(['ALLOW_WITH_REDACTION', 'ALLOW_EXPLICIT_CONSENT']);
    expect(prior.reasonCodes).toContain('RESTRICTION_EXCEPTION_CONSENT');
    expect(prior.obligations).toEqual(['NOTE_ACCURACY_CONTESTED']);
  });

  it('restriction.vitalInterests: an emergency under res-1 passes by default, and is referred to a Caldicott Guardian under REFER', async () => {
    // Act
    const [passed, referred] = await bothWays(
      scenario(() => ({ ...VITAL_INTERESTS_EMERGENCY }), { restrictions: [{ id: 'res-1' }] }),
    );

    // Assess
    expect(firstOf(passed)).toEqual(['ALLOW_WITH_REDACTION', 'ALLOW_VITAL_INTERESTS']);
    expect(passed.reasonCodes).toContain('RESTRICTION_EXCEPTION_VITAL_INTERESTS');
    expect(passed.obligations).toEqual(['RETROSPECTIVE_CG_REVIEW', 'NOTE_ACCURACY_CONTESTED']);
    expect(firstOf(referred)).toEqual(['REFER', 'REFER_RESTRICTION_VITAL_INTERESTS']);
    expect(referred.reasonCodes).toContain('RESTRICTION_ACTIVE');
    expect(referred.payload).toBeUndefined();
  });
});
