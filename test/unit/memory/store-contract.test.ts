/**
 * The in-memory AuditLog and RecordsStore held to the contract the DynamoDB adapters are held to
 * (test/integration/store-contract.test.ts runs the same suites on DynamoDB Local).
 */
import { describeAuditLogContract } from '../../support/contracts/audit-log-contract.ts';
import type { ContractBackend } from '../../support/contracts/backend.ts';
import { describeRecordsStoreContract } from '../../support/contracts/records-store-contract.ts';
import { MemoryAuditLog } from '../../support/memory/memory-audit-log.ts';
import { MemoryLogStore } from '../../support/memory/memory-log-store.ts';
import { MemoryRecordsStore } from '../../support/memory/memory-records-store.ts';

function openMemory(): Promise<ContractBackend> {
  const store = new MemoryLogStore();
  return Promise.resolve({
    auditLog: () => new MemoryAuditLog(store),
    records: new MemoryRecordsStore(),
    entries: (origin) => Promise.resolve(store.entries(origin).map((stored) => stored.raw)),
    head: async (origin) => {
      const head = await store.readHead(origin);
      return head.exists ? head : undefined;
    },
    close: () => Promise.resolve(),
  });
}

describeAuditLogContract('in memory', openMemory);
describeRecordsStoreContract('in memory', openMemory);
