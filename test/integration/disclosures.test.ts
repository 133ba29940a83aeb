/**
 * policy-uk.md §8 end to end: every worked scenario P01–P22 (the table decide() is tested against
 * too) over HTTP against the real stack, with the patient's records set up through the records API,
 * then the idempotency promise of api.md §4.1 (same requestId twice → same answer, same receipt, ONE
 * audit entry; other body → 409).
 */
import { describe, expect, it } from 'vitest';
import { canonicalDigest } from '../../shared/canonical-json.ts';
import { decisionAnswerSchema } from '../../shared/schemas/responses.ts';
import { SENSITIVE_VALUES, explanationText, releasedPaths } from '../unit/policy/fixtures.ts';
import { SCENARIOS_2026_1 } from '../unit/policy/scenarios-table.ts';
import { decisionEntries, preparePatient, requestFor } from '../support/scenarios.ts';
import { demo, freshPatientId } from '../support/stack.ts';

describe('policy-uk.md §8 worked scenarios over HTTP', () => {
  it.each(SCENARIOS_2026_1)('$id → $decision $first, idempotent with one audit entry', async (scenario) => {
    // Prepare
    const client = demo.clinical();
    const patient = await preparePatient(client, freshPatientId(), scenario.setup);
    const body = requestFor(patient.patientId, scenario.request);

    // Act
    const first = await client.request('POST', '/v1/disclosures', body);
    const again = await client.request('POST', '/v1/disclosures', body);
    const conflict = await client.request('POST', '/v1/disclosures', {
      ...body,
      purpose: body.purpose === 'PAYMENT' ? 'DIRECT_CARE' : 'PAYMENT',
    });

    // Assess
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const answer = decisionAnswerSchema.parse(first.body);
    expect([answer.decision, answer.reasonCodes[0]]).toEqual([scenario.decision, scenario.first]);
    expect(answer.reasonCodes).toEqual(expect.arrayContaining([...(scenario.includes ?? [])]));
    expect(answer.obligations).toEqual(scenario.obligations ?? []);
    if (scenario.released) expect(releasedPaths(answer.payload)).toEqual([...scenario.released].sort());
    if (answer.decision === 'DENY' || answer.decision === 'REFER') {
      expect([answer.payload, answer.payloadDigest, answer.authorisation]).toEqual([undefined, undefined, undefined]);
    } else {
      expect(answer.payloadDigest).toBe(canonicalDigest(answer.payload));
      expect(answer.authorisation).toEqual(expect.any(String));
    }
    for (const value of [...SENSITIVE_VALUES, patient.patientId])
      expect(explanationText(answer.explanations)).not.toContain(value);
    scenario.check?.(answer, patient);
    const { authorisation: _a1, ...stable } = answer;
    const { authorisation: _a2, ...stableAgain } = decisionAnswerSchema.parse(again.body);
    expect(stableAgain).toEqual(stable);
    expect(await decisionEntries(answer.receipt.origin, patient.patientId, body.requestId)).toHaveLength(1);
    expect([conflict.status, (conflict.body as { code: string }).code]).toEqual([409, 'idempotency_conflict']);
  });
});
