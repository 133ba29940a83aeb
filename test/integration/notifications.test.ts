/**
 * Notifications to earlier recipients (reviews.md §3–§5, UK GDPR Art 19) over HTTP against the
 * local stack: opened from the patient's log with the record change that causes them (R11, R12,
 * R13, rectification, objection), listed in its answer and in subject access, logged as
 * `notification.opened` right after the change's entry, closed once (R14), idempotent by requestId.
 */
import { describe, expect, it } from 'vitest';
import type { DisclosureRequest } from '../../shared/schemas/disclosure.ts';
import {
  decisionAnswerSchema,
  disclosureHistorySchema,
  notificationSchema,
  type DecisionAnswerBody,
} from '../../shared/schemas/responses.ts';
import { INSURER_CLAIM, logEntries, preparePatient, requestFor, withdrawConsent } from '../support/scenarios.ts';
import { placeRestriction } from '../support/restrictions.ts';
import { demo, freshId, freshPatientId } from '../support/stack.ts';
import type { z } from 'zod';

type NotificationBody = z.infer<typeof notificationSchema>;

const P01: Partial<DisclosureRequest> = INSURER_CLAIM;
const P06: Partial<DisclosureRequest> = {};
const P12: Partial<DisclosureRequest> = {
  recipientId: 'nhs-north-trust',
  episode: { id: 'EP-2026-0042', type: 'APC_DAYCASE', funding: 'NHS_FUNDED', referralSourceOds: 'RX1' },
};
const P14: Partial<DisclosureRequest> = {
  recipientId: 'nhse-collections',
  purpose: 'STATUTORY_REPORTING',
  instrument: { ref: 'HSCA2012-s259:DPN-7' },
};

async function allowed(patientId: string, overrides: Partial<DisclosureRequest>): Promise<DecisionAnswerBody> {
  const response = await demo.clinical().request('POST', '/v1/disclosures', requestFor(patientId, overrides));
  const answer = decisionAnswerSchema.parse(response.body);
  expect(answer.decision).toMatch(/^ALLOW/u);
  return answer;
}

function notificationsOf(body: unknown): NotificationBody[] {
  return notificationSchema.array().parse((body as { notifications?: unknown }).notifications);
}

const close = (notificationId: string, requestId: string, at = new Date().toISOString()) =>
  demo.clinical().request('POST', `/v1/notifications/${notificationId}/sent`, {
    requestId,
    at,
    channel: 'LETTER',
    recordedBy: 'staff-3',
  });

