/**
 * The overdue-notification gauge (reviews.md §3): DUE notifications past their due date, across the
 * orgs named, from the org's index of notifications; a close keeps the index's status.
 */
import { describe, expect, it } from 'vitest';
import type { Notification } from '../../../shared/notifications/model.ts';
import { countOverdueNotifications } from '../../../shared/notifications/overdue.ts';
import type { AtomicWrite } from '../../../shared/ports/audit-log.ts';
import { MemoryRecordsStore } from '../../support/memory/memory-records-store.ts';
import { memoryItemOf } from '../../support/memory/memory-write.ts';

const NOW = Date.UTC(2026, 10, 22, 12);
const days = (d: number) => new Date(NOW + d * 86_400_000).toISOString();
const receipt = { origin: 'gatekeeper.local/a/p', index: 0, leafHash: 'AA==', entryId: 'E1' };

function notification(id: string, status: Notification['status'], dueAt: string): Notification {
  return {
    notificationId: id,
    patientId: 'P1',
    recipientId: 'gp-riverside',
    recipientCategory: 'GP',
    trigger: 'RESTRICTION_PLACED',
    triggerEntry: receipt,
    releases: [receipt],
    status,
    openedAt: days(-40),
    dueAt,
  };
}

function commit(writes: readonly AtomicWrite[]): void {
  const items = writes.map((write) => memoryItemOf(write)!);
  expect(items.every((item) => item.holds())).toBe(true);
  for (const item of items) item.apply();
}

describe('countOverdueNotifications', () => {
  it('counts DUE notifications past due in the orgs named; closed, not yet due and other orgs are not counted', async () => {
    // Prepare
    const store = new MemoryRecordsStore();
    const late = notification('N1', 'DUE', days(-1));
    commit([
      ...store.change('a', 'P1', 0, {}, { kind: 'NOTIFICATION', id: 'N1', mode: 'add', record: late, receipt }),
      store.notificationIndex('a', late),
      store.notificationIndex('a', notification('N2', 'DUE', days(-10))),
      store.notificationIndex('a', notification('N3', 'DUE', days(3))),
      store.notificationIndex('a', notification('N4', 'NOT_REQUIRED', days(-5))),
      store.notificationIndex('b', notification('N5', 'DUE', days(-2))),
      store.notificationIndex('c', notification('N6', 'DUE', days(-2))),
    ]);
    const before = await countOverdueNotifications(store, ['a', 'b'], NOW);

    // Act: N1 is sent (its close, as the records writer commits it).
    const sent: Notification = { ...late, status: 'SENT', closedAt: days(0) };
    commit(store.change('a', 'P1', 1, {}, { kind: 'NOTIFICATION', id: 'N1', mode: 'withdraw', record: sent, receipt }));
    const after = await countOverdueNotifications(store, ['a', 'b'], NOW);

    // Assess
    expect([before, after]).toEqual([3, 2]);
  });
});
