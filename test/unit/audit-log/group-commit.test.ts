import { describe, expect, it } from 'vitest';
import type { AuditReadEntry } from '../../../shared/audit/entry.ts';
import { GroupCommitLog } from '../../../shared/audit/group-commit.ts';
import type { BatchOutcome, LogBatch, LogHead, LogStore, PlannedAppend } from '../../../shared/audit/log-store.ts';
import { rootFromFrontier, rootOfLeaves } from '../../../shared/audit/merkle.ts';
import { canonicalBytes } from '../../../shared/canonical-json.ts';
import type { AppendRequest, AtomicWrite, Receipt } from '../../../shared/ports/audit-log.ts';

/**
 * The group-commit queue on its own, over a store kept in memory: what it does with a store's
 * answers (commit, a refusal naming nobody, a lost companion race, an ambiguous answer) is the
 * same whatever the store. The DynamoDB encoding has its own tests (isolation, ambiguous-commit).
 */
type Fault = 'refuse-poisoned' | 'lose-answer' | 'lose-answer-and-reads';

/** A store that applies a batch atomically when the head is where the batch began, like a conditional write. */
class MemoryLogStore implements LogStore {
  readonly heads = new Map<string, LogHead>();
  readonly entries = new Map<string, string[]>();
  readonly batchSizes: number[] = [];
  faults: Fault[] = [];
  #readsFail = false;

  readHead(origin: string): Promise<LogHead> {
    if (this.#readsFail) return Promise.reject(new Error('unreachable'));
    return Promise.resolve(this.heads.get(origin) ?? { exists: false, size: 0, frontier: [] });
  }

  entryIdAt(origin: string, index: number): Promise<string | undefined> {
    if (this.#readsFail) return Promise.reject(new Error('unreachable'));
    return Promise.resolve(this.entries.get(origin)?.[index]);
  }

  batch<Member>(origin: string, head: LogHead): LogBatch<Member> {
    const added: Array<{ member: Member; planned: PlannedAppend }> = [];
    return {
      add: (member, planned) => {
        added.push({ member, planned });
        return true;
      },
      commit: (next) => Promise.resolve(this.#commit(origin, head, next, added)),
    };
  }

  #commit<Member>(
    origin: string,
    head: LogHead,
    next: LogHead,
    added: Array<{ member: Member; planned: PlannedAppend }>,
  ): BatchOutcome<Member> {
    this.batchSizes.push(added.length);
    const cause = new Error('scripted');
    if ((this.heads.get(origin)?.size ?? 0) !== head.size)
      return { failure: { kind: 'retry', contention: true, conflicts: new Map(), unwritable: new Set() }, cause };
    const fault = this.faults[0];
    if (fault === 'refuse-poisoned' && added.some(({ planned }) => isPoisoned(planned)))
      return { failure: { kind: 'unattributed' }, cause };
    const conflicts = new Map(
      added.flatMap(({ member, planned }) => {
        const lost = planned.companions.find((write) => !(write.item as { holds: boolean }).holds);
        return lost ? [[member, lost.tag] as const] : [];
      }),
    );
    if (conflicts.size > 0)
      return { failure: { kind: 'retry', contention: false, conflicts, unwritable: new Set() }, cause };
    this.heads.set(origin, next);
    const ids = added.flatMap(({ planned }) => [planned, ...(planned.followers ?? [])].map((leaf) => leaf.entry.id));
    this.entries.set(origin, [...(this.entries.get(origin) ?? []), ...ids]);
    if (fault === 'lose-answer' || fault === 'lose-answer-and-reads') {
      this.faults.shift();
      this.#readsFail = fault === 'lose-answer-and-reads';
      return { failure: { kind: 'ambiguous' }, cause };
    }
    return { kind: 'committed' };
  }
}

function isPoisoned(planned: PlannedAppend): boolean {
  return planned.entry.type === 'audit.read' && planned.entry.query['poison'] === true;
}

let n = 0;
const ORIGIN = 'gatekeeper.test/demo/org';
const entry = (query: AuditReadEntry['query'] = {}): AuditReadEntry => ({
  v: 'gk-audit/1',
  origin: ORIGIN,
  id: `01GRP${String((n += 1)).padStart(21, '0')}`,
  time: '2026-11-22T09:00:00.000Z',
  type: 'audit.read',
  org: 'demo',
  actor: { clientId: 'c', kid: 'k', jti: 'j' },
  query,
});
const companion = (tag: AtomicWrite['tag'], holds: boolean) => (): AtomicWrite[] => [
  { tag, store: 'memory', item: { holds } },
];

/** Appended in one tick, so they queue behind the first and commit as groups. */
function appendAll(log: GroupCommitLog, requests: AppendRequest[]) {
  return Promise.allSettled(requests.map((request) => log.append(request)));
}

function expectGapFreeLog(store: MemoryLogStore, entries: AuditReadEntry[], receipts: Receipt[]) {
  const stored = store.entries.get(ORIGIN) ?? [];
  expect(stored).toHaveLength(entries.length);
  expect(receipts.map((receipt) => receipt.index).sort((a, b) => a - b)).toEqual(entries.map((_, i) => i));
  const ordered = stored.map((id) => canonicalBytes(entries.find((e) => e.id === id)));
  const head = store.heads.get(ORIGIN)!;
  expect(Buffer.from(rootFromFrontier(head.frontier, head.size))).toEqual(Buffer.from(rootOfLeaves(ordered)));
}

const fulfilled = (results: PromiseSettledResult<Receipt>[]) =>
  results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));