describe('notifications opened by a record change (reviews.md §3)', () => {
  it('R11: withdrawing the consent P01 rested on opens one DUE notification to the insurer, logged after the withdrawal', async () => {
    // Prepare
    const patient = await preparePatient(demo.clinical(), freshPatientId(), { consents: [{ scope: 'INSURER_CLAIM' }] });
    const p01 = await allowed(patient.patientId, P01);
    const unrelated = await allowed(patient.patientId, P06);

    // Act
    const withdrawal = await withdrawConsent(demo.clinical(), patient.patientId, patient.consentIds.INSURER_CLAIM!);

    // Assess
    expect(withdrawal.status).toBe(200);
    const [notification, ...others] = notificationsOf(withdrawal.body);
    expect(others).toEqual([]);
    expect(notification).toMatchObject({
      recipientId: 'ins-acme-health',
      recipientName: 'Acme Health Insurance',
      trigger: 'CONSENT_WITHDRAWN',
      status: 'DUE',
      releases: [p01.receipt],
      patientId: patient.patientId,
    });
    expect(Date.parse(notification!.dueAt) - Date.parse(notification!.openedAt)).toBe(30 * 86_400_000);
    const receipt = (withdrawal.body as { receipt: { origin: string; index: number } }).receipt;
    expect(notification!.triggerEntry).toEqual(receipt);
    const opened = (await logEntries(receipt.origin)).find(({ index }) => index === receipt.index + 1);
    expect(opened?.entry).toMatchObject({
      type: 'notification.opened',
      notification: {
        notificationId: notification!.notificationId,
        recipientId: 'ins-acme-health',
        trigger: 'CONSENT_WITHDRAWN',
        status: 'DUE',
        releases: [p01.receipt.entryId],
      },
    });
    expect(notification!.releases).not.toContainEqual(unrelated.receipt);
  });

  it('R12: placing a restriction opens one notification per recipient of earlier releases', async () => {
    // Prepare
    const patient = await preparePatient(demo.clinical(), freshPatientId());
    const p06 = await allowed(patient.patientId, P06);
    const p06again = await allowed(patient.patientId, P06);
    const p12 = await allowed(patient.patientId, P12);

    // Act
    const placed = await placeRestriction(demo.clinical(), patient.patientId, { at: new Date().toISOString() });

    // Assess
    expect(placed.status).toBe(200);
    const notifications = notificationsOf(placed.body);
    expect(notifications.map((n) => [n.recipientId, n.trigger, n.status])).toEqual([
      ['gp-riverside', 'RESTRICTION_PLACED', 'DUE'],
      ['nhs-north-trust', 'RESTRICTION_PLACED', 'DUE'],
    ]);
    expect(notifications[0]!.releases).toEqual([p06.receipt, p06again.receipt]);
    expect(notifications[1]!.releases).toEqual([p12.receipt]);
  });

  it('a restriction naming episodes notifies only the recipients of releases of those episodes', async () => {
    // Prepare: gp-riverside received EP-2026-0042, nhs-north-trust received EP-2026-0077.
    const patient = await preparePatient(demo.clinical(), freshPatientId());
    await allowed(patient.patientId, P06);
    const trust = await allowed(patient.patientId, { ...P12, episode: { ...P12.episode!, id: 'EP-2026-0077' } });

    // Act
    const placed = await placeRestriction(demo.clinical(), patient.patientId, {
      at: new Date().toISOString(),
      episodeIds: ['EP-2026-0077'],
    });

    // Assess
    expect(placed.status).toBe(200);
    expect(notificationsOf(placed.body)).toEqual([
      expect.objectContaining({
        recipientId: 'nhs-north-trust',
        trigger: 'RESTRICTION_PLACED',
        releases: [trust.receipt],
      }),
    ]);
  });

  it('R13: withdrawing a consent for an unrelated scope after a statutory release opens none', async () => {
    // Prepare
    const patient = await preparePatient(demo.clinical(), freshPatientId(), {
      consents: [{ scope: 'REGULATOR_DISCLOSURE' }],
    });
    await allowed(patient.patientId, P14);

    // Act
    const withdrawal = await withdrawConsent(
      demo.clinical(),
      patient.patientId,
      patient.consentIds.REGULATOR_DISCLOSURE!,
    );

    // Assess
    expect(withdrawal.status).toBe(200);
    expect(notificationsOf(withdrawal.body)).toEqual([]);
  });

  it('a mandatory release is listed, but opens NOT_REQUIRED unless the data was rectified', async () => {
    // Prepare
    const patient = await preparePatient(demo.clinical(), freshPatientId());
    const p14 = await allowed(patient.patientId, P14);

    // Act
    const placed = await placeRestriction(demo.clinical(), patient.patientId, { at: new Date().toISOString() });
    const rectified = await demo.clinical().request('PUT', `/v1/patients/${patient.patientId}`, {
      identifiers: [{ system: 'NHS_NUMBER', value: '9990000026' }],
      registeredGpOds: 'Y01234',
    });

    // Assess
    expect(notificationsOf(placed.body)).toEqual([
      expect.objectContaining({
        recipientId: 'nhse-collections',
        status: 'NOT_REQUIRED',
        reasonCode: 'MANDATORY_DISCLOSURE',
        releases: [p14.receipt],
      }),
    ]);
    expect(rectified.status).toBe(200);
    expect(notificationsOf(rectified.body)).toEqual([
      expect.objectContaining({ recipientId: 'nhse-collections', trigger: 'RECTIFIED', status: 'DUE' }),
    ]);
  });

  it('only a changed registered identifier is a rectification: the same identifiers with a new GP notify nobody', async () => {
    // Prepare: registered with NHS number 9990000018 and released to gp-riverside (P06).
    const patient = await preparePatient(demo.clinical(), freshPatientId());
    const p06 = await allowed(patient.patientId, P06);
    const register = (value: string, registeredGpOds: string) =>
      demo.clinical().request<{ notifications?: unknown }>('PUT', `/v1/patients/${patient.patientId}`, {
        identifiers: [{ system: 'NHS_NUMBER', value }],
        registeredGpOds,
      });

    // Act
    const sameIdentifiers = await register('9990000018', 'Y05678');
    const changedIdentifier = await register('9990000026', 'Y05678');

    // Assess
    expect([sameIdentifiers.status, changedIdentifier.status]).toEqual([200, 200]);
    expect(sameIdentifiers.body.notifications ?? []).toEqual([]);
    expect(notificationsOf(changedIdentifier.body)).toEqual([
      expect.objectContaining({ recipientId: 'gp-riverside', trigger: 'RECTIFIED', releases: [p06.receipt] }),
    ]);
  });

  it('an objection notifies the recipients whose flow it now blocks, and nobody else', async () => {
    // Prepare
    const patient = await preparePatient(demo.clinical(), freshPatientId());
    const p06 = await allowed(patient.patientId, P06);
    await allowed(patient.patientId, P14);

    // Act
    const raised = await demo.clinical().request('POST', `/v1/patients/${patient.patientId}/objections`, {
      objectionId: freshId('obj'),
      scope: 'GP',
      at: new Date().toISOString(),
      recordedBy: 'staff-2',
    });

    // Assess
    expect(notificationsOf(raised.body)).toEqual([
      expect.objectContaining({ recipientId: 'gp-riverside', trigger: 'OBJECTION_RAISED', releases: [p06.receipt] }),
    ]);
  });
});

