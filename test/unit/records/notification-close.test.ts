/**
 * Closing a notification to an earlier recipient (reviews.md §5) on the in-memory stores: closed
 * once with its `notification.closed` entry; the same requestId and body again answers as the first
 * time; the same requestId with another body is an idempotency conflict (api.md §2), never answered
 * as if the other body had been recorded; any other close of a closed notification is a state conflict.
 */
import { describe, expect, it } from 'vitest';
import { IdempotencyConflictError, ReviewStateConflictError } from '../../../shared/services/errors.ts';
import { placeRestrictionSchema } from '../../../shared/schemas/records.ts';
import type { NotificationClose } from '../../../shared/services/records-notifications.ts';
import { DIGEST, appendDecision, buildStack, caller, logEntries, memoryStores, originOf, seedOrg } from './fixture.ts';

const ORG = 'acme';
const PATIENT = 'MRN-CLOSE-1';

/** A release to gp-riverside, then a restriction: one DUE notification. */
async function openNotification() {
  const stores = memoryStores();
  const stack = buildStack(stores);
  seedOrg(stores, ORG);
  await appendDecision(stack, {
    org: ORG,
    patientId: PATIENT,
    recipientId: 'gp-riverside',
    category: 'GP',
    outcome: 'ALLOW_WITH_REDACTION',
    purpose: 'DIRECT_CARE',
  });
  const placed = await stack.service.placeRestriction(
    caller(ORG),
    PATIENT,
    placeRestrictionSchema.parse({
      restrictionId: 'res-1',
      ground: 'ACCURACY_CONTESTED',
      requestedBy: 'PATIENT',
      at: '2026-11-01T10:00:00.000Z',
      recordedBy: 'staff-1',
    }),
    DIGEST,
  );
  expect(placed.notifications).toHaveLength(1);
  return { stores, stack, notificationId: placed.notifications[0]!.notificationId };
}

const SENT: NotificationClose = {
  outcome: 'SENT',
  requestId: 'req-close-1',
  at: '2026-11-22T09:00:00.000Z',
  channel: 'LETTER',
  recordedBy: 'staff-3',
};

describe('closing a notification (reviews.md §5)', () => {
  it('closes once; the same request answers the same; the requestId with another body is refused', async () => {
    // Prepare
    const { stores, stack, notificationId } = await openNotification();
    const close = (body: NotificationClose) =>
      stack.service.closeNotification(caller(ORG), notificationId, body, DIGEST);

    // Act
    const first = await close(SENT);
    const same = await close(SENT);
    const otherBody = await close({ ...SENT, channel: 'EMAIL' }).catch((error: unknown) => error);
    const otherOutcome = await close({
      outcome: 'NOT_REQUIRED',
      requestId: SENT.requestId,
      reasonCode: 'DISPROPORTIONATE_EFFORT',
      recordedBy: 'staff-3',
    }).catch((error: unknown) => error);
    const otherRequest = await close({ ...SENT, requestId: 'req-close-2' }).catch((error: unknown) => error);

    // Assess
    expect(first.notification).toMatchObject({ status: 'SENT', channel: 'LETTER', sentAt: SENT.at });
    expect(first.notification).not.toHaveProperty('closeRequestDigest');
    expect(same).toEqual(first);
    expect(otherBody).toBeInstanceOf(IdempotencyConflictError);
    expect(otherOutcome).toBeInstanceOf(IdempotencyConflictError);
    expect(otherRequest).toBeInstanceOf(ReviewStateConflictError);
    const closed = logEntries(stores, originOf(ORG, PATIENT)).filter(
      ({ entry }) => entry['type'] === 'notification.closed',
    );
    expect(closed).toHaveLength(1);
  });
});
