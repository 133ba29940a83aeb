/**
 * The record kinds' plans on a snapshot, without a writer: what each decides from the records it
 * is given alone (the service tests cover the same rules through the audited write).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationFailedError } from '../../../shared/errors.ts';
import type { Receipt } from '../../../shared/ports/audit-log.ts';
import { planNdop } from '../../../shared/services/records-ndop.ts';
import { byTimeThenId } from '../../../shared/services/records-view.ts';
import { MemoryRecordsStore } from '../../support/memory/memory-records-store.ts';

const RECEIPT: Receipt = { origin: 'o', index: 3, leafHash: 'h', entryId: 'e' };

async function snapshotWithNdop(status: 'OPTED_OUT' | 'NOT_OPTED_OUT', checkedAt: string) {
  const empty = await new MemoryRecordsStore().read('org-a', 'p-1');
  return { ...empty, version: 2, ndop: { status, checkedAt }, ndopReceipt: RECEIPT };
}

describe('planNdop', () => {
  it('refuses a result checked before the recorded one, so a late "not opted out" cannot undo an opt-out', async () => {
    // Prepare
    const snapshot = await snapshotWithNdop('OPTED_OUT', '2026-11-20T10:00:00Z');
    // Act
    const act = () => planNdop(snapshot, 'p-1', { status: 'NOT_OPTED_OUT', checkedAt: '2026-11-19T10:00:00Z' });
    // Assess
    expect(act).toThrow(ValidationFailedError);
    expect(() => act()).toThrow(
      expect.objectContaining({ errors: [expect.objectContaining({ code: 'NDOP_OLDER_THAN_RECORDED' })] }),
    );
  });

  it('answers the same result again with its first receipt and writes nothing', async () => {
    // Prepare
    const snapshot = await snapshotWithNdop('OPTED_OUT', '2026-11-20T10:00:00Z');
    // Act
    const step = planNdop(snapshot, 'p-1', { status: 'OPTED_OUT', checkedAt: '2026-11-20T10:00:00Z' });
    // Assess
    expect(step).toEqual({
      done: { ndop: { status: 'OPTED_OUT', checkedAt: '2026-11-20T10:00:00Z' }, version: 2, receipt: RECEIPT },
    });
  });

  it('writes a later result on META with its receipt kept for retries', async () => {
    // Prepare
    const snapshot = await snapshotWithNdop('OPTED_OUT', '2026-11-20T10:00:00Z');
    const later = { status: 'NOT_OPTED_OUT' as const, checkedAt: '2026-11-21T10:00:00Z' };
    // Act
    const step = planNdop(snapshot, 'p-1', later);
    // Assess
    expect('done' in step).toBe(false);
    if ('done' in step) return;
    expect(step.body).toEqual({ type: 'record.ndop.checked', record: later });
    expect(step.set).toEqual({ ndop: later });
    expect(step.metaReceipt).toBe('ndopReceipt');
    expect(step.result(RECEIPT, 3, [])).toEqual({ ndop: later, version: 3, receipt: RECEIPT });
  });
});

describe('byTimeThenId', () => {
  it('lists records in one order whatever order they were read in, oldest first', () => {
    const record = fc.record({ at: fc.constantFrom('2026-01-01', '2026-01-02', '2026-01-03'), id: fc.string() });
    const readTwice = fc
      .uniqueArray(record, { selector: (r) => r.id })
      .chain((records) => fc.tuple(fc.constant(records), fc.shuffledSubarray(records, { minLength: records.length })));
    fc.assert(
      fc.property(readTwice, ([firstRead, secondRead]) => {
        // Prepare
        const order = byTimeThenId<{ at: string; id: string }>(
          (r) => r.at,
          (r) => r.id,
        );
        // Act
        const once = [...firstRead].sort(order);
        const again = [...secondRead].sort(order);
        // Assess
        expect(again).toEqual(once);
        once.slice(1).forEach((r, i) => expect(once[i]!.at <= r.at).toBe(true));
      }),
    );
  });
});
