/**
 * The two review log promises (reviews.md §6) caught by the offline verifier over the live API:
 * in a fresh org, a REFER is opened as a case, approved by a Caldicott Guardian and used by one
 * re-send, and that genuine log verifies clean. Then an insider appends to it (a well-formed log,
 * re-hashed and with its head moved): a second copy of the REFER, owing a case no `review.opened`
 * answers (`review_missing`), or a second use of the approval (`review_approval_violation`).
 */
import { monotonicFactory } from 'ulid';
import { describe, expect, it } from 'vitest';
import { generateClientKey } from '../../shared/client/index.ts';
import type { DisclosureRequest } from '../../shared/schemas/disclosure.ts';
import { decisionAnswerSchema, type DecisionAnswerBody } from '../../shared/schemas/responses.ts';
import { preparePatient, requestFor } from '../support/scenarios.ts';
import { clientFor, freshId, freshPatientId } from '../support/stack.ts';
import { expectOk, freshOrg, publishedVkeys, verifyOverApi, type TestOrg } from './audit-fixture.ts';
import { forgeAppend, storedEntry } from './forge-fixture.ts';

const nextUlid = monotonicFactory();

/** R01 then R03 in a fresh org of one log: the REFER, its case, the approval and its one release. */
async function approvedAndUsed(): Promise<{ org: TestOrg; refer: DecisionAnswerBody; release: DecisionAnswerBody }> {
  const org = await freshOrg(1);
  await expectOk(
    org.admin.request('PUT', '/v1/recipients/reg-gmc', {
      name: 'General Medical Council',
      category: 'REGULATOR_PROFESSIONAL',
      regulator: 'GMC',
    }),
  );
  const cgKey = await generateClientKey('ES256', `${org.org}-cg-1`);
  await expectOk(
    org.admin.request('PUT', `/v1/clients/${org.org}-cg`, {
      name: 'Caldicott Guardian',
      scopes: ['review:decide', 'audit:read'],
      status: 'ACTIVE',
      kind: 'PERSON',
      displayRole: 'CALDICOTT_GUARDIAN',
      keys: [cgKey.publicJwk],
    }),
  );
  const { patientId } = await preparePatient(org.clinical, freshPatientId());
  const request: DisclosureRequest = requestFor(patientId, {
    recipientId: 'reg-gmc',
    purpose: 'REGULATORY_INVESTIGATION',
  });
  const refer = decisionAnswerSchema.parse(await expectOk(org.clinical.request('POST', '/v1/disclosures', request)));
  const reviewId = refer.review!.reviewId;
  await expectOk(
    clientFor(`${org.org}-cg`, cgKey.privateJwk, org.org).request('POST', `/v1/reviews/${reviewId}/decide`, {
      requestId: freshId('req'),
      outcome: 'APPROVED',
      role: 'CALDICOTT_GUARDIAN',
      justification: 'The regulator needs this record',
    }),
  );
  const resent = { ...request, requestId: freshId('req'), reviewId };
  const release = decisionAnswerSchema.parse(await expectOk(org.clinical.request('POST', '/v1/disclosures', resent)));
  expect([refer.decision, release.reasonCodes[0]]).toEqual(['REFER', 'ALLOW_REVIEW_APPROVED']);
  return { org, refer, release };
}

/** A copy of a genuine entry under a new id and time, as an insider would forge one. */
async function copyOf(answer: DecisionAnswerBody): Promise<Record<string, unknown>> {
  return {
    ...(await storedEntry(answer.receipt.origin, answer.receipt.index)),
    id: nextUlid(),
    time: new Date().toISOString(),
  };
}

describe('the review log promises (reviews.md §6) over the live API', () => {
  it('a REFER forged in without its review.opened: review_missing at its index', async () => {
    // Prepare
    const { org, refer } = await approvedAndUsed();
    const vkeys = await publishedVkeys(org.auditor);
    const clean = await verifyOverApi(org.auditor, vkeys);

    // Act
    const index = await forgeAppend(refer.receipt.origin, await copyOf(refer));
    const tampered = await verifyOverApi(org.auditor, vkeys);

    // Assess
    expect(clean.failures).toEqual([]);
    expect(tampered.failures).toEqual([
      expect.objectContaining({ code: 'review_missing', origin: refer.receipt.origin, index }),
    ]);
  });

  it('an approved release forged in a second time: review_approval_violation at its index', async () => {
    // Prepare
    const { org, release } = await approvedAndUsed();
    const vkeys = await publishedVkeys(org.auditor);
    const clean = await verifyOverApi(org.auditor, vkeys);

    // Act
    const index = await forgeAppend(release.receipt.origin, await copyOf(release));
    const tampered = await verifyOverApi(org.auditor, vkeys);

    // Assess
    expect(clean.failures).toEqual([]);
    expect(tampered.failures).toEqual([
      expect.objectContaining({ code: 'review_approval_violation', origin: release.receipt.origin, index }),
    ]);
  });
});
