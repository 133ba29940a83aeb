/**
 * What the in-memory stores do beyond the shared contract (store-contract.test.ts): the faults a
 * test can inject, and that nothing a caller holds aliases what is stored.
 */
import { describe, expect, it } from 'vitest';
import { AuditUnavailableError } from '../../../shared/errors.ts';
import { entryFor, freshOrigin, freshPatient } from '../../support/contracts/backend.ts';
import { MemoryAuditLog } from '../../support/memory/memory-audit-log.ts';
import { MemoryRecordsStore } from '../../support/memory/memory-records-store.ts';

describe('MemoryLogStore faults', () => {
  it('a refused commit fails the append as audit_unavailable and writes nothing', async () => {
    // Prepare
    const log = new MemoryAuditLog();
    const origin = freshOrigin();
    log.store.injectFault('refused');

    // Act
    const refused = await log.append({ origin, entry: entryFor(origin) }).catch((error: unknown) => error);
    const next = await log.append({ origin, entry: entryFor(origin) });

    // Assess
    expect(refused).toBeInstanceOf(AuditUnavailableError);
    expect(next.index).toBe(0);
    expect(log.store.entries(origin)).toHaveLength(1);
  });

  it('a commit whose answer is lost after it landed answers the receipt, logged once', async () => {
    // Prepare
    const log = new MemoryAuditLog();
    const origin = freshOrigin();
    const entry = entryFor(origin);
    log.store.injectFault('lost-answer');

    // Act
    const receipt = await log.append({ origin, entry });

    // Assess
    expect(receipt).toMatchObject({ index: 0, entryId: entry.id });
    expect(log.store.entries(origin).map((stored) => stored.entry.id)).toEqual([entry.id]);
  });

  it('a companion write made by another store cannot commit here: audit_unavailable, nothing written', async () => {
    // Prepare
    const log = new MemoryAuditLog();
    const origin = freshOrigin();
    const foreign = { tag: 'record' as const, store: 'dynamodb', item: { Put: {} } };

    // Act
    const refused = await log
      .append({ origin, entry: entryFor(origin), atomicWith: () => [foreign] })
      .catch((error: unknown) => error);

    // Assess
    expect(refused).toBeInstanceOf(AuditUnavailableError);
    expect(log.store.entries(origin)).toEqual([]);
  });
});

describe('MemoryRecordsStore', () => {
  it('hands out copies: changing a snapshot read changes nothing stored', async () => {
    // Prepare
    const records = new MemoryRecordsStore();
    const log = new MemoryAuditLog();
    const origin = freshOrigin();
    const patientId = freshPatient();
    const identifiers = [{ system: 'NHS_NUMBER' as const, key: 'v1.k', masked: '******0018' }];
    await log.append({
      origin,
      entry: entryFor(origin),
      atomicWith: () => records.change('acme', patientId, 0, { registered: true, identifiers }),
    });

    // Act
    const read = await records.read('acme', patientId);
    (read.identifiers[0] as { masked: string }).masked = 'changed';

    // Assess
    expect((await records.read('acme', patientId)).identifiers).toEqual(identifiers);
    expect(records.storedMeta('acme', patientId)).toMatchObject({ version: 1, identifiers });
  });
});