describe('closing notifications and subject access (reviews.md §5, R14)', () => {
  it('R14: marked SENT once; the same request again answers the same; another request gets 409', async () => {
    // Prepare
    const patient = await preparePatient(demo.clinical(), freshPatientId(), { consents: [{ scope: 'INSURER_CLAIM' }] });
    await allowed(patient.patientId, P01);
    const withdrawal = await withdrawConsent(demo.clinical(), patient.patientId, patient.consentIds.INSURER_CLAIM!);
    const [notification] = notificationsOf(withdrawal.body);
    const requestId = freshId('req');
    const at = new Date().toISOString();

    // Act
    const sent = await close(notification!.notificationId, requestId, at);
    const retried = await close(notification!.notificationId, requestId, at);
    const again = await close(notification!.notificationId, freshId('req'));
    const notRequired = await demo
      .clinical()
      .request('POST', `/v1/notifications/${notification!.notificationId}/not-required`, {
        requestId: freshId('req'),
        reasonCode: 'DISPROPORTIONATE_EFFORT',
        recordedBy: 'staff-3',
      });
    const unknown = await close(freshId('ntf'), freshId('req'));

    // Assess
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({
      notification: { status: 'SENT', channel: 'LETTER', closedBy: { recordedBy: 'staff-3' } },
    });
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual(sent.body);
    expect(again.status).toBe(409);
    expect((again.body as { code: string }).code).toBe('review_state_conflict');
    expect(notRequired.status).toBe(409);
    expect(unknown.status).toBe(404);
    const receipt = (sent.body as { receipt: { origin: string; index: number } }).receipt;
    const closedEntries = (await logEntries(receipt.origin)).filter(
      ({ entry }) =>
        entry.type === 'notification.closed' &&
        (entry['notification'] as { notificationId: string }).notificationId === notification!.notificationId,
    );
    expect(closedEntries).toHaveLength(1);
    expect(closedEntries[0]!.entry['notification']).toEqual({
      notificationId: notification!.notificationId,
      recipientId: 'ins-acme-health',
      trigger: 'CONSENT_WITHDRAWN',
      status: 'SENT',
      releases: notification!.releases.map((release) => release.entryId),
    });
  });

  it('subject access lists the notifications with their status, so the patient can be told who was notified', async () => {
    // Prepare
    const patient = await preparePatient(demo.clinical(), freshPatientId());
    await allowed(patient.patientId, P06);
    const placed = await placeRestriction(demo.clinical(), patient.patientId, { at: new Date().toISOString() });
    const [notification] = notificationsOf(placed.body);
    await close(notification!.notificationId, freshId('req'));

    // Act
    const access = await demo.clinical().request('GET', `/v1/patients/${patient.patientId}/disclosures`);

    // Assess
    const history = disclosureHistorySchema.parse(access.body);
    expect(history.notifications).toEqual([
      expect.objectContaining({
        notificationId: notification!.notificationId,
        status: 'SENT',
        recipientId: 'gp-riverside',
      }),
    ]);
  });
});
