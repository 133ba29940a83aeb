/**
 * TESTS ONLY. The RecordsStore contract (shared/ports/records-store.ts) every store must honour, as
 * one suite a backend runs: versions that move by one on condition, record ids used once,
 * withdrawals of stored records only, receipts kept, conflicts named by tag, orgs apart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtomicWriteConflictError } from '../../../shared/audit-log-errors.ts';
import type { AtomicWrite, AuditLog, Receipt } from '../../../shared/ports/audit-log.ts';
import type { RecordsMetaChange, RecordWrite } from '../../../shared/ports/records-store.ts';
import type { Consent } from '../../../shared/records/model.ts';
import { consent, entryFor, freshOrigin, freshPatient, type ContractBackend } from './backend.ts';

const ORG = 'contract';
const NDOP = { status: 'NOT_OPTED_OUT' as const, checkedAt: '2026-11-21T09:00:00.000Z' };
const IDENTIFIERS = [{ system: 'NHS_NUMBER' as const, key: 'v1.contract-key', masked: '******0018' }];

/** The tag of the companion write a commit lost; fails the test if it committed or failed otherwise. */
function lostTag(result: Receipt | AtomicWriteConflictError): string {
  expect(result).toBeInstanceOf(AtomicWriteConflictError);
  return (result as AtomicWriteConflictError).tag;
}

