/**
 * POST …/registerutdrag over HTTP against the local stack (policy-se.md §9): the answer lists what
 * subject access lists, with the receipts of the decisions themselves; the count and `free` follow
 * the calendar year; the issue is logged and idempotent on utdragId; no org sees another's patient.
 */
import { describe, expect, it } from 'vitest';
import { decisionAnswerSchema, disclosureHistorySchema } from '../../shared/schemas/responses.ts';
import { registerutdragAnswerSchema } from '../../shared/schemas/se-responses.ts';
import { demoSe, prepareSePatient } from '../support/se-http.ts';
import { SE_SCENARIOS, seRequest } from '../support/se-scenarios.ts';
import { clientFor, freshId, freshPatientId } from '../support/stack.ts';

const utdrag = (extra: Record<string, unknown> = {}) => ({
  utdragId: freshId('utdrag'),
  requestedAt: new Date().toISOString(),
  form: 'E_ID',
  recordedBy: 'staff-1',
  ...extra,
});
const S01 = SE_SCENARIOS.find((scenario) => scenario.id === 'S01')!;

describe('registerutdrag over HTTP', () => {
  it('lists every decision about the patient with its receipt; the first of the year is free, the second is not', async () => {
    // Prepare
    const client = demoSe.clinical();
    const patientId = freshPatientId('PN');
    await prepareSePatient(client, patientId, S01.records);
    const decided = await client.request('POST', '/v1/disclosures', seRequest(S01, patientId, freshId('req')));
    const decision = decisionAnswerSchema.parse(decided.body);

    // Act
    const first = await client.request('POST', `/v1/patients/${patientId}/registerutdrag`, utdrag());
    const second = await client.request('POST', `/v1/patients/${patientId}/registerutdrag`, utdrag());

    // Assess
    expect(first.status).toBe(200);
    const answer = registerutdragAnswerSchema.parse(first.body);
    expect(answer).toMatchObject({ calendarYear: new Date().getUTCFullYear(), countThisYear: 1, free: true });
    expect(answer.disclosures).toHaveLength(1);
    expect(answer.disclosures[0]).toMatchObject({
      recipient: { id: 'se-vc-norr', category: 'SE_VARDGIVARE' },
      decision: decision.decision,
      receipt: decision.receipt,
    });
    const access = disclosureHistorySchema.parse(
      (await client.request('GET', `/v1/patients/${patientId}/disclosures`)).body,
    );
    expect(answer.disclosures).toEqual(access.disclosures);
    expect(registerutdragAnswerSchema.parse(second.body)).toMatchObject({ countThisYear: 2, free: false });
  });

  it('logs the issue once: a retry answers the first receipt, the same id with another body is a 409', async () => {
    // Prepare
    const client = demoSe.clinical();
    const patientId = freshPatientId('PN');
    await prepareSePatient(client, patientId, { patient: 'PN-1' });
    const body = utdrag({ form: 'SIGNED_LETTER' });
    const first = await client.request('POST', `/v1/patients/${patientId}/registerutdrag`, body);

    // Act
    const retry = await client.request('POST', `/v1/patients/${patientId}/registerutdrag`, body);
    const other = await client.request('POST', `/v1/patients/${patientId}/registerutdrag`, { ...body, form: 'E_ID' });

    // Assess
    const { receipt } = registerutdragAnswerSchema.parse(first.body);
    expect(registerutdragAnswerSchema.parse(retry.body)).toEqual(first.body);
    expect(other.status).toBe(409);
    const auditor = clientFor('demo-se-auditor', undefined, 'demo-se');
    const entries = await auditor.request<{ entries: string[] }>('POST', '/v1/audit/entries', {
      origin: receipt.origin,
      start: receipt.index,
      limit: 1,
    });
    expect(JSON.parse(entries.body.entries[0]!)).toMatchObject({
      type: 'record.registerutdrag.issued',
      record: { utdragId: body.utdragId, form: 'SIGNED_LETTER', countThisYear: 1, free: true },
    });
  });

  it('gives extracts issued at the same moment distinct counts: exactly one is the free one', async () => {
    // Prepare
    const client = demoSe.clinical();
    const patientId = freshPatientId('PN');
    await prepareSePatient(client, patientId, { patient: 'PN-1' });

    // Act
    const answers = await Promise.all(
      [1, 2, 3].map(() => client.request('POST', `/v1/patients/${patientId}/registerutdrag`, utdrag())),
    );

    // Assess
    const issued = answers.map((answer) => registerutdragAnswerSchema.parse(answer.body));
    expect(issued.map((answer) => answer.countThisYear).sort()).toEqual([1, 2, 3]);
    expect(issued.filter((answer) => answer.free)).toHaveLength(1);
  });

  it("refuses a malformed body with 422, an unknown patient with 404, and another org's patient with 404", async () => {
    // Prepare
    const client = demoSe.clinical();
    const patientId = freshPatientId('PN');
    await prepareSePatient(client, patientId, { patient: 'PN-1' });
    const otherOrg = clientFor('demo-clinical');

    // Act
    const malformed = await client.request('POST', `/v1/patients/${patientId}/registerutdrag`, utdrag({ form: 'FAX' }));
    const unknown = await client.request('POST', `/v1/patients/${freshPatientId('PN')}/registerutdrag`, utdrag());
    const foreign = await otherOrg.request('POST', `/v1/patients/${patientId}/registerutdrag`, utdrag());

    // Assess
    expect([malformed.status, unknown.status, foreign.status]).toEqual([422, 404, 404]);
    expect(JSON.stringify(foreign.body)).not.toContain('se-vc-norr');
  });
});
