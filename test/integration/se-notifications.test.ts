/**
 * A Swedish patient's objection over HTTP against the local stack (reviews.md §3, policy-se.md §9):
 * each earlier release is weighed against the flows of the pack that decided it (se-default), so
 * exactly the recipients whose flow the objection now blocks are told, and the notifications are
 * due by the SE pack (it has no `notification.dueDays` switch: the default 30 days).
 */
import { describe, expect, it } from 'vitest';
import { decisionAnswerSchema, notificationSchema, objectionWriteSchema } from '../../shared/schemas/responses.ts';
import type { ObjectionScope } from '../../shared/records/model.ts';
import { demoSe, prepareSePatient } from '../support/se-http.ts';
import { SE_SCENARIOS, seRequest, type SeScenario } from '../support/se-scenarios.ts';
import { freshId, freshPatientId } from '../support/stack.ts';

const DAY_MS = 86_400_000;
const scenario = (id: string) => SE_SCENARIOS.find((candidate) => candidate.id === id)!;
/** SJF direct care to se-vc-norr (the patient's consent and care relation are set up with it). */
const S01 = scenario('S01');
/** Nödåtkomst at se-akuten: flow se-emergency, which takes objections by purpose only. */
const S10 = scenario('S10');
/** The anonymised extract to the quality register se-kvr-hud. */
const S19 = scenario('S19');
/** The mandatory report to Socialstyrelsen's register (se-sos-par): never notified on objection. */
const S18 = scenario('S18');

async function released(patientId: string, sent: SeScenario) {
  const response = await demoSe
    .clinical()
    .request('POST', '/v1/disclosures', seRequest(sent, patientId, freshId('req')));
  const answer = decisionAnswerSchema.parse(response.body);
  expect(answer.decision).toMatch(/^ALLOW/u);
  return answer.receipt;
}

async function patientWithReleases() {
  const patientId = freshPatientId('PN');
  await prepareSePatient(demoSe.clinical(), patientId, S01.records);
  const receipts = {
    vcNorr: await released(patientId, S01),
    akuten: await released(patientId, S10),
    kvrHud: await released(patientId, S19),
    sosPar: await released(patientId, S18),
  };
  return { patientId, receipts };
}

async function object(patientId: string, scope: ObjectionScope) {
  const response = await demoSe.clinical().request('POST', `/v1/patients/${patientId}/objections`, {
    objectionId: freshId('obj'),
    scope,
    at: new Date().toISOString(),
    recordedBy: 'staff-2',
  });
  expect(response.status).toBe(200);
  const answer = objectionWriteSchema.parse(response.body);
  lastObligations = answer.obligations;
  return notificationSchema.array().parse(answer.notifications);
}

/** The `obligations` of the last objection's answer. */
let lastObligations: unknown;

describe("a Swedish patient's objection notifies by se-default's flows (reviews.md §3)", () => {
  it('ALL_NON_MANDATORY: the direct-care and quality-register recipients, not emergency care nor the register', async () => {
    // Prepare
    const { patientId, receipts } = await patientWithReleases();

    // Act
    const notified = await object(patientId, 'ALL_NON_MANDATORY');

    // Assess
    expect(notified).toEqual([
      expect.objectContaining({ recipientId: 'se-kvr-hud', trigger: 'OBJECTION_RAISED', releases: [receipts.kvrHud] }),
      expect.objectContaining({ recipientId: 'se-vc-norr', trigger: 'OBJECTION_RAISED', releases: [receipts.vcNorr] }),
    ]);
    expect(notified.every((n) => n.status === 'DUE')).toBe(true);
    // policy-se.md §9: the quality register is asked to erase what it holds; the caregiver only told.
    expect(notified.map((n) => n.obligations)).toEqual([['SE_REQUEST_REGISTER_ERASURE'], undefined]);
    expect(lastObligations).toEqual([{ code: 'SE_REQUEST_REGISTER_ERASURE', recipientIds: ['se-kvr-hud'] }]);
    // se-default has no notification.dueDays switch: the reviews.md default.
    expect(notified.map((n) => (Date.parse(n.dueAt) - Date.parse(n.openedAt)) / DAY_MS)).toEqual([30, 30]);
  });

  it('by category (SE_VARDGIVARE): the direct-care recipient only, though se-akuten is of that category too', async () => {
    // Prepare
    const { patientId, receipts } = await patientWithReleases();

    // Act
    const notified = await object(patientId, 'SE_VARDGIVARE');

    // Assess
    expect(notified).toEqual([
      expect.objectContaining({ recipientId: 'se-vc-norr', trigger: 'OBJECTION_RAISED', releases: [receipts.vcNorr] }),
    ]);
    expect(lastObligations).toBeUndefined();
  });

  it('SE_KVALITETSREGISTER: the quality register, asked to erase what it holds (SE_REQUEST_REGISTER_ERASURE)', async () => {
    // Prepare
    const { patientId, receipts } = await patientWithReleases();

    // Act
    const notified = await object(patientId, 'SE_KVALITETSREGISTER');

    // Assess
    expect(notified).toEqual([
      expect.objectContaining({
        recipientId: 'se-kvr-hud',
        trigger: 'OBJECTION_RAISED',
        releases: [receipts.kvrHud],
        obligations: ['SE_REQUEST_REGISTER_ERASURE'],
      }),
    ]);
    expect(lastObligations).toEqual([{ code: 'SE_REQUEST_REGISTER_ERASURE', recipientIds: ['se-kvr-hud'] }]);
  });
});