describe('the group-commit queue, apart from any store', () => {
  it('commits appends queued in one tick as one batch, gap-free and in queue order', async () => {
    // Prepare
    const store = new MemoryLogStore();
    const entries = Array.from({ length: 6 }, () => entry());

    // Act
    const results = await appendAll(
      new GroupCommitLog(store),
      entries.map((e) => ({ origin: ORIGIN, entry: e })),
    );

    // Assess
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(store.batchSizes).toEqual([entries.length]);
    expect(store.entries.get(ORIGIN)).toEqual(entries.map((e) => e.id));
    expectGapFreeLog(store, entries, fulfilled(results));
  });

  it('retries a batch refused as a whole member by member: only the unwritable member fails', async () => {
    // Prepare
    const store = new MemoryLogStore();
    store.faults = ['refuse-poisoned'];
    const honest = Array.from({ length: 5 }, () => entry());
    const requests: AppendRequest[] = honest.map((e) => ({ origin: ORIGIN, entry: e }));
    requests.splice(3, 0, { origin: ORIGIN, entry: entry({ poison: true }) });

    // Act
    const results = await appendAll(new GroupCommitLog(store), requests);

    // Assess
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect((results[3] as PromiseRejectedResult).reason).toMatchObject({ code: 'audit_unavailable' });
    expectGapFreeLog(store, honest, fulfilled(results));
  });

  it('fails only the member whose companion write lost, naming its tag, and commits the rest', async () => {
    // Prepare
    const store = new MemoryLogStore();
    const honest = Array.from({ length: 4 }, () => entry());
    const requests: AppendRequest[] = honest.map((e) => ({
      origin: ORIGIN,
      entry: e,
      atomicWith: companion('recordsVersion', true),
    }));
    requests.splice(2, 0, { origin: ORIGIN, entry: entry(), atomicWith: companion('idempotentAnswer', false) });

    // Act
    const results = await appendAll(new GroupCommitLog(store), requests);

    // Assess
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({
      code: 'atomic_write_conflict',
      tag: 'idempotentAnswer',
    });
    expectGapFreeLog(store, honest, fulfilled(results));
  });

  it('asks the store whether a batch whose answer was lost landed, and writes nothing twice', async () => {
    // Prepare
    const store = new MemoryLogStore();
    store.faults = ['lose-answer'];
    const entries = Array.from({ length: 4 }, () => entry());

    // Act
    const results = await appendAll(
      new GroupCommitLog(store),
      entries.map((e) => ({ origin: ORIGIN, entry: e })),
    );

    // Assess
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expectGapFreeLog(store, entries, fulfilled(results));
  });

  it('answers 503 when nobody can tell whether the batch landed, and a retry finds the log as it is', async () => {
    // Prepare
    const store = new MemoryLogStore();
    store.faults = ['lose-answer-and-reads'];
    const first = entry();

    // Act
    const error = await new GroupCommitLog(store).append({ origin: ORIGIN, entry: first }).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ code: 'audit_unavailable' });
    expect(store.entries.get(ORIGIN)).toEqual([first.id]);
  });

  it("writes a member's followers at the next indexes in its own batch, and hands their receipts to its companion writes", async () => {
    // Prepare: three members, the middle one with two followers (a decision and the entries it causes).
    const store = new MemoryLogStore();
    const [a, b, b1, b2, c] = Array.from({ length: 5 }, () => entry());
    const seen: Array<{ receipt: Receipt; followers: readonly Receipt[] }> = [];
    const requests: AppendRequest[] = [
      { origin: ORIGIN, entry: a! },
      {
        origin: ORIGIN,
        entry: b!,
        followers: [b1!, b2!],
        atomicWith: (receipt, followers) => {
          seen.push({ receipt, followers });
          return [];
        },
      },
      { origin: ORIGIN, entry: c! },
    ];

    // Act
    const results = await appendAll(new GroupCommitLog(store), requests);

    // Assess
    const receipts = fulfilled(results);
    expect(receipts.map((receipt) => receipt.index)).toEqual([0, 1, 4]);
    expect(store.entries.get(ORIGIN)).toEqual([a, b, b1, b2, c].map((e) => e!.id));
    expect(seen.at(-1)!.followers.map((receipt) => [receipt.index, receipt.entryId])).toEqual([
      [2, b1!.id],
      [3, b2!.id],
    ]);
    const head = store.heads.get(ORIGIN)!;
    const leaves = [a, b, b1, b2, c].map((e) => canonicalBytes(e));
    expect(Buffer.from(rootFromFrontier(head.frontier, head.size))).toEqual(Buffer.from(rootOfLeaves(leaves)));
  });

  it.each(['refuse-poisoned', 'lose-answer'] as const)(
    "writes a member's followers once when its group is %s and recovered",
    async (fault) => {
      // Prepare: a decision with its review.opened-like follower between members of one group;
      // the group is refused as a whole and isolated, or committed with its answer lost.
      const store = new MemoryLogStore();
      store.faults = [fault];
      const [a, b, b1, c] = Array.from({ length: 4 }, () => entry());
      const poisoned = entry({ poison: true });
      const requests: AppendRequest[] = [
        { origin: ORIGIN, entry: a! },
        { origin: ORIGIN, entry: b!, followers: [b1!] },
        { origin: ORIGIN, entry: poisoned },
        { origin: ORIGIN, entry: c! },
      ];

      // Act
      const results = await appendAll(new GroupCommitLog(store), requests);

      // Assess
      const written = fault === 'lose-answer' ? [a, b, b1, poisoned, c] : [a, b, b1, c];
      expect(store.entries.get(ORIGIN)).toEqual(written.map((e) => e!.id));
      expect(results.map((r) => r.status)).toEqual(
        fault === 'lose-answer'
          ? ['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']
          : ['fulfilled', 'fulfilled', 'rejected', 'fulfilled'],
      );
      expect((results[1] as PromiseFulfilledResult<Receipt>).value.index).toBe(1);
    },
  );

  it('refuses a member whose follower is over the entry bound, alone and before anything is written', async () => {
    // Prepare
    const store = new MemoryLogStore();
    const huge = entry({ padding: 'x'.repeat(17 * 1024) });

    // Act
    const results = await appendAll(new GroupCommitLog(store), [
      { origin: ORIGIN, entry: entry(), followers: [huge] },
      { origin: ORIGIN, entry: entry() },
    ]);

    // Assess
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect(store.entries.get(ORIGIN)).toHaveLength(1);
  });
});
