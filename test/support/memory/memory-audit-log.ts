/**
 * TESTS ONLY. The audit log in memory: the real group-commit queue (shared/audit/group-commit.ts)
 * over MemoryLogStore. Two MemoryAuditLogs over one store behave as two processes appending to one
 * table: each keeps its own queue and cached heads, and the head condition settles who wins.
 */
import { GroupCommitLog } from '../../../shared/audit/group-commit.ts';
import { MemoryLogStore } from './memory-log-store.ts';

export class MemoryAuditLog extends GroupCommitLog {
  readonly store: MemoryLogStore;

  constructor(store: MemoryLogStore = new MemoryLogStore()) {
    super(store);
    this.store = store;
  }
}
