/**
 * What makes the local stack local is configuration, not a mode flag: the policy switch
 * `nhs.allowTestRange` (api.md §5) reaches registration and decisions alike, and is part of the
 * pack digest each decision names. Errors raised by any service share one catalogue.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/config/config.ts';
import { loadPolicy } from '../../shared/policy/pack.ts';
import { decisionAnswerSchema } from '../../shared/schemas/responses.ts';
import { REGISTERED_NHS } from '../unit/policy/fixtures.ts';
import { preparePatient, requestFor } from '../support/scenarios.ts';
import { demo, freshPatientId, stack } from '../support/stack.ts';

describe('the local stack, configured', () => {
  it('admits the 999 test range at registration and in the decision, under the digest of the configured pack', async () => {
    // Prepare
    const client = demo.clinical();
    const patientId = freshPatientId();
    const configured = loadPolicy(undefined, parseConfig(stack().environment).policySwitches);
    // Act
    await preparePatient(client, patientId);
    const response = await client.request('POST', '/v1/disclosures', requestFor(patientId));
    // Assess
    expect(REGISTERED_NHS.startsWith('999')).toBe(true);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const answer = decisionAnswerSchema.parse(response.body);
    expect(answer.decision).toMatch(/^ALLOW/);
    expect(answer.reasonCodes).not.toContain('ID_NHS_TEST_RANGE');
    expect(answer.policy.digest).toBe(configured.digest);
    expect(answer.policy.digest).not.toBe(loadPolicy().digest);
  });

  it('answers a service rule with the same validation problem as a schema violation', async () => {
    // Prepare
    const client = demo.clinical();
    const path = `/v1/patients/${freshPatientId()}`;
    // Act
    const rule = await client.request<{ code: string; errors: Array<{ path: string; code: string }> }>('PUT', path, {
      identifiers: [{ system: 'NHS_NUMBER', value: '9990000019' }],
    });
    const schema = await client.request<{ code: string; errors: Array<{ path: string; code: string }> }>('PUT', path, {
      identifiers: [{ system: 'NHS_NUMBER' }],
    });
    // Assess
    expect([rule.status, rule.body.code, rule.body.errors[0]?.path, rule.body.errors[0]?.code]).toEqual([
      422,
      'validation_failed',
      'identifiers.0.value',
      'ID_NHS_CHECKSUM',
    ]);
    expect([schema.status, schema.body.code]).toEqual([422, 'validation_failed']);
    expect(JSON.stringify(rule.body)).not.toContain('9990000019');
  });

  it('answers every missing object, whichever service misses it, with the one not_found problem', async () => {
    // Prepare
    const client = demo.clinical();
    const withdrawal = { at: new Date().toISOString(), recordedBy: 'staff-1' };
    // Act
    const patient = await client.request<Record<string, unknown>>('GET', `/v1/patients/${freshPatientId()}/records`);
    const consent = await client.request<Record<string, unknown>>(
      'POST',
      `/v1/patients/${freshPatientId()}/consents/cons-none/withdraw`,
      withdrawal,
    );
    // Assess
    for (const response of [patient, consent]) {
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({
        type: 'urn:gatekeeper:problem:not_found',
        code: 'not_found',
        title: 'Not found',
        detail: 'No such resource.',
      });
    }
  });
});
