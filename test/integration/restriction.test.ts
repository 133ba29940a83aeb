/**
 * Restriction of processing (UK GDPR Art 18; policy-uk.md §9.3) over HTTP against the local stack:
 * the record and its lift (§9.8), the gate at step 5a for the P01–P22 flows (§9.3.2) and the
 * decision entry naming the covering restrictions.
 */
import { describe, expect, it } from 'vitest';
import { decisionAnswerSchema, type DecisionAnswerBody } from '../../shared/schemas/responses.ts';
import type { DisclosureRequest } from '../../shared/schemas/disclosure.ts';
import {
  addConsent,
  decisionEntries,
  INSURER_CLAIM,
  logEntries,
  preparePatient,
  requestFor,
} from '../support/scenarios.ts';
import { liftRestriction, placeRestriction } from '../support/restrictions.ts';
import { demo, freshId, freshPatientId } from '../support/stack.ts';

const P01: Partial<DisclosureRequest> = INSURER_CLAIM;
const SAFEGUARDING_BY_CG = {
  override: {
    code: 'SAFEGUARDING',
    approverRole: 'CALDICOTT_GUARDIAN',
    approvedBy: 'cg-1',
    justification: 'Risk to a child',
  },
} as const;

async function disclose(patientId: string, overrides: Partial<DisclosureRequest>): Promise<DecisionAnswerBody> {
  // Act
  const response = await demo.clinical().request('POST', '/v1/disclosures', requestFor(patientId, overrides));
  expect(response.status).toBe(200);
  return decisionAnswerSchema.parse(response.body);
}

async function restrictedPatient(setup: Parameters<typeof preparePatient>[2] = {}) {
  const patient = await preparePatient(demo.clinical(), freshPatientId(), setup);
  // Placed after the setup's consents, so none of them was given after the restriction.
  const placed = await placeRestriction(demo.clinical(), patient.patientId, { at: new Date().toISOString() });
  expect(placed.status).toBe(200);
  return { ...patient, restrictionId: placed.restrictionId };
}

describe('the restriction gate (policy-uk.md §9.3.2, §9.7)', () => {
  it('P46: an insurer claim on a consent given before the restriction is denied, and the entry names the restriction', async () => {
    // Prepare
    const patient = await restrictedPatient({ consents: [{ scope: 'INSURER_CLAIM' }] });

    // Act
    const answer = await disclose(patient.patientId, P01);

    // Assess
    expect(answer.decision).toBe('DENY');
    expect(answer.reasonCodes[0]).toBe('DENY_PROCESSING_RESTRICTED');
    expect(answer.explanations[0]).toContain(patient.restrictionId);
    const [logged] = await decisionEntries(answer.receipt.origin, patient.patientId);
    expect((logged!.entry.decision as { restrictions?: unknown }).restrictions).toEqual([
      { id: patient.restrictionId, ground: 'ACCURACY_CONTESTED' },
    ]);
  });

  it('P47: a restriction consent naming the insurer, given after the restriction, lets P01 through with the accuracy note', async () => {
    // Prepare
    const patient = await restrictedPatient({ consents: [{ scope: 'INSURER_CLAIM' }] });
    const consentId = freshId('cons');
    const given = await demo.clinical().request('POST', `/v1/patients/${patient.patientId}/consents`, {
      consentId,
      scope: 'RESTRICTION_CONSENT',
      recipientId: 'ins-acme-health',
      status: 'GIVEN',
      form: 'WRITTEN',
      evidenceRef: 'scan-2',
      capturedBy: 'staff-1',
      at: new Date().toISOString(),
    });
    expect(given.status).toBe(200);

    // Act
    const answer = await disclose(patient.patientId, P01);

    // Assess
    expect(answer.decision).toBe('ALLOW_WITH_REDACTION');
    expect(answer.reasonCodes[0]).toBe('ALLOW_EXPLICIT_CONSENT');
    expect(answer.reasonCodes).toContain('RESTRICTION_EXCEPTION_CONSENT');
    expect(answer.obligations).toContain('NOTE_ACCURACY_CONTESTED');
    expect(answer.basis?.recordId).toBe(patient.consentIds.INSURER_CLAIM);
  });

  it('P48: a GP disclosure passes on a safeguarding override approved by the Caldicott Guardian, and is denied without it', async () => {
    // Prepare
    const patient = await restrictedPatient();

    // Act
    const withOverride = await disclose(patient.patientId, SAFEGUARDING_BY_CG);
    const without = await disclose(patient.patientId, {});

    // Assess
    expect(withOverride.decision).toBe('ALLOW_WITH_REDACTION');
    expect(withOverride.reasonCodes[0]).toBe('ALLOW_PUBLIC_INTEREST_OVERRIDE');
    expect(withOverride.reasonCodes).toContain('RESTRICTION_EXCEPTION_OTHERS_RIGHTS');
    expect([...withOverride.obligations].sort()).toEqual(
      ['INFORM_PATIENT_IF_PRACTICABLE', 'NOTE_ACCURACY_CONTESTED', 'RETROSPECTIVE_CG_REVIEW'].sort(),
    );
    expect(without.decision).toBe('DENY');
    expect(without.reasonCodes[0]).toBe('DENY_PROCESSING_RESTRICTED');
  });

  it('a safeguarding override approved by a clinician does not pass a restriction', async () => {
    // Prepare
    const patient = await restrictedPatient();
    const byClinician = { ...SAFEGUARDING_BY_CG.override, approverRole: 'RESPONSIBLE_CLINICIAN' as const };

    // Act
    const answer = await disclose(patient.patientId, { override: byClinician });

    // Assess
    expect(answer.decision).toBe('DENY');
    expect(answer.reasonCodes[0]).toBe('DENY_OVERRIDE_NOT_APPROVED');
  });

  it('a mandatory statutory collection (P14) only notes the restriction', async () => {
    // Prepare
    const patient = await restrictedPatient();

    // Act
    const answer = await disclose(patient.patientId, {
      recipientId: 'nhse-collections',
      purpose: 'STATUTORY_REPORTING',
      instrument: { ref: 'HSCA2012-s259:DPN-7' },
    });

    // Assess
    expect(answer.reasonCodes[0]).toBe('ALLOW_LEGAL_OBLIGATION');
    expect(answer.reasonCodes).toContain('RESTRICTION_NOT_APPLICABLE_MANDATORY');
    expect(answer.obligations).toContain('NOTE_ACCURACY_CONTESTED');
  });

  it('a regulator request without an instrument (P16) is referred, naming the restriction', async () => {
    // Prepare
    const patient = await restrictedPatient();

    // Act
    const answer = await disclose(patient.patientId, { recipientId: 'reg-gmc', purpose: 'REGULATORY_INVESTIGATION' });

    // Assess
    expect(answer.decision).toBe('REFER');
    expect(answer.reasonCodes[0]).toBe('REFER_REGULATOR_NON_STATUTORY');
    expect(answer.reasonCodes).toContain('RESTRICTION_ACTIVE');
  });

  it('a lifted restriction and one naming only another episode cover nothing (P23 shape on P06)', async () => {
    // Prepare
    const patient = await restrictedPatient();
    const lifted = await liftRestriction(demo.clinical(), patient.patientId, patient.restrictionId);
    const other = await placeRestriction(demo.clinical(), patient.patientId, { episodeIds: ['EP-OTHER'] });

    // Act
    const answer = await disclose(patient.patientId, {});

    // Assess
    expect(lifted.status).toBe(200);
    expect(other.status).toBe(200);
    expect(answer.reasonCodes[0]).toBe('ALLOW_DIRECT_CARE_IMPLIED_CONSENT');
    expect(answer.reasonCodes.filter((code) => code.startsWith('RESTRICTION_'))).toEqual([]);
  });
});

