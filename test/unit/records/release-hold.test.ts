/**
 * A notification trigger (here a consent withdrawal) that loses its commit holds the patient's
 * releases before it reads again, so a stream of releases cannot starve it; its commit lifts the
 * hold. The store's side of the hold is in the records store contract; the race over HTTP across
 * processes is test/integration/race-processes.test.ts.
 */
import { describe, expect, it, vi } from 'vitest';
import type { AtomicWrite } from '../../../shared/ports/audit-log.ts';
import { addConsentSchema, withdrawConsentSchema } from '../../../shared/schemas/records.ts';
import { memoryItemOf } from '../../support/memory/memory-write.ts';
import { DIGEST, buildStack, caller, memoryStores, seedOrg } from './fixture.ts';

const ORG = 'acme';
const PATIENT = 'MRN-HOLD-1';

/** Commits companion writes as the in-memory log would: all or nothing. */
function commitNow(writes: readonly AtomicWrite[]): boolean {
  const items = writes.map((write) => memoryItemOf(write)!);
  if (!items.every((item) => item.holds())) return false;
  for (const item of items) item.apply();
  return true;
}

describe('the release hold of a notification trigger', () => {
  it('a withdrawal that lost its commit holds releases, commits on its next attempt and lifts the hold', async () => {
    // Prepare
    const stores = memoryStores();
    const stack = buildStack(stores);
    seedOrg(stores, ORG);
    const { consent } = await stack.service.addConsent(
      caller(ORG),
      PATIENT,
      addConsentSchema.parse({
        consentId: 'cons-hold',
        scope: 'INSURER_CLAIM',
        recipientId: 'ins-acme-health',
        status: 'GIVEN',
        form: 'WRITTEN',
        evidenceRef: 'scan-1',
        capturedBy: 'staff-1',
        at: '2026-11-20T10:00:00Z',
      }),
      DIGEST,
    );
    const read = stores.records.read.bind(stores.records);
    const hold = stores.records.holdReleases.bind(stores.records);
    const holds: number[] = [];
    const refusedWhileHeld: boolean[] = [];
    // Another writer commits between the withdrawal's first read and its commit, until it holds.
    vi.spyOn(stores.records, 'read').mockImplementation(async (org, patientId) => {
      const snapshot = await read(org, patientId);
      if (holds.length === 0) commitNow(stores.records.change(org, patientId, snapshot.version, {}));
      return snapshot;
    });
    vi.spyOn(stores.records, 'holdReleases').mockImplementation(async (org, patientId, untilMs) => {
      holds.push(untilMs);
      await hold(org, patientId, untilMs);
      const { version } = await read(org, patientId);
      refusedWhileHeld.push(!commitNow([stores.records.releaseMark(org, patientId, version, untilMs - 1)]));
    });

    // Act
    const before = stack.clock.now();
    const withdrawn = await stack.service.withdrawConsent(
      caller(ORG),
      PATIENT,
      consent.consentId,
      withdrawConsentSchema.parse({ at: '2026-11-21T08:00:00Z', recordedBy: 'staff-3' }),
      DIGEST,
    );
    const after = await read(ORG, PATIENT);

    // Assess
    expect(withdrawn.consent.withdrawn).toBeDefined();
    expect(holds).toHaveLength(1);
    expect(holds[0]! - before).toBeGreaterThanOrEqual(1_000);
    expect(holds[0]! - stack.clock.now()).toBeLessThanOrEqual(1_000);
    expect(refusedWhileHeld).toEqual([true]);
    // The commit lifted the hold: a release on the new records goes through before it would lapse.
    expect(commitNow([stores.records.releaseMark(ORG, PATIENT, after.version, holds[0]! - 1)])).toBe(true);
  });

  it('a change that notifies nobody never holds releases, even when it loses its commit', async () => {
    // Prepare
    const stores = memoryStores();
    const stack = buildStack(stores);
    seedOrg(stores, ORG);
    const read = stores.records.read.bind(stores.records);
    let raced = false;
    vi.spyOn(stores.records, 'read').mockImplementation(async (org, patientId) => {
      const snapshot = await read(org, patientId);
      if (!raced) raced = commitNow(stores.records.change(org, patientId, snapshot.version, {}));
      return snapshot;
    });
    const hold = vi.spyOn(stores.records, 'holdReleases');

    // Act
    await stack.service.addConsent(
      caller(ORG),
      PATIENT,
      addConsentSchema.parse({
        consentId: 'cons-nohold',
        scope: 'INSURER_CLAIM',
        recipientId: 'ins-acme-health',
        status: 'GIVEN',
        form: 'WRITTEN',
        evidenceRef: 'scan-1',
        capturedBy: 'staff-1',
        at: '2026-11-20T10:00:00Z',
      }),
      DIGEST,
    );

    // Assess
    expect(raced).toBe(true);
    expect(hold).not.toHaveBeenCalled();
  });
});