export function describeRecordsStoreContract(name: string, open: () => Promise<ContractBackend>): void {
  describe(`RecordsStore contract: ${name}`, () => {
    let backend: ContractBackend;
    let log: AuditLog;
    beforeAll(async () => {
      backend = await open();
      log = backend.auditLog();
    });
    afterAll(() => backend?.close());

    /** Commits the writes a change makes with an entry, as the services do; answers its receipt or the conflict. */
    function commit(
      writes: (receipt: Receipt) => AtomicWrite[],
      org = ORG,
    ): Promise<Receipt | AtomicWriteConflictError> {
      const origin = freshOrigin();
      return log
        .append({ origin, entry: entryFor(origin, org), atomicWith: writes })
        .catch((error: unknown) => error as AtomicWriteConflictError);
    }

    const change =
      (
        patientId: string,
        fromVersion: number,
        set: RecordsMetaChange,
        record?: Omit<RecordWrite, 'receipt'>,
        org = ORG,
      ) =>
      (receipt: Receipt) =>
        backend.records.change(org, patientId, fromVersion, set, record && { ...record, receipt });

    const addConsent = (record: Consent) => ({
      kind: 'CONSENT' as const,
      id: record.consentId,
      mode: 'add' as const,
      record,
    });
    const withdrawConsent = (record: Consent) => ({
      kind: 'CONSENT' as const,
      id: record.consentId,
      mode: 'withdraw' as const,
      record: { ...record, withdrawn: { at: '2026-11-21T09:00:00.000Z', recordedBy: 'staff-17' } },
    });

    it('reads a patient never written as version 0, unregistered, with nothing recorded', async () => {
      // Act
      const records = await backend.records.read(ORG, freshPatient());

      // Assess
      expect(records).toMatchObject({
        org: ORG,
        version: 0,
        registered: false,
        identifiers: [],
        consents: [],
        objections: [],
      });
      expect(records.registrationReceipt).toBeUndefined();
    });

    it('moves the version by one with each change, setting only the attributes given', async () => {
      // Prepare
      const patientId = freshPatient();
      const registered = await commit((receipt) =>
        backend.records.change(ORG, patientId, 0, {
          registered: true,
          identifiers: IDENTIFIERS,
          registeredGpOds: 'Y01234',
          registrationReceipt: receipt,
        }),
      );

      // Act
      await commit(change(patientId, 1, { ndop: NDOP }));

      // Assess
      expect(await backend.records.read(ORG, patientId)).toMatchObject({
        version: 2,
        registered: true,
        identifiers: IDENTIFIERS,
        registeredGpOds: 'Y01234',
        registrationReceipt: registered,
        ndop: NDOP,
      });
    });

    it('counts releases for a patient with nothing recorded, and the first change still plans on version 0', async () => {
      // Prepare
      const patientId = freshPatient();
      const mark = () => commit(() => [backend.records.releaseMark(ORG, patientId, 0, Date.now())]);

      // Act
      const first = await mark();
      const second = await mark();
      const planned = await commit(change(patientId, 0, {}, addConsent(consent())), ORG);
      const stale = await commit(() => backend.records.change(ORG, patientId, 1, {}, undefined, 1));

      // Assess
      for (const committed of [first, second, planned]) expect(committed).not.toBeInstanceOf(AtomicWriteConflictError);
      // A trigger planned on one release loses once two were counted.
      expect(lostTag(stale)).toBe('recordsVersion');
      const records = await backend.records.read(ORG, patientId);
      expect(records).toMatchObject({ version: 1, releaseCount: 2 });
    });

    it('holds releases until the hold lapses or a trigger commits, and lets every other change through', async () => {
      // Prepare
      const patientId = freshPatient();
      await commit(change(patientId, 0, {}, addConsent(consent())));
      const now = Date.now();
      const markAt = (nowMs: number) => commit(() => [backend.records.releaseMark(ORG, patientId, 1, nowMs)]);

      // Act
      await backend.records.holdReleases(ORG, patientId, now + 1_000);
      const held = await markAt(now);
      const lapsed = await markAt(now + 1_001);
      await backend.records.holdReleases(ORG, patientId, now + 1_000);
      const check = await commit(() => [backend.records.versionCheck(ORG, patientId, 1)]);
      const trigger = await commit(() => backend.records.change(ORG, patientId, 1, {}, undefined, 1));
      const afterTrigger = await commit(() => [backend.records.releaseMark(ORG, patientId, 2, now)]);

      // Assess
      expect(lostTag(held)).toBe('recordsVersion');
      for (const committed of [lapsed, check, trigger, afterTrigger])
        expect(committed).not.toBeInstanceOf(AtomicWriteConflictError);
      expect(await backend.records.read(ORG, patientId)).toMatchObject({ version: 2, releaseCount: 2 });
    });

    it('adds a record once: a second add of its id loses `record`, and the version does not move', async () => {
      // Prepare
      const patientId = freshPatient();
      const record = consent();
      const added = await commit(change(patientId, 0, {}, addConsent(record)));

      // Act
      const again = await commit(change(patientId, 1, {}, addConsent(record)));

      // Assess
      expect(lostTag(again)).toBe('record');
      const records = await backend.records.read(ORG, patientId);
      expect(records.version).toBe(1);
      expect(records.consents).toEqual([record]);
      expect(records.consentReceipts.get(record.consentId)).toEqual(added);
    });

    it('withdraws a stored record once, keeping both receipts; an absent or withdrawn one loses `record`', async () => {
      // Prepare
      const patientId = freshPatient();
      const record = consent();
      const added = await commit(change(patientId, 0, {}, addConsent(record)));

      // Act
      const withdrawn = await commit(change(patientId, 1, {}, withdrawConsent(record)));
      const twice = await commit(change(patientId, 2, {}, withdrawConsent(record)));
      const absent = await commit(change(patientId, 2, {}, withdrawConsent(consent())));

      // Assess
      expect([lostTag(twice), lostTag(absent)]).toEqual(['record', 'record']);
      const records = await backend.records.read(ORG, patientId);
      expect(records.version).toBe(2);
      expect(records.consents).toEqual([withdrawConsent(record).record]);
      expect(records.consentReceipts.get(record.consentId)).toEqual(added);
      expect(records.consentWithdrawalReceipts.get(record.consentId)).toEqual(withdrawn);
    });

    it('refuses a change planned on a stale version as `recordsVersion`, with none of its writes', async () => {
      // Prepare
      const patientId = freshPatient();
      await commit(change(patientId, 0, { registeredGpOds: 'Y01234' }));
      const record = consent();

      // Act
      const stale = await commit(change(patientId, 0, { registeredGpOds: 'Y99999' }, addConsent(record)));

      // Assess
      expect(lostTag(stale)).toBe('recordsVersion');
      expect(await backend.records.read(ORG, patientId)).toMatchObject({
        version: 1,
        registeredGpOds: 'Y01234',
        consents: [],
      });
    });

    it('holds a version check at the version read, and fails it as `recordsVersion` once the records moved', async () => {
      // Prepare
      const patientId = freshPatient();
      const unwritten = await commit(() => [backend.records.versionCheck(ORG, patientId, 0)]);
      await commit(change(patientId, 0, { registered: true }));

      // Act
      const current = await commit(() => [backend.records.versionCheck(ORG, patientId, 1)]);
      const moved = await commit(() => [backend.records.versionCheck(ORG, patientId, 0)]);

      // Assess
      expect(unwritten).toMatchObject({ index: 0 });
      expect(current).toMatchObject({ index: 0 });
      expect(lostTag(moved)).toBe('recordsVersion');
    });

    it('keeps the records of one patient id in two orgs apart', async () => {
      // Prepare
      const patientId = freshPatient();

      // Act
      await commit(change(patientId, 0, { registeredGpOds: 'Y00001' }, addConsent(consent())));

      // Assess
      expect(await backend.records.read('contract-other', patientId)).toMatchObject({ version: 0, consents: [] });
      expect((await backend.records.read(ORG, patientId)).consents).toHaveLength(1);
    });
  });
}
