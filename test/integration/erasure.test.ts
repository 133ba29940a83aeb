/**
 * Erasure (UK GDPR Art 17; reviews.md §4) over HTTP against the local stack: the records leave the
 * store, a tombstone denies later decisions, the log and the notifications stay (R16), and the
 * recipients of earlier releases are notified with the erasure.
 */
import { describe, expect, it } from 'vitest';
import {
  decisionAnswerSchema,
  disclosureHistorySchema,
  erasureSchema,
  patientRecordsSchema,
} from '../../shared/schemas/responses.ts';
import { logEntries, preparePatient, requestFor } from '../support/scenarios.ts';
import { placeRestriction } from '../support/restrictions.ts';
import { demo, freshId, freshPatientId } from '../support/stack.ts';

const erase = (patientId: string, requestId = freshId('req')) =>
  demo.clinical().request('POST', `/v1/patients/${patientId}/erase`, {
    requestId,
    at: new Date().toISOString(),
    recordedBy: 'staff-1',
    grounds: 'CONSENT_WITHDRAWN',
  });

describe('erasing a patient (reviews.md §4)', () => {
  it('R16: later decisions are DENY_PATIENT_ERASED; subject access still lists the decisions and the notifications', async () => {
    // Prepare
    const patient = await preparePatient(demo.clinical(), freshPatientId(), { consents: [{ scope: 'INSURER_CLAIM' }] });
    await placeRestriction(demo.clinical(), patient.patientId, { episodeIds: ['EP-OTHER'] });
    const first = decisionAnswerSchema.parse(
      (await demo.clinical().request('POST', '/v1/disclosures', requestFor(patient.patientId))).body,
    );

    // Act
    const erased = await erase(patient.patientId);
    const retried = await erase(patient.patientId);
    const after = await demo.clinical().request('POST', '/v1/disclosures', requestFor(patient.patientId));
    const access = await demo.clinical().request('GET', `/v1/patients/${patient.patientId}/disclosures`);
    const records = await demo.clinical().request('GET', `/v1/patients/${patient.patientId}/records`);

    // Assess
    expect(erased.status).toBe(200);
    const answer = erasureSchema.parse(erased.body);
    expect(answer.notifications).toEqual([
      expect.objectContaining({
        recipientId: 'gp-riverside',
        trigger: 'ERASED',
        status: 'DUE',
        releases: [first.receipt],
      }),
    ]);
    expect(retried.body).toEqual(erased.body);
    const denied = decisionAnswerSchema.parse(after.body);
    expect(denied.decision).toBe('DENY');
    expect(denied.reasonCodes).toEqual(['DENY_PATIENT_ERASED']);
    const history = disclosureHistorySchema.parse(access.body);
    expect(history.disclosures.map((d) => d.receipt)).toEqual([denied.receipt, first.receipt]);
    expect(history.notifications.map((n) => n.notificationId)).toEqual([answer.notifications[0]!.notificationId]);
    const left = patientRecordsSchema.parse(records.body);
    expect([left.identifiers, left.consents, left.objections, left.restrictions, left.ndop]).toEqual([
      [],
      [],
      [],
      [],
      undefined,
    ]);
    const types = (await logEntries(answer.receipt.origin))
      .filter(({ entry }) => (entry['patient'] as { ref?: string } | undefined)?.ref === patient.patientId)
      .map(({ entry }) => entry.type);
    expect(types).toContain('record.patient.erased');
    expect(types.filter((type) => type === 'disclosure.decision')).toHaveLength(2);
  });

  it("removes the free text of the patient's review cases; the cases and their log entries stay", async () => {
    // Prepare: P06 released, contested with the patient's grounds, overturned with a justification.
    const patient = await preparePatient(demo.clinical(), freshPatientId());
    const released = decisionAnswerSchema.parse(
      (await demo.clinical().request('POST', '/v1/disclosures', requestFor(patient.patientId))).body,
    );
    const reviewId = freshId('rv');
    const contest = await demo.records().request('POST', '/v1/reviews', {
      reviewId,
      requestId: freshId('req'),
      patientId: patient.patientId,
      entryId: released.receipt.entryId,
      grounds: 'GROUNDS-TEXT the patient did not expect this',
    });
    const decided = await demo.dpo().request('POST', `/v1/reviews/${reviewId}/decide`, {
      requestId: freshId('req'),
      outcome: 'OVERTURNED',
      role: 'DPO',
      justification: 'JUSTIFICATION-TEXT no basis for the release',
    });
    expect([contest.status, decided.status]).toEqual([200, 200]);
    const before = await demo.dpo().request<Record<string, unknown>>('GET', `/v1/reviews/${reviewId}`);
    expect(before.body['justification']).toContain('JUSTIFICATION-TEXT');

    // Act
    const erased = await erase(patient.patientId);
    const after = await demo.dpo().request<Record<string, unknown>>('GET', `/v1/reviews/${reviewId}`);

    // Assess
    expect(erased.status).toBe(200);
    expect(after.status).toBe(200);
    expect([after.body['reviewId'], after.body['status']]).toEqual([reviewId, 'OVERTURNED']);
    expect(after.body['justificationDigest']).toBe(before.body['justificationDigest']);
    expect(JSON.stringify(after.body)).not.toMatch(/JUSTIFICATION-TEXT|GROUNDS-TEXT/u);
  });

  it('an unknown patient cannot be erased', async () => {
    // Act
    const response = await erase(freshPatientId());

    // Assess
    expect(response.status).toBe(404);
  });
});
