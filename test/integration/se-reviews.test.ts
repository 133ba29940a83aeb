/**
 * Review cases are judged by the pack of their decision's jurisdiction (policy-se.md §0, reviews.md
 * §1), over HTTP: the real records handler of a deployment that set the UK switch
 * `override.requireCaldicottGuardian=false` lets a DPO approve a UK referral, while a Swedish one
 * (a police request, S21) keeps se-default's rule and needs the Caldicott Guardian role.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClientKey, type GatekeeperClient } from '../../shared/client/index.ts';
import { decisionAnswerSchema } from '../../shared/schemas/responses.ts';
import { startConfiguredHandlers, type ConfiguredHandlers } from '../support/configured-handlers.ts';
import { decide, referred } from '../support/reviews.ts';
import { demoSe, prepareSePatient } from '../support/se-http.ts';
import { SE_ORG, SE_SCENARIOS, seRequest } from '../support/se-scenarios.ts';
import { clientFor, freshId, freshPatientId } from '../support/stack.ts';

let configured: ConfiguredHandlers;

beforeAll(async () => {
  configured = await startConfiguredHandlers({ 'override.requireCaldicottGuardian': false }, ['records']);
}, 60_000);
afterAll(() => configured?.close());

/** A reviewer of demo-se in `role`, enrolled by its admin, signing against the configured handlers (or the stack). */
async function swedishReviewer(role: 'DPO' | 'CALDICOTT_GUARDIAN', onStack = false): Promise<GatekeeperClient> {
  const clientId = freshId(`se-${role.toLowerCase()}`);
  const key = await generateClientKey('ES256', `${clientId}-1`);
  const admin = clientFor('demo-se-admin', undefined, SE_ORG);
  const put = await admin.request('PUT', `/v1/clients/${clientId}`, {
    name: 'Granskare',
    scopes: ['review:decide', 'audit:read'],
    status: 'ACTIVE',
    kind: 'PERSON',
    displayRole: role,
    keys: [key.publicJwk],
  });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  return onStack ? clientFor(clientId, key.privateJwk, SE_ORG) : configured.client(clientId, SE_ORG, key.privateJwk);
}

const S21 = SE_SCENARIOS.find((scenario) => scenario.id === 'S21')!;

async function swedishReferral(): Promise<string> {
  const patientId = freshPatientId('PN');
  await prepareSePatient(demoSe.clinical(), patientId, S21.records);
  const response = await demoSe
    .clinical()
    .request<{ decision: string; review?: { reviewId: string } }>(
      'POST',
      '/v1/disclosures',
      seRequest(S21, patientId, freshId('req')),
    );
  expect([response.status, response.body.decision]).toEqual([200, 'REFER']);
  return response.body.review!.reviewId;
}

describe('review cases use the pack of their decision (se-default vs the deployment’s UK switches)', () => {
  it('a DPO may approve a UK referral under requireCaldicottGuardian=false', async () => {
    // Prepare
    const { answer } = await referred();

    // Act
    const decided = await decide(configured.client('demo-dpo'), answer.review!.reviewId, { role: 'DPO' });

    // Assess
    expect([decided.status, decided.body.status]).toEqual([200, 'APPROVED']);
  });

  it('a Swedish referral still needs the Caldicott Guardian role, as se-default has it', async () => {
    // Prepare
    const [dpo, guardian] = [await swedishReviewer('DPO'), await swedishReviewer('CALDICOTT_GUARDIAN')];
    const reviewId = await swedishReferral();

    // Act
    const byDpo = await decide(dpo, reviewId, { role: 'DPO' });
    const byGuardian = await decide(guardian, reviewId);

    // Assess
    expect(byDpo.status).toBe(403);
    expect([byGuardian.status, byGuardian.body.status]).toEqual([200, 'APPROVED']);
  });

  it('a second identical Swedish referral points to the open case, explained in Swedish and in English', async () => {
    // Prepare
    const patientId = freshPatientId('PN');
    await prepareSePatient(demoSe.clinical(), patientId, S21.records);
    const send = (headers?: Record<string, string>) =>
      demoSe.clinical().request('POST', '/v1/disclosures', seRequest(S21, patientId, freshId('req')), headers);

    // Act
    const first = decisionAnswerSchema.parse((await send()).body);
    const swedish = decisionAnswerSchema.parse((await send()).body);
    const english = decisionAnswerSchema.parse((await send({ 'Accept-Language': 'en' })).body);

    // Assess
    expect(swedish.review?.reviewId).toBe(first.review?.reviewId);
    expect(swedish.reasonCodes).toEqual(['REFER_SE_POLIS_SEKRETESSPROVNING', 'REVIEW_PENDING']);
    expect(swedish.explanations).toHaveLength(2);
    expect(swedish.explanations[1]).toBe(
      'En granskning av samma begäran pågår; en person avgör den innan något lämnas ut.',
    );
    expect(english.explanations).toHaveLength(2);
    expect(english.explanations[1]).toBe(
      'A review of this same request is still open; a person decides it before anything is sent.',
    );
  });

  it('a Swedish referral approved by the Caldicott Guardian is released once on re-sending, in Swedish', async () => {
    // Prepare
    const guardian = await swedishReviewer('CALDICOTT_GUARDIAN', true);
    const patientId = freshPatientId('PN');
    await prepareSePatient(demoSe.clinical(), patientId, S21.records);
    const request = seRequest(S21, patientId, freshId('req'));
    const client = demoSe.clinical();
    const referral = decisionAnswerSchema.parse((await client.request('POST', '/v1/disclosures', request)).body);
    const reviewId = referral.review!.reviewId;

    // Act
    const decided = await decide(guardian, reviewId);
    const resend = () => client.request('POST', '/v1/disclosures', { ...request, requestId: freshId('req'), reviewId });
    const released = decisionAnswerSchema.parse((await resend()).body);
    const again = decisionAnswerSchema.parse((await resend()).body);

    // Assess
    expect([decided.status, decided.body.status]).toEqual([200, 'APPROVED']);
    expect([released.decision, released.reasonCodes[0]]).toEqual(['ALLOW_WITH_REDACTION', 'ALLOW_REVIEW_APPROVED']);
    expect(released.explanations[0]).toMatch(/^En granskare har godkänt detta hänskjutna utlämnande till se-polisen/u);
    expect([again.decision, again.reasonCodes]).toEqual(['DENY', ['DENY_REVIEW_ALREADY_USED']]);
    expect(again.explanations[0]).toMatch(/^Godkännandet som anges i begäran har redan använts/u);
  });
});
