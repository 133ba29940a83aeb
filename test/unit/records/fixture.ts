/**
 * Shared set-up of the records unit tests: the in-memory stores (test/support/memory/, held to the
 * DynamoDB adapters' contract), the real service, an in-memory MAC key. One `MemoryStores` is one
 * table set: every stack built on it is another process sharing those tables.
 */
import { expect } from 'vitest';
import { ValidationFailedError } from '../../../shared/errors.ts';
import { MemoryAuditSearch } from '../../support/memory/memory-audit-search.ts';
import { MemoryAuditLog } from '../../support/memory/memory-audit-log.ts';
import { MemoryLogStore } from '../../support/memory/memory-log-store.ts';
import { MemoryRecordsStore } from '../../support/memory/memory-records-store.ts';
import { MemoryRegistryStore } from '../../support/memory/memory-registry-store.ts';
import { PATIENT_LOGS, RECIPIENTS, recordsStack, type StackOptions } from '../../support/records-common.ts';

export * from '../../support/records-common.ts';

export interface MemoryStores {
  readonly log: MemoryLogStore;
  readonly records: MemoryRecordsStore;
  readonly registry: MemoryRegistryStore;
}

export function memoryStores(): MemoryStores {
  return { log: new MemoryLogStore(), records: new MemoryRecordsStore(), registry: new MemoryRegistryStore() };
}

export function buildStack(stores: MemoryStores, options: StackOptions = {}) {
  const { records, registry } = stores;
  return recordsStack(
    { registry, records, audit: new MemoryAuditLog(stores.log), search: new MemoryAuditSearch(stores.log) },
    options,
  );
}

export function seedOrg(stores: MemoryStores, org: string): void {
  stores.registry.putOrganisation({ org, name: org, patientLogs: PATIENT_LOGS, createdAt: '2026-01-01T00:00:00.000Z' });
  for (const recipient of RECIPIENTS) stores.registry.putRecipient({ ...recipient, org, version: 1 });
}

/** Every entry of one log in index order, parsed, with its index. */
export function logEntries(
  stores: MemoryStores,
  origin: string,
): Array<{ index: number; entry: Record<string, unknown>; raw: string }> {
  return stores.log.entries(origin).map(({ index, raw }) => ({
    index,
    entry: JSON.parse(raw) as Record<string, unknown>,
    raw,
  }));
}

/** The field errors an action was refused with; fails the test unless it was refused as invalid input (422). */
export async function validationErrorsOf(action: Promise<unknown>): Promise<unknown> {
  const error = await action.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ValidationFailedError);
  return (error as ValidationFailedError).errors;
}
