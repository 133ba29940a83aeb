/**
 * Overdue notifications to earlier recipients (reviews.md §3, §5; issue 12 item 7) over HTTP
 * against the local stack: a notification still DUE past its due date is found by `overdue: true`,
 * listed before those still in time, marked in the CLI's queue, and counted by the gauge the
 * OverdueNotifications alarm watches, until it is sent. The passing of time is laid out by moving
 * the notification's due date into the past.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { notificationSchema } from '../../shared/schemas/responses.ts';
import { stackCli } from '../support/cli-harness.ts';
import { backdateNotification, closeRecordsTable, overdueNotifications } from '../support/records-table.ts';
import { placeRestriction } from '../support/restrictions.ts';
import { preparePatient, requestFor } from '../support/scenarios.ts';
import { demo, freshId, freshPatientId } from '../support/stack.ts';

afterAll(() => closeRecordsTable());

/** P06 released, then a restriction placed: one DUE notification to gp-riverside. */
async function notifiedPatient(): Promise<{ patientId: string; notificationId: string }> {
  const { patientId } = await preparePatient(demo.clinical(), freshPatientId());
  expect((await demo.clinical().request('POST', '/v1/disclosures', requestFor(patientId))).status).toBe(200);
  const placed = await placeRestriction(demo.clinical(), patientId, { at: new Date().toISOString() });
  const [opened] = notificationSchema.array().parse(placed.body['notifications']);
  return { patientId, notificationId: opened!.notificationId };
}

const search = (body: Record<string, unknown>) =>
  demo.auditor().request<{ notifications: unknown[]; nextCursor: string | null }>('POST', '/v1/notifications/search', {
    limit: 200,
    ...body,
  });

/** The ids of every notification matching `body`, in the search's order, page after page. */
async function allIds(body: Record<string, unknown>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const { status, body: page } = await search({ ...body, ...(cursor ? { cursor } : {}) });
    expect(status).toBe(200);
    ids.push(
      ...notificationSchema
        .array()
        .parse(page.notifications)
        .map((n) => n.notificationId),
    );
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

describe('overdue notifications (reviews.md §3, §5)', () => {
  it('are found by overdue: true, listed first, marked in the CLI and counted by the gauge until sent', async () => {
    // Prepare
    const inTime = await notifiedPatient();
    const late = await notifiedPatient();
    const countBefore = await overdueNotifications();
    await backdateNotification(late.patientId, late.notificationId, new Date(Date.now() - 86_400_000).toISOString());
    const t = stackCli({ client: 'demo-records' });

    // Act
    const overdue = await allIds({ overdue: true });
    const order = await allIds({ status: 'DUE' });
    const countLate = await overdueNotifications();
    const listed = await t.run(['notifications', 'list', late.patientId]);
    const sent = await demo.records().request('POST', `/v1/notifications/${late.notificationId}/sent`, {
      requestId: freshId('req'),
      at: new Date().toISOString(),
      channel: 'EMAIL',
      recordedBy: 'staff-3',
    });
    const countAfter = await overdueNotifications();
    const overdueAfter = await allIds({ overdue: true });

    // Assess
    expect(overdue).toContain(late.notificationId);
    expect(overdue).not.toContain(inTime.notificationId);
    expect(order.indexOf(late.notificationId)).toBeGreaterThanOrEqual(0);
    expect(order.indexOf(late.notificationId)).toBeLessThan(order.indexOf(inTime.notificationId));
    expect(countLate).toBe(countBefore + 1);
    expect(listed).toBe(0);
    expect(t.out.at(-1)).toMatch(new RegExp(`^ {2}! +DUE .*${late.notificationId}$`, 'mu'));
    expect(sent.status).toBe(200);
    expect(countAfter).toBe(countBefore);
    expect(overdueAfter).not.toContain(late.notificationId);
  });
});