describe('the restriction record (policy-uk.md §9.8)', () => {
  it('is listed with its lift in the records and logged as placed and lifted entries', async () => {
    // Prepare
    const patient = await restrictedPatient();

    // Act
    const lift = await liftRestriction(demo.clinical(), patient.patientId, patient.restrictionId);
    const again = await liftRestriction(demo.clinical(), patient.patientId, patient.restrictionId, {
      at: lift.body['restriction'] && (lift.body['restriction'] as { liftedAt: string }).liftedAt,
      patientInformedAt: (lift.body['restriction'] as { patientInformedAt: string }).patientInformedAt,
    });
    const other = await liftRestriction(demo.clinical(), patient.patientId, patient.restrictionId, {
      reason: 'PATIENT_REQUEST',
    });
    const records = await demo
      .clinical()
      .request<{ restrictions: Array<Record<string, unknown>> }>('GET', `/v1/patients/${patient.patientId}/records`);

    // Assess
    expect(lift.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body['receipt']).toEqual(lift.body['receipt']);
    expect(other.status).toBe(409);
    expect(records.body.restrictions).toEqual([
      expect.objectContaining({ restrictionId: patient.restrictionId, liftReason: 'ACCURACY_VERIFIED' }),
    ]);
    const receipt = lift.body['receipt'] as { origin: string };
    const types = (await logEntries(receipt.origin))
      .filter(({ entry }) => (entry['patient'] as { ref?: string } | undefined)?.ref === patient.patientId)
      .map(({ entry }) => entry.type);
    expect(types.filter((type) => type.startsWith('record.restriction.'))).toEqual([
      'record.restriction.placed',
      'record.restriction.lifted',
    ]);
  });

  it('refuses a lift before the patient was told, before the restriction, or of an unknown id', async () => {
    // Prepare
    const patient = await restrictedPatient();
    const now = Date.now();

    // Act
    const informedLater = await liftRestriction(demo.clinical(), patient.patientId, patient.restrictionId, {
      at: new Date(now - 5_000).toISOString(),
      patientInformedAt: new Date(now - 1_000).toISOString(),
    });
    const tooEarly = await liftRestriction(demo.clinical(), patient.patientId, patient.restrictionId, {
      at: new Date(now - 3_600_000).toISOString(),
      patientInformedAt: new Date(now - 3_700_000).toISOString(),
    });
    const unknown = await liftRestriction(demo.clinical(), patient.patientId, freshId('res'));
    const missing = await demo
      .clinical()
      .request('POST', `/v1/patients/${patient.patientId}/restrictions/${patient.restrictionId}/lift`, {
        at: new Date().toISOString(),
        recordedBy: 'staff-1',
        reason: 'ACCURACY_VERIFIED',
      });

    // Assess
    expect([informedLater.status, tooEarly.status, unknown.status, missing.status]).toEqual([422, 422, 404, 422]);
  });

  it('needs an objection of this patient for, and only for, OBJECTION_PENDING; an id is recorded once', async () => {
    // Prepare
    const patient = await preparePatient(demo.clinical(), freshPatientId(), { objections: ['ALL_NON_MANDATORY'] });
    const first = await placeRestriction(demo.clinical(), patient.patientId);

    // Act
    const withoutObjection = await placeRestriction(demo.clinical(), patient.patientId, {
      ground: 'OBJECTION_PENDING',
    });
    const strangerObjection = await placeRestriction(demo.clinical(), patient.patientId, {
      ground: 'OBJECTION_PENDING',
      objectionId: freshId('obj'),
    });
    const objectionOnOtherGround = await placeRestriction(demo.clinical(), patient.patientId, { objectionId: 'obj-x' });
    const sameIdOtherBody = await placeRestriction(demo.clinical(), patient.patientId, {
      restrictionId: first.restrictionId,
      ground: 'LEGAL_CLAIMS_HELD',
    });
    const consentWithoutRecipient = await addConsent(demo.clinical(), patient.patientId, 'RESTRICTION_CONSENT').then(
      () => 200,
      () => 422,
    );

    // Assess
    expect(withoutObjection.status).toBe(422);
    expect(strangerObjection.status).toBe(422);
    expect(objectionOnOtherGround.status).toBe(422);
    expect(sameIdOtherBody.status).toBe(409);
    expect(consentWithoutRecipient).toBe(422);
  });

  it('refuses a placement or a lift dated in the future: 422 naming at, and nothing logged for either', async () => {
    // Prepare
    const { patientId } = await preparePatient(demo.clinical(), freshPatientId());
    const first = await placeRestriction(demo.clinical(), patientId, { at: new Date().toISOString() });
    const { origin } = first.body['receipt'] as { origin: string };
    const ahead = new Date(Date.now() + 3_600_000).toISOString();

    // Act
    const placed = await placeRestriction(demo.clinical(), patientId, { at: ahead });
    const lifted = await liftRestriction(demo.clinical(), patientId, first.restrictionId, {
      at: ahead,
      patientInformedAt: new Date().toISOString(),
    });
    const stillCovered = await disclose(patientId, {});

    // Assess
    for (const refused of [placed.body, lifted.body])
      expect(refused).toMatchObject({ code: 'validation_failed', errors: [{ path: 'at', code: 'AT_IN_FUTURE' }] });
    expect([placed.status, lifted.status]).toEqual([422, 422]);
    expect([stillCovered.decision, stillCovered.reasonCodes[0]]).toEqual(['DENY', 'DENY_PROCESSING_RESTRICTED']);
    const restrictionEntries = (await logEntries(origin)).filter(
      ({ entry }) =>
        entry.type.startsWith('record.restriction') && (entry['patient'] as { ref: string }).ref === patientId,
    );
    expect(restrictionEntries.map(({ entry }) => entry.type)).toEqual(['record.restriction.placed']);
  });

  it('records a placement dated 5 s ahead (a client clock running ahead) at the gatekeeper time, and a retry answers the same', async () => {
    // Prepare
    const { patientId } = await preparePatient(demo.clinical(), freshPatientId());
    const before = Date.now();
    const sent = new Date(before + 5_000).toISOString();
    const restrictionId = freshId('res');

    // Act
    const placed = await placeRestriction(demo.clinical(), patientId, { restrictionId, at: sent });
    const after = Date.now();
    const retried = await placeRestriction(demo.clinical(), patientId, { restrictionId, at: sent });
    const records = await demo
      .clinical()
      .request<{ restrictions: Array<{ restrictionId: string; at: string }> }>(
        'GET',
        `/v1/patients/${patientId}/records`,
      );

    // Assess
    expect(placed.status).toBe(200);
    const [stored] = records.body.restrictions.filter((r) => r.restrictionId === restrictionId);
    const storedMs = Date.parse(stored!.at);
    expect(stored!.at).not.toBe(sent);
    expect(storedMs).toBeGreaterThanOrEqual(before);
    expect(storedMs).toBeLessThanOrEqual(after);
    expect([retried.status, retried.body['receipt']]).toEqual([placed.status, placed.body['receipt']]);
    const { origin } = placed.body['receipt'] as { origin: string };
    const placedEntries = (await logEntries(origin)).filter(
      ({ entry }) =>
        entry.type === 'record.restriction.placed' &&
        (entry['record'] as { restrictionId: string }).restrictionId === restrictionId,
    );
    expect(placedEntries.map(({ entry }) => (entry['record'] as { at: string }).at)).toEqual([stored!.at]);
  });
});
