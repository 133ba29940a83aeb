/**
 * PHIN over HTTP with the default switches (policy-uk.md P17–P19, §5 PHIN profile): clear
 * identifiers only with consent, pseudonyms from KMS, free text never; invalid identifiers stripped
 * (DQ_IDENTIFIER_STRIPPED) while the episode still goes; KMS throttling retried, then 503 with
 * nothing released; re-identification through POST /v1/phin/resolve, itself logged.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { decisionAnswerSchema } from '../../shared/schemas/responses.ts';
import { fullPayload } from '../unit/policy/fixtures.ts';
import { NEVER_RELEASED_TO_PHIN, phinRequest } from '../unit/phin/fixtures.ts';
import { decisionEntries, logEntries, preparePatient, type PatientSetup } from '../support/scenarios.ts';
import { demo, freshId, freshPatientId, kmsFault } from '../support/stack.ts';

const pseudonym = /^v1\.[A-Za-z0-9_-]{43}$/u;
const consented: PatientSetup = { consents: [{ scope: 'PHIN_IDENTIFIERS' }] };
const declined: PatientSetup = { consents: [{ scope: 'PHIN_IDENTIFIERS', status: 'DECLINED' }] };

afterEach(async () => kmsFault(null));

async function decidePhin(
  setup: PatientSetup | undefined,
  change: (r: ReturnType<typeof phinRequest>) => ReturnType<typeof phinRequest> = (r) => r,
) {
  const client = demo.clinical();
  const { patientId } = await preparePatient(client, freshPatientId(), setup);
  const body = change(phinRequest(patientId, freshId('EP')));
  const response = await client.request('POST', '/v1/disclosures', body);
  return { patientId, body, response };
}

describe('PHIN decisions over HTTP (default switches)', () => {
  it('P17: with PHIN_IDENTIFIERS consent, NHS number, DOB and full postcode go; ids are pseudonymised; no free text', async () => {
    // Act
    const { patientId, body, response } = await decidePhin(consented);
    const answer = decisionAnswerSchema.parse(response.body);

    // Assess
    expect([answer.decision, answer.reasonCodes[0]]).toEqual(['ALLOW_WITH_REDACTION', 'ALLOW_LEGAL_OBLIGATION']);
    expect(answer.payload?.patient).toMatchObject({
      nhsNumber: '9990000018',
      dateOfBirth: '1964-08-23',
      postcode: 'SW1A 1AA',
      localId: expect.stringMatching(pseudonym) as unknown,
    });
    expect(answer.payload?.episode).toMatchObject({
      episodeKey: expect.stringMatching(pseudonym) as unknown,
      funding: 'SELF_PAY',
    });
    const text = JSON.stringify(answer.payload);
    for (const value of [patientId, body.episode.id, 'Ada', 'Lovelace', 'Anxious', 'Dear Dr Smith', 'coxarthrosis'])
      expect(text).not.toContain(value);
  });

  it('P18: consent declined → NHS number dropped, DOB → ageBand, postcode → sector, and nothing identifying is left', async () => {
    // Act
    const { response } = await decidePhin(declined);
    const answer = decisionAnswerSchema.parse(response.body);

    // Assess
    expect(answer.reasonCodes).toEqual(
      expect.arrayContaining([
        'ALLOW_LEGAL_OBLIGATION',
        'REDACT_PHIN_IDENTIFIERS_NO_CONSENT',
        'PSEUDONYMISED',
        'GENERALISED',
      ]),
    );
    expect(Object.keys(answer.payload?.patient ?? {}).sort()).toEqual(['ageBand', 'localId', 'postcode', 'sex']);
    expect(answer.payload?.patient).toMatchObject({ ageBand: '60-64', postcode: 'SW1A 1' });
    expect(answer.payload?.clinical).toEqual({
      diagnoses: [{ code: 'M16.1' }],
      procedures: [{ code: 'W37.1', date: '2026-03-01' }],
      adverseEvents: fullPayload().clinical?.adverseEvents,
      proms: fullPayload().clinical?.proms,
    });
    const text = JSON.stringify(answer.payload);
    for (const value of [...NEVER_RELEASED_TO_PHIN, '9990000018', '1964-08-23', 'SW1A 1AA'])
      expect(text).not.toContain(value);
  });

  it('P19: NHS-funded → DENY_OUT_OF_SCOPE_PHIN_NHS_FUNDED with no payload', async () => {
    // Act
    const { response } = await decidePhin(consented, (r) => ({
      ...r,
      episode: { ...r.episode, funding: 'NHS_FUNDED' },
    }));
    const answer = decisionAnswerSchema.parse(response.body);

    // Assess
    expect([answer.decision, answer.reasonCodes[0], answer.payload]).toEqual([
      'DENY',
      'DENY_OUT_OF_SCOPE_PHIN_NHS_FUNDED',
      undefined,
    ]);
  });

  it('an invalid NHS number is stripped with DQ_IDENTIFIER_STRIPPED and its ID_ code, and the episode still goes', async () => {
    // Act
    const { response } = await decidePhin(consented, (r) => ({
      ...r,
      payload: { ...r.payload, patient: { ...r.payload.patient, nhsNumber: '9434765918' } },
    }));
    const answer = decisionAnswerSchema.parse(response.body);

    // Assess
    expect(answer.decision).toBe('ALLOW_WITH_REDACTION');
    expect(answer.reasonCodes).toEqual(expect.arrayContaining(['DQ_IDENTIFIER_STRIPPED', 'ID_NHS_CHECKSUM']));
    expect(answer.transformations).toContainEqual({
      path: 'patient.nhsNumber',
      action: 'DROPPED',
      reason: 'DQ_IDENTIFIER_STRIPPED',
    });
    expect(answer.payload?.patient).not.toHaveProperty('nhsNumber');
    expect(answer.payload?.episode).toHaveProperty('episodeKey');
  });
});

describe('KMS throttling on the PHIN path', () => {
  it('persistent GenerateMac throttling → 503 dependency_unavailable, no payload, nothing logged', async () => {
    // Prepare
    const client = demo.clinical();
    const { patientId } = await preparePatient(client, freshPatientId(), consented);
    const body = phinRequest(patientId, freshId('EP'));
    await kmsFault({ operation: 'GenerateMac', mode: 'throttle' });

    // Act
    const response = await client.request<Record<string, unknown>>('POST', '/v1/disclosures', body);
    await kmsFault(null);

    // Assess
    expect([response.status, response.body['code'], response.body['payload']]).toEqual([
      503,
      'dependency_unavailable',
      undefined,
    ]);
    expect(response.headers['retry-after']).toEqual(expect.any(String));

    // Act
    const after = decisionAnswerSchema.parse((await client.request('POST', '/v1/disclosures', body)).body);

    // Assess
    expect(await decisionEntries(after.receipt.origin, patientId, body.requestId)).toHaveLength(1);
  });

  it('one throttled GenerateMac is retried with backoff and the disclosure succeeds', async () => {
    // Prepare
    const client = demo.clinical();
    const { patientId } = await preparePatient(client, freshPatientId(), consented);
    await kmsFault({ operation: 'GenerateMac', mode: 'throttle', times: 1 });

    // Act
    const response = await client.request('POST', '/v1/disclosures', phinRequest(patientId, freshId('EP')));

    // Assess
    expect(response.status).toBe(200);
    expect(decisionAnswerSchema.parse(response.body).payload?.episode).toHaveProperty('episodeKey');
  });
});

describe('POST /v1/phin/resolve', () => {
  it('matches an episodeKey to its episode id among candidates and logs the run as audit.read', async () => {
    // Prepare
    const client = demo.clinical();
    const { patientId } = await preparePatient(client, freshPatientId(), consented);
    const episodeId = freshId('EP');
    const answer = decisionAnswerSchema.parse(
      (await client.request('POST', '/v1/disclosures', phinRequest(patientId, episodeId))).body,
    );
    const episodeKey = (answer.payload?.episode as { episodeKey: string }).episodeKey;
    const unknownKey = `v1.${'A'.repeat(43)}`;

    // Act
    const response = await client.request<{
      matches: unknown[];
      unmatched: string[];
      receipt: { origin: string; index: number };
    }>('POST', '/v1/phin/resolve', {
      episodeKeys: [episodeKey, unknownKey],
      episodeIds: [freshId('EP'), ` ${episodeId.toLowerCase()} `, freshId('EP')],
    });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.matches).toEqual([{ episodeKey, episodeId: episodeId.toLowerCase() }]);
    expect(response.body.unmatched).toEqual([unknownKey]);
    const logged = (await logEntries(response.body.receipt.origin)).find(
      (e) => e.index === response.body.receipt.index,
    )!;
    expect(logged.entry).toMatchObject({
      type: 'audit.read',
      query: { kind: 'phin.resolve', episodeKeys: 2, episodeIds: 3 },
    });
    expect(logged.bytes).not.toContain(episodeId);
  });

  it('refuses more than 1000 candidates with 422', async () => {
    // Act
    const response = await demo.clinical().request<{ code: string }>('POST', '/v1/phin/resolve', {
      episodeKeys: [`v1.${'A'.repeat(43)}`],
      episodeIds: Array.from({ length: 1001 }, (_, i) => `EP-${i}`),
    });

    // Assess
    expect([response.status, response.body.code]).toEqual([422, 'validation_failed']);
  });
});
