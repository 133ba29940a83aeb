/**
 * The notification queue's order and paging (reviews.md §5): overdue (DUE past dueAt) first, then
 * the oldest due date; pages joined in order are the whole result; filters hold on every item.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Notification, NotificationStatus } from '../../../shared/notifications/model.ts';
import { isNotificationOverdue, pageOfNotifications } from '../../../shared/notifications/queue.ts';

const NOW = Date.UTC(2026, 5, 1);
const DAY = 86_400_000;
const receipt = { origin: 'gatekeeper.local/demo/p1', index: 0, leafHash: 'AA==', entryId: 'E1' };

const notificationArb = fc.record({
  id: fc.stringMatching(/^[A-Z0-9]{6}$/u),
  dueOffsetDays: fc.integer({ min: -40, max: 40 }),
  status: fc.constantFrom<NotificationStatus>('DUE', 'SENT', 'NOT_REQUIRED'),
  recipientId: fc.constantFrom('gp-riverside', 'nhs-north-trust'),
});

interface Fields {
  readonly id: string;
  readonly dueOffsetDays: number;
  readonly status: NotificationStatus;
  readonly recipientId: string;
}

function notificationOf(fields: Fields): Notification {
  return {
    notificationId: fields.id,
    patientId: 'P1',
    recipientId: fields.recipientId,
    recipientCategory: 'GP',
    trigger: 'RESTRICTION_PLACED',
    triggerEntry: receipt,
    releases: [receipt],
    status: fields.status,
    openedAt: new Date(NOW - 30 * DAY).toISOString(),
    dueAt: new Date(NOW + fields.dueOffsetDays * DAY).toISOString(),
  };
}

const uniqueNotifications = fc
  .uniqueArray(notificationArb, { selector: (n) => n.id, maxLength: 30 })
  .map((list) => list.map(notificationOf));

describe('pageOfNotifications', () => {
  it('lists overdue first, then by due date, and pages join to the whole list', () => {
    fc.assert(
      fc.property(uniqueNotifications, fc.integer({ min: 1, max: 7 }), (notifications, limit) => {
        // Act
        const whole = pageOfNotifications(notifications, { limit: 200 }, NOW).page;
        const paged: Notification[] = [];
        let cursor: string | undefined;
        do {
          const { page, nextCursor } = pageOfNotifications(
            notifications,
            { limit, ...(cursor ? { cursor } : {}) },
            NOW,
          );
          paged.push(...page);
          cursor = nextCursor ?? undefined;
        } while (cursor);

        // Assess
        expect(paged).toEqual(whole);
        expect(whole).toHaveLength(notifications.length);
        const overdue = whole.map((n) => isNotificationOverdue(n, NOW));
        expect(overdue).toEqual([...overdue].sort((a, b) => Number(b) - Number(a)));
        for (let i = 1; i < whole.length; i += 1)
          if (overdue[i] === overdue[i - 1]) expect(whole[i - 1]!.dueAt <= whole[i]!.dueAt).toBe(true);
      }),
    );
  });

  it('keeps only what every filter asks for', () => {
    fc.assert(
      fc.property(uniqueNotifications, fc.boolean(), (notifications, overdue) => {
        // Act
        const { page } = pageOfNotifications(notifications, { recipientId: 'gp-riverside', overdue, limit: 200 }, NOW);

        // Assess
        const expected = notifications.filter(
          (n) => n.recipientId === 'gp-riverside' && isNotificationOverdue(n, NOW) === overdue,
        );
        expect(page.map((n) => n.notificationId).sort()).toEqual(expected.map((n) => n.notificationId).sort());
      }),
    );
  });

  it('a DUE notification past its due date is overdue; a closed one never is', () => {
    // Prepare
    const late = notificationOf({ id: 'A1', dueOffsetDays: -1, status: 'DUE', recipientId: 'gp-riverside' });

    // Act / Assess
    expect(isNotificationOverdue(late, NOW)).toBe(true);
    expect(isNotificationOverdue({ ...late, status: 'SENT' }, NOW)).toBe(false);
  });
});
