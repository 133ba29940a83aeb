/**
 * TESTS ONLY. The AuditLog contract (shared/ports/audit-log.ts) every store must honour, as one
 * suite a backend runs: receipts, gap-free concurrent appends, companion writes that commit with
 * their entry or not at all, and conflicts named by tag.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leafHash, rootFromFrontier, rootOfLeaves } from '../../../shared/audit/merkle.ts';
import { AtomicWriteConflictError } from '../../../shared/audit-log-errors.ts';
import { canonicalBytes } from '../../../shared/canonical-json.ts';
import type { Receipt } from '../../../shared/ports/audit-log.ts';
import { consent, entryFor, freshOrigin, freshPatient, type ContractBackend } from './backend.ts';

const ORG = 'contract';

export function describeAuditLogContract(name: string, open: () => Promise<ContractBackend>): void {
  describe(`AuditLog contract: ${name}`, () => {
    let backend: ContractBackend;
    beforeAll(async () => {
      backend = await open();
    });
    afterAll(() => backend?.close());

    async function expectLogOf(origin: string, entries: readonly object[]): Promise<void> {
      const stored = await backend.entries(origin);
      expect(stored).toEqual(entries.map((entry) => new TextDecoder().decode(canonicalBytes(entry))));
      const head = await backend.head(origin);
      expect(head?.size).toBe(entries.length);
      expect(Buffer.from(rootFromFrontier(head!.frontier, head!.size))).toEqual(
        Buffer.from(rootOfLeaves(entries.map((entry) => canonicalBytes(entry)))),
      );
    }

    it('appends at consecutive indexes; a receipt names its log, index, entry and RFC 6962 leaf hash', async () => {
      // Prepare
      const log = backend.auditLog();
      const origin = freshOrigin();
      const entries = [entryFor(origin), entryFor(origin), entryFor(origin)];

      // Act
      const receipts: Receipt[] = [];
      for (const entry of entries) receipts.push(await log.append({ origin, entry }));

      // Assess
      expect(receipts).toEqual(
        entries.map((entry, index) => ({
          origin,
          index,
          entryId: entry.id,
          leafHash: Buffer.from(leafHash(canonicalBytes(entry))).toString('base64'),
        })),
      );
      await expectLogOf(origin, entries);
    });

    it('logs every entry of two processes appending at once exactly once, gap-free', async () => {
      // Prepare
      const [ours, theirs] = [backend.auditLog(), backend.auditLog()];
      const origin = freshOrigin();
      const entries = Array.from({ length: 16 }, () => entryFor(origin));

      // Act
      const receipts = await Promise.all(
        entries.map((entry, i) => (i % 2 === 0 ? ours : theirs).append({ origin, entry })),
      );

      // Assess
      expect(receipts.map((receipt) => receipt.index).sort((a, b) => a - b)).toEqual(entries.map((_, i) => i));
      await expectLogOf(
        origin,
        [...entries].sort((a, b) => receipts[entries.indexOf(a)]!.index - receipts[entries.indexOf(b)]!.index),
      );
    });

    it('commits companion writes with their entry, and they may hold its receipt', async () => {
      // Prepare
      const log = backend.auditLog();
      const origin = freshOrigin();
      const patientId = freshPatient();
      const entry = entryFor(origin);

      // Act
      const receipt = await log.append({
        origin,
        entry,
        atomicWith: (at) => backend.records.change(ORG, patientId, 0, { registered: true, registrationReceipt: at }),
      });

      // Assess
      const records = await backend.records.read(ORG, patientId);
      expect(records).toMatchObject({ version: 1, registered: true, registrationReceipt: receipt });
      await expectLogOf(origin, [entry]);
    });

    it('names a companion write that lost its condition by its tag, and writes nothing of that append', async () => {
      // Prepare
      const log = backend.auditLog();
      const origin = freshOrigin();
      const patientId = freshPatient();
      const first = entryFor(origin);

      // Act
      const lost = await log
        .append({ origin, entry: first, atomicWith: () => [backend.records.versionCheck(ORG, patientId, 3)] })
        .catch((error: unknown) => error);
      const next = entryFor(origin);
      const receipt = await log.append({ origin, entry: next });

      // Assess
      expect(lost).toBeInstanceOf(AtomicWriteConflictError);
      expect((lost as AtomicWriteConflictError).tag).toBe('recordsVersion');
      expect(receipt.index).toBe(0);
      await expectLogOf(origin, [next]);
    });

    it('fails alone a member of a group whose companion write lost; its neighbours are logged gap-free', async () => {
      // Prepare
      const log = backend.auditLog();
      const origin = freshOrigin();
      const patientId = freshPatient();
      const used = consent();
      await log.append({
        origin,
        entry: entryFor(origin),
        atomicWith: (receipt) =>
          backend.records.change(
            ORG,
            patientId,
            0,
            {},
            { kind: 'CONSENT', id: used.consentId, mode: 'add', record: used, receipt },
          ),
      });
      const entries = Array.from({ length: 5 }, () => entryFor(origin));
      const reusing = (receipt: Receipt) => [
        backend.records.change(
          ORG,
          patientId,
          1,
          {},
          { kind: 'CONSENT', id: used.consentId, mode: 'add', record: used, receipt },
        )[1]!,
      ];

      // Act
      const results = await Promise.allSettled(
        entries.map((entry, i) => log.append({ origin, entry, ...(i === 2 ? { atomicWith: reusing } : {}) })),
      );

      // Assess
      expect(results.map((result) => result.status)).toEqual([
        'fulfilled',
        'fulfilled',
        'rejected',
        'fulfilled',
        'fulfilled',
      ]);
      expect(((results[2] as PromiseRejectedResult).reason as AtomicWriteConflictError).tag).toBe('record');
      const logged = (await backend.entries(origin)).slice(1);
      expect(logged).toEqual(
        entries.filter((_, i) => i !== 2).map((entry) => new TextDecoder().decode(canonicalBytes(entry))),
      );
    });

    it('lets exactly one of two changes planned on one version commit; the other loses recordsVersion', async () => {
      // Prepare
      const [ours, theirs] = [backend.auditLog(), backend.auditLog()];
      const origin = freshOrigin();
      const patientId = freshPatient();
      const change = (log: typeof ours, gp: string) =>
        log.append({
          origin,
          entry: entryFor(origin),
          atomicWith: () => backend.records.change(ORG, patientId, 0, { registeredGpOds: gp }),
        });

      // Act
      const results = await Promise.allSettled([
        change(ours, 'Y00001'),
        change(ours, 'Y00002'),
        change(theirs, 'Y00003'),
      ]);

      // Assess
      const won = results.flatMap((result, i) => (result.status === 'fulfilled' ? [i] : []));
      expect(won).toHaveLength(1);
      for (const result of results)
        if (result.status === 'rejected')
          expect((result.reason as AtomicWriteConflictError).tag).toBe('recordsVersion');
      const records = await backend.records.read(ORG, patientId);
      expect(records).toMatchObject({ version: 1, registeredGpOds: `Y0000${won[0]! + 1}` });
      expect(await backend.entries(origin)).toHaveLength(1);
    });
  });
}
