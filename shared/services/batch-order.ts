/** Where one batch item's audit entry goes: its patient's log; undefined for an item that logs nothing. */
export interface BatchItemLog {
  readonly log: string | undefined;
  readonly patient: string | undefined;
}

/**
 * The order a batch decides its items in (results keep the request order). The audit log commits
 * the entries queued for one log together, one transaction per group (group-commit.ts), but two
 * releases of one patient never share a transaction (each updates the patient's records META).
 * So the items decided at the same time should be about different patients of the same log:
 * items are taken log by log, and within a log one item of each patient in turn (round robin),
 * each patient's items keeping their request order. Items that log nothing come first.
 */
export function groupableOrder(items: readonly BatchItemLog[]): number[] {
  const unlogged: number[] = [];
  const logs = new Map<string, Map<string, number[]>>();
  items.forEach(({ log, patient }, index) => {
    if (log === undefined || patient === undefined) {
      unlogged.push(index);
      return;
    }
    const patients = logs.get(log) ?? new Map<string, number[]>();
    logs.set(log, patients);
    const own = patients.get(patient) ?? [];
    patients.set(patient, own);
    own.push(index);
  });
  return [...unlogged, ...[...logs.values()].flatMap((patients) => roundRobin([...patients.values()]))];
}

/** The first of each list, then the second of each, and so on. */
function roundRobin(lists: readonly (readonly number[])[]): number[] {
  const longest = Math.max(0, ...lists.map((list) => list.length));
  const order: number[] = [];
  for (let turn = 0; turn < longest; turn += 1)
    for (const list of lists) if (turn < list.length) order.push(list[turn]!);
  return order;
}
