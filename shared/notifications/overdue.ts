import type { RecordsStore } from '../ports/records-store.ts';

/**
 * How many notifications to earlier recipients are still DUE past their due date across these
 * orgs (reviews.md §3: the recipient should have been told by now). Read from the org's index of
 * notifications alone, so the counter never reads a patient's records.
 */
export async function countOverdueNotifications(
  records: Pick<RecordsStore, 'notificationsDue'>,
  orgs: readonly string[],
  nowMs: number,
): Promise<number> {
  const counts = await Promise.all(
    orgs.map(async (org) => (await records.notificationsDue(org)).filter((dueAt) => Date.parse(dueAt) < nowMs).length),
  );
  return counts.reduce((sum, count) => sum + count, 0);
}
