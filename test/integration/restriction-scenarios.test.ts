/**
 * policy-uk.md §9.7 P46–P48 over HTTP as the table states them: exact obligations, P47's fields
 * those of P01 without a restriction, and each scenario run twice with one requestId giving the same
 * answer and one audit entry. Restrictions and consents go through the records API.
 */
import { describe, expect, it } from 'vitest';
import type { ConsentScope } from '../../shared/records/model.ts';
import type { DisclosureRequest } from '../../shared/schemas/disclosure.ts';
import { decisionAnswerSchema, type DecisionAnswerBody } from '../../shared/schemas/responses.ts';
import { releasedPaths } from '../unit/policy/fixtures.ts';
import { placeRestriction } from '../support/restrictions.ts';
import { addConsent, decisionEntries, INSURER_CLAIM, preparePatient, requestFor } from '../support/scenarios.ts';
import { demo, freshId, freshPatientId } from '../support/stack.ts';

const P01: Partial<DisclosureRequest> = INSURER_CLAIM;
const SAFEGUARDING_BY_CG: Partial<DisclosureRequest> = {
  override: {
    code: 'SAFEGUARDING',
    approverRole: 'CALDICOTT_GUARDIAN',
    approvedBy: 'cg-1',
    justification: 'Risk to a child',
  },
};
const ACCURACY_NOTE_OVERRIDE = ['INFORM_PATIENT_IF_PRACTICABLE', 'RETROSPECTIVE_CG_REVIEW', 'NOTE_ACCURACY_CONTESTED'];

/** A patient with `consents` given now, then `res-1` (ACCURACY_CONTESTED, all episodes) placed after them. */
async function withRes1(consents: ConsentScope[]): Promise<{ patientId: string; restrictionId: string }> {
  const { patientId } = await preparePatient(demo.clinical(), freshPatientId(), {
    consents: consents.map((scope) => ({ scope })),
  });
  const placed = await placeRestriction(demo.clinical(), patientId, { at: new Date().toISOString() });
  expect(placed.status).toBe(200);
  return { patientId, restrictionId: placed.restrictionId };
}

/** The request sent twice with one requestId: the same answer both times and one decision entry. */
async function discloseTwice(patientId: string, overrides: Partial<DisclosureRequest>): Promise<DecisionAnswerBody> {
  const body = requestFor(patientId, overrides);
  const first = await demo.clinical().request('POST', '/v1/disclosures', body);
  const again = await demo.clinical().request('POST', '/v1/disclosures', body);
  expect([first.status, again.status]).toEqual([200, 200]);
  const answer = decisionAnswerSchema.parse(first.body);
  const { authorisation: _first, ...stable } = answer;
  const { authorisation: _again, ...stableAgain } = decisionAnswerSchema.parse(again.body);
  expect(stableAgain).toEqual(stable);
  expect(await decisionEntries(answer.receipt.origin, patientId, body.requestId)).toHaveLength(1);
  return answer;
}

describe('policy-uk.md §9.7 P46–P48 over HTTP', () => {
  it('P46: P01 on a consent given before res-1 → DENY DENY_PROCESSING_RESTRICTED, nothing released', async () => {
    // Prepare
    const { patientId, restrictionId } = await withRes1(['INSURER_CLAIM']);

    // Act
    const answer = await discloseTwice(patientId, P01);

    // Assess
    expect([answer.decision, answer.reasonCodes[0]]).toEqual(['DENY', 'DENY_PROCESSING_RESTRICTED']);
    expect(answer.explanations[0]).toContain(restrictionId);
    expect([answer.payload, answer.obligations]).toEqual([undefined, []]);
  });

  it('P47: P46 + a RESTRICTION_CONSENT naming the insurer given after res-1 → P01 fields with the accuracy note', async () => {
    // Prepare
    const { patientId } = await withRes1(['INSURER_CLAIM']);
    const restrictionConsent = await demo.clinical().request('POST', `/v1/patients/${patientId}/consents`, {
      consentId: freshId('cons'),
      scope: 'RESTRICTION_CONSENT',
      recipientId: 'ins-acme-health',
      status: 'GIVEN',
      form: 'WRITTEN',
      evidenceRef: 'scan-2',
      capturedBy: 'staff-1',
      at: new Date().toISOString(),
    });
    expect(restrictionConsent.status).toBe(200);
    const unrestricted = await preparePatient(demo.clinical(), freshPatientId(), {});
    await addConsent(demo.clinical(), unrestricted.patientId, 'INSURER_CLAIM');

    // Act
    const answer = await discloseTwice(patientId, P01);
    const plainP01 = await discloseTwice(unrestricted.patientId, P01);

    // Assess
    expect([answer.decision, answer.reasonCodes[0]]).toEqual(['ALLOW_WITH_REDACTION', 'ALLOW_EXPLICIT_CONSENT']);
    expect(answer.reasonCodes).toContain('RESTRICTION_EXCEPTION_CONSENT');
    expect(answer.obligations).toEqual([...plainP01.obligations, 'NOTE_ACCURACY_CONTESTED']);
    expect(plainP01.reasonCodes[0]).toBe('ALLOW_EXPLICIT_CONSENT');
    expect(releasedPaths(answer.payload)).toEqual(releasedPaths(plainP01.payload));
    expect(releasedPaths(answer.payload).length).toBeGreaterThan(0);
  });

  it('P48: gp-riverside DIRECT_CARE under res-1 passes on a CG safeguarding override, and is denied without it', async () => {
    // Prepare
    const { patientId } = await withRes1([]);

    // Act
    const withOverride = await discloseTwice(patientId, SAFEGUARDING_BY_CG);
    const without = await discloseTwice(patientId, {});

    // Assess
    expect(withOverride.decision).toBe('ALLOW_WITH_REDACTION');
    expect(withOverride.reasonCodes[0]).toBe('ALLOW_PUBLIC_INTEREST_OVERRIDE');
    expect(withOverride.reasonCodes).toContain('RESTRICTION_EXCEPTION_OTHERS_RIGHTS');
    expect(withOverride.obligations).toEqual(ACCURACY_NOTE_OVERRIDE);
    expect([without.decision, without.reasonCodes[0]]).toEqual(['DENY', 'DENY_PROCESSING_RESTRICTED']);
  });
});
