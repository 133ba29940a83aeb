/**
 * The Swedish records endpoints over HTTP (policy-se.md §9): each refusal answers 422 with its own
 * code, a record id reused with another body is a 409, a retry answers with the first receipt, and a
 * permanent lift takes the block out of the very next decision.
 */
import { describe, expect, it } from 'vitest';
import { decisionAnswerSchema } from '../../shared/schemas/responses.ts';
import { demoSe, prepareSePatient } from '../support/se-http.ts';
import { HUD2, SE_SCENARIOS, seRequest } from '../support/se-scenarios.ts';
import { logEntries } from '../support/scenarios.ts';
import { freshId, freshPatientId } from '../support/stack.ts';

const now = () => new Date().toISOString();
const block = (extra: Record<string, unknown>) => ({
  blockId: freshId('blk'),
  at: now(),
  source: 'LOCAL',
  recordedBy: 'staff-1',
  ...extra,
});
const codesOf = (body: unknown) => ((body as { errors?: { code: string }[] }).errors ?? []).map((e) => e.code);

describe('Swedish records over HTTP', () => {
  it.each([
    ['an inner block without its unit', '/blocks', block({ kind: 'INRE' }), 'SE_BLOCK_UNIT_REQUIRED'],
    [
      'an outer block naming a unit',
      '/blocks',
      block({ kind: 'YTTRE', careUnitId: HUD2 }),
      'SE_BLOCK_UNIT_NOT_ALLOWED',
    ],
    ['a malformed unit', '/blocks', block({ kind: 'INRE', careUnitId: 'SE559900001-HUD1' }), 'ID_SE_HSA_FORMAT'],
    [
      'a lift consent longer than se.inreSparr.maxLiftDays',
      '/consents',
      {
        consentId: freshId('cons'),
        scope: 'SE_SAMTYCKE_HAVNING',
        careUnitId: HUD2,
        status: 'GIVEN',
        form: 'WRITTEN',
        evidenceRef: 'blankett-1',
        capturedBy: 'staff-1',
        at: now(),
        expiresAt: new Date(Date.now() + 8 * 86_400_000).toISOString(),
      },
      'SE_LIFT_TOO_LONG',
    ],
  ])('refuses %s with 422 and its code', async (_case, path, body, code) => {
    // Prepare
    const client = demoSe.clinical();
    const patientId = freshPatientId('PN');
    await prepareSePatient(client, patientId, { patient: 'PN-1' });

    // Act
    const response = await client.request('POST', `/v1/patients/${patientId}${path}`, body);

    // Assess
    expect(response.status).toBe(422);
    expect(codesOf(response.body)).toContain(code);
  });

  it('answers a retry with the first receipt, and a reused id with another body with 409', async () => {
    // Prepare
    const client = demoSe.clinical();
    const patientId = freshPatientId('PN');
    await prepareSePatient(client, patientId, { patient: 'PN-1' });
    const body = block({ kind: 'INRE', careUnitId: HUD2 });

    // Act
    const first = await client.request<{ receipt: unknown }>('POST', `/v1/patients/${patientId}/blocks`, body);
    const retry = await client.request<{ receipt: unknown }>('POST', `/v1/patients/${patientId}/blocks`, body);
    const other = await client.request('POST', `/v1/patients/${patientId}/blocks`, {
      ...body,
      kind: 'YTTRE',
      careUnitId: undefined,
    });

    // Assess
    expect(first.status).toBe(200);
    expect(retry.body.receipt).toEqual(first.body.receipt);
    expect(other.status).toBe(409);
  });

  it('a permanent lift takes an outer block out of the next SJF decision', async () => {
    // Prepare: S02 (SJF setup + YTTRE) denies until the block is lifted
    const client = demoSe.clinical();
    const scenario = SE_SCENARIOS.find((candidate) => candidate.id === 'S01')!;
    const patientId = freshPatientId('PN');
    await prepareSePatient(client, patientId, scenario.records);
    const outer = block({ kind: 'YTTRE', at: new Date(Date.now() - 60_000).toISOString() });
    await client.request('POST', `/v1/patients/${patientId}/blocks`, outer);
    const before = await client.request('POST', '/v1/disclosures', seRequest(scenario, patientId, freshId('req')));

    // Act
    const lift = await client.request('POST', `/v1/patients/${patientId}/blocks/${outer.blockId}/lift`, {
      at: now(),
      recordedBy: 'staff-1',
      reason: 'PATIENT_REQUEST',
    });
    const after = await client.request('POST', '/v1/disclosures', seRequest(scenario, patientId, freshId('req')));

    // Assess
    expect(lift.status).toBe(200);
    expect(decisionAnswerSchema.parse(before.body)).toMatchObject({
      decision: 'DENY',
      reasonCodes: ['DENY_SE_YTTRE_SPARR'],
    });
    expect(decisionAnswerSchema.parse(after.body)).toMatchObject({ decision: 'ALLOW_WITH_REDACTION' });
  });

  it('refuses a lift dated in the future: 422 naming at, nothing logged, and the outer block still denies', async () => {
    // Prepare: the SJF setup (S01) and an outer block in force
    const client = demoSe.clinical();
    const scenario = SE_SCENARIOS.find((candidate) => candidate.id === 'S01')!;
    const patientId = freshPatientId('PN');
    await prepareSePatient(client, patientId, scenario.records);
    const outer = block({ kind: 'YTTRE', at: new Date(Date.now() - 60_000).toISOString() });
    const placed = await client.request<{ receipt: { origin: string } }>(
      'POST',
      `/v1/patients/${patientId}/blocks`,
      outer,
    );

    // Act
    const lift = await client.request('POST', `/v1/patients/${patientId}/blocks/${outer.blockId}/lift`, {
      at: new Date(Date.now() + 3_600_000).toISOString(),
      recordedBy: 'staff-1',
      reason: 'PATIENT_REQUEST',
    });
    const after = await client.request('POST', '/v1/disclosures', seRequest(scenario, patientId, freshId('req')));

    // Assess
    expect(lift.status).toBe(422);
    expect(lift.body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'at', code: 'AT_IN_FUTURE' }] });
    expect(decisionAnswerSchema.parse(after.body)).toMatchObject({
      decision: 'DENY',
      reasonCodes: ['DENY_SE_YTTRE_SPARR'],
    });
    const blockEntries = (await logEntries(placed.body.receipt.origin)).filter(
      ({ entry }) => entry.type.startsWith('record.block') && (entry['patient'] as { ref: string }).ref === patientId,
    );
    expect(blockEntries.map(({ entry }) => entry.type)).toEqual(['record.block.placed']);
  });

  it('refuses a spärr check dated in the future: 422 naming checkedAt, and the check on record stays', async () => {
    // Prepare: a patient whose spärr check on record was read an hour ago
    const client = demoSe.clinical();
    const patientId = freshPatientId('PN');
    await prepareSePatient(client, patientId, { patient: 'PN-1' });
    const before = await client.request<{ sparrCheck: unknown }>('GET', `/v1/patients/${patientId}/records`);

    // Act
    const ahead = await client.request('PUT', `/v1/patients/${patientId}/sparr-check`, {
      status: 'CHECKED',
      checkedAt: new Date(Date.now() + 3_600_000).toISOString(),
      source: 'NATIONELL_SPARRTJANST',
    });
    const after = await client.request<{ sparrCheck: unknown }>('GET', `/v1/patients/${patientId}/records`);

    // Assess
    expect(ahead.status).toBe(422);
    expect(ahead.body).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'checkedAt', code: 'AT_IN_FUTURE' }],
    });
    expect(after.body.sparrCheck).toEqual(before.body.sparrCheck);
    expect(before.body.sparrCheck).toMatchObject({ status: 'CHECKED' });
  });
});
