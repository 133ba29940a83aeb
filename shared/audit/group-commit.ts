import { AtomicWriteConflictError } from '../audit-log-errors.ts';
import { backoff } from '../backoff.ts';
import { AuditUnavailableError } from '../errors.ts';
import type { AppendRequest, AuditLog, Receipt } from '../ports/audit-log.ts';
import { boundedEntryBytes } from './entry.ts';
import type { LogHead, LogStore, PlannedFollower } from './log-store.ts';
import { appendLeaf, leafHash } from './merkle.ts';

/** Members in one group at most (a store may take fewer: the batch says what fits). */
const MAX_GROUP_MEMBERS = 100;
const MAX_ATTEMPTS = 25;
const MAX_CACHED_HEADS = 1024;
/** Longest wait after losing the head to another process, in milliseconds. */
const MAX_BACKOFF_MS = 200;

/** One entry's bytes and leaf hash, computed once when it is queued. */
interface Leaf {
  readonly bytes: Uint8Array;
  readonly leaf: Uint8Array;
}

interface Pending extends Leaf {
  readonly request: AppendRequest;
  /** The request's followers, in order: they take the indexes right after the entry's. */
  readonly followers: readonly Leaf[];
  readonly resolve: (receipt: Receipt) => void;
  readonly reject: (error: unknown) => void;
}

interface Group {
  readonly members: Pending[];
  readonly receipts: Receipt[];
  readonly head: LogHead;
}

/**
 * The append side of the verifiable log, apart from any store. Appends to one log are queued in
 * this process and committed in groups: one atomic store write moves the log head from size n to
 * n + k (conditional on n) with k entries, their sealed nodes and their companion writes, so a busy
 * log costs one conditional round trip per group instead of one per entry. Other processes
 * appending to the same log lose the head condition and retry with the new head.
 */
export class GroupCommitLog implements AuditLog {
  readonly #store: LogStore;
  readonly #queues = new Map<string, Pending[]>();
  /**
   * The head each log had after this process's last commit to it. Appending from it costs one
   * round trip; if another process moved the head meanwhile, the conditional write says so and
   * the head is read again. Correctness never rests on it: the condition does.
   */
  readonly #heads = new Map<string, LogHead>();

  constructor(store: LogStore) {
    this.#store = store;
  }

  append(request: AppendRequest): Promise<Receipt> {
    return new Promise((resolve, reject) => {
      let leaves: Leaf[];
      try {
        // An entry over the bound is refused here, alone: it never joins a group it could fail.
        leaves = [request.entry, ...(request.followers ?? [])].map((entry) => {
          const bytes = boundedEntryBytes(entry);
          return { bytes, leaf: leafHash(bytes) };
        });
      } catch (error) {
        reject(error instanceof Error ? error : new Error('The entry has no canonical form'));
        return;
      }
      const queue = this.#queues.get(request.origin);
      const [own, ...followers] = leaves;
      const pending: Pending = { request, ...own!, followers, resolve, reject };
      if (queue) {
        queue.push(pending);
        return;
      }
      this.#queues.set(request.origin, [pending]);
      void this.#drain(request.origin);
    });
  }

