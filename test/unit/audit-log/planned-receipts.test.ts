/**
 * Issue 15: the group-commit queue announces the receipt it planned for each entry
 * (AppendRequest.onPlanned) before the write that would make it final is sent, so work bound to
 * the receipt (an authorisation to sign) overlaps the write. The last receipt announced before a
 * commit lands is the one the append resolves with; a regrouped entry is announced again.
 */
import { describe, expect, it } from 'vitest';
import type { AppendRequest, Receipt } from '../../../shared/ports/audit-log.ts';
import { entryFor, freshOrigin } from '../../support/contracts/backend.ts';
import { MemoryAuditLog } from '../../support/memory/memory-audit-log.ts';
import { MemoryLogStore } from '../../support/memory/memory-log-store.ts';

/** An append that records every receipt announced for it, with the commits the store had begun by then. */
function announcing(log: MemoryAuditLog, request: Omit<AppendRequest, 'onPlanned'>) {
  const announced: Array<{ receipt: Receipt; commitsBefore: number }> = [];
  const onPlanned = (receipt: Receipt) => announced.push({ receipt, commitsBefore: log.store.commits });
  return { announced, receipt: log.append({ ...request, onPlanned }) };
}

describe('the receipt planned for an append', () => {
  it('is announced for every member before its group is sent, and is the receipt the append resolves with', async () => {
    // Prepare
    const log = new MemoryAuditLog();
    const origin = freshOrigin();
    const followed = entryFor(origin);
    const requests = [entryFor(origin), followed, entryFor(origin)].map((entry) => ({
      origin,
      entry,
      ...(entry === followed ? { followers: [entryFor(origin)] } : {}),
    }));

    // Act
    const appends = requests.map((request) => announcing(log, request));
    const receipts = await Promise.all(appends.map(({ receipt }) => receipt));

    // Assess
    expect(log.store.commits).toBe(1);
    expect(appends.map(({ announced }) => announced.map(({ commitsBefore }) => commitsBefore))).toEqual([
      [0],
      [0],
      [0],
    ]);
    expect(appends.map(({ announced }) => announced.map(({ receipt }) => receipt))).toEqual(receipts.map((r) => [r]));
    expect(receipts.map((receipt) => receipt.index)).toEqual([0, 1, 3]);
  });

  it('is announced again at the new index when another process moved the head under the group', async () => {
    // Prepare: two processes over one store; this one's cached head goes stale.
    const store = new MemoryLogStore();
    const [here, there] = [new MemoryAuditLog(store), new MemoryAuditLog(store)];
    const origin = freshOrigin();
    await here.append({ origin, entry: entryFor(origin) });
    await there.append({ origin, entry: entryFor(origin) });

    // Act
    const { announced, receipt } = announcing(here, { origin, entry: entryFor(origin) });
    const committed = await receipt;

    // Assess
    expect(announced.map(({ receipt: planned }) => planned.index)).toEqual([1, 2]);
    expect(announced.at(-1)!.receipt).toEqual(committed);
    expect(announced[0]!.receipt).not.toEqual(committed);
  });

  it('is announced again when a group refused as a whole is retried member by member', async () => {
    // Prepare
    const log = new MemoryAuditLog();
    const origin = freshOrigin();
    log.store.injectFault('refused');

    // Act
    const appends = [1, 2].map(() => announcing(log, { origin, entry: entryFor(origin) }));
    const receipts = await Promise.all(appends.map(({ receipt }) => receipt));

    // Assess
    expect(appends.map(({ announced }) => announced.length)).toEqual([2, 2]);
    appends.forEach(({ announced }, i) => expect(announced.at(-1)!.receipt).toEqual(receipts[i]));
  });

  it('does not fail the append when the listener throws', async () => {
    // Prepare
    const log = new MemoryAuditLog();
    const origin = freshOrigin();
    const entry = entryFor(origin);

    // Act
    const receipt = await log.append({
      origin,
      entry,
      onPlanned: () => {
        throw new Error('a listener that fails');
      },
    });

    // Assess
    expect(receipt).toMatchObject({ origin, index: 0, entryId: entry.id });
    expect(log.store.entries(origin)).toHaveLength(1);
  });
});