  /**
   * Commits the queue group by group. After a group fails for a reason no member is named for (the
   * whole request refused, an unexpected error), its members are committed one at a time, so only
   * the one that cannot be written fails (audit.md §2: entries are appended independently).
   */
  async #drain(origin: string): Promise<void> {
    const queue = this.#queues.get(origin)!;
    let alone = 0;
    try {
      while (queue.length > 0) {
        const result = await this.#commitGroup(origin, queue, alone > 0 ? 1 : MAX_GROUP_MEMBERS);
        alone = result.isolate ?? Math.max(0, alone - 1);
      }
    } finally {
      this.#queues.delete(origin);
    }
  }

  /**
   * Commits a group of at most `maxMembers` from the front of the queue; every member it takes
   * leaves the queue settled. Returns `isolate` when the group failed as a whole: its members are
   * then retried alone.
   */
  async #commitGroup(origin: string, queue: Pending[], maxMembers: number): Promise<{ isolate?: number }> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS && queue.length > 0; attempt += 1) {
      const cached = this.#heads.get(origin);
      let head: LogHead;
      try {
        head = cached ?? (await this.#store.readHead(origin));
      } catch (error) {
        failAll(queue, error);
        return {};
      }
      const { group, outcome } = await this.#attempt(origin, head, queue, maxMembers);
      if (!('failure' in outcome)) {
        this.#settle(origin, queue, group);
        return {};
      }
      let { failure } = outcome;
      if (failure.kind === 'ambiguous') {
        const landed = await this.#landed(origin, head, group.members[0]!).catch(() => undefined);
        if (landed === true) {
          this.#settle(origin, queue, group);
          return {};
        }
        if (landed === undefined) {
          // Neither committed nor refused as far as anyone can tell: the callers see 503 and
          // their retries (idempotent on their request or record ids) find out.
          this.#heads.delete(origin);
          for (const member of group.members)
            failMember(
              queue,
              member,
              new AuditUnavailableError('The audit entry may not have been written', { cause: outcome.cause }),
            );
          return {};
        }
        failure = { kind: 'unattributed' };
      }
      if (failure.kind === 'unattributed') {
        this.#heads.delete(origin);
        if (group.members.length > 1) return { isolate: group.members.length };
        failMember(
          queue,
          group.members[0]!,
          new AuditUnavailableError('The audit entry could not be written', { cause: outcome.cause }),
        );
        return {};
      }
      for (const [member, tag] of failure.conflicts) failMember(queue, member, new AtomicWriteConflictError(tag));
      for (const member of failure.unwritable)
        failMember(
          queue,
          member,
          new AuditUnavailableError('The audit entry could not be written', { cause: outcome.cause }),
        );
      if (failure.contention) {
        this.#heads.delete(origin);
        // A stale cached head is not contention: read the head again at once.
        if (!cached) await backoff(attempt, MAX_BACKOFF_MS);
      }
    }
    failAll(queue, new Error('The audit log head stayed contended'));
    return {};
  }

  /** Plans the members at the front of the queue on `head`, as many as one batch takes, and commits them. */
  async #attempt(origin: string, head: LogHead, queue: readonly Pending[], maxMembers: number) {
    const batch = this.#store.batch<Pending>(origin, head);
    const members: Pending[] = [];
    const receipts: Receipt[] = [];
    let { size, frontier } = head;
    for (const member of queue) {
      if (members.length >= maxMembers) break;
      const receipt: Receipt = { origin, index: size, leafHash: base64(member.leaf), entryId: member.request.entry.id };
      const next = appendLeaf(frontier, size, member.leaf);
      const followers = planFollowers(member, origin, size + 1, next.frontier);
      const { entry, patientIndexKey } = member.request;
      const companions =
        member.request.atomicWith?.(
          receipt,
          followers.planned.map((follower) => follower.receipt),
        ) ?? [];
      if (
        !batch.add(member, {
          receipt,
          entry,
          bytes: member.bytes,
          leaf: member.leaf,
          patientIndexKey,
          sealed: next.sealed,
          companions,
          ...(followers.planned.length > 0 ? { followers: followers.planned } : {}),
        })
      )
        break;
      members.push(member);
      receipts.push(receipt);
      announce(member.request, receipt);
      size += 1 + followers.planned.length;
      frontier = followers.frontier;
    }
    const group: Group = { members, receipts, head: { exists: true, size, frontier } };
    return { group, outcome: await batch.commit(group.head, members[0]!.request.entry.org) };
  }

  #settle(origin: string, queue: Pending[], group: Group): void {
    this.#remember(origin, group.head);
    queue.splice(0, group.members.length);
    group.members.forEach((member, i) => member.resolve(group.receipts[i]!));
  }

  /**
   * Whether a group whose write answered ambiguously was committed. The head condition lets
   * exactly one batch move the log from `before.size`, and a batch writes its entries atomically,
   * so the group landed exactly when the entry now at `before.size` is its first member's.
   * Retrying without asking would log the same entries a second time.
   */
  async #landed(origin: string, before: LogHead, first: Pending): Promise<boolean> {
    const now = await this.#store.readHead(origin);
    if (now.size <= before.size) return false;
    return (await this.#store.entryIdAt(origin, before.size)) === first.request.entry.id;
  }

  #remember(origin: string, head: LogHead): void {
    // Bounded: a process serving many orgs keeps the heads of the logs it used most recently.
    if (this.#heads.size >= MAX_CACHED_HEADS) this.#heads.delete(this.#heads.keys().next().value!);
    this.#heads.delete(origin);
    this.#heads.set(origin, head);
  }
}

/** Plans a member's followers at the indexes after its entry, folding each leaf into the frontier. */
function planFollowers(member: Pending, origin: string, from: number, frontier: readonly Uint8Array[]) {
  const planned: PlannedFollower[] = [];
  let edge = frontier;
  member.followers.forEach((follower, i) => {
    const entry = member.request.followers![i]!;
    const next = appendLeaf(edge, from + i, follower.leaf);
    const receipt: Receipt = { origin, index: from + i, leafHash: base64(follower.leaf), entryId: entry.id };
    planned.push({ receipt, entry, bytes: follower.bytes, leaf: follower.leaf, sealed: next.sealed });
    edge = next.frontier;
  });
  return { planned, frontier: edge };
}

/** Tells an appender where its entry is about to land; a plan announced is advice, so its failure is not the write's. */
function announce(request: AppendRequest, receipt: Receipt): void {
  try {
    request.onPlanned?.(receipt);
  } catch {
    // The receipt the append resolves with is what counts; a listener that failed just learns nothing early.
  }
}

function failAll(queue: Pending[], cause: unknown): void {
  for (const member of queue.splice(0))
    member.reject(new AuditUnavailableError('The audit entry could not be written', { cause }));
}

function failMember(queue: Pending[], member: Pending, error: Error): void {
  const at = queue.indexOf(member);
  if (at === -1) return;
  queue.splice(at, 1);
  member.reject(error);
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}
