/**
 * A restriction and its lift are recorded once they have happened (policy-uk.md §9.3): an `at`
 * further ahead of the gatekeeper's clock than a caller's clock may run (the `iat` tolerance,
 * api.md §1) is refused with 422 naming `at`, because the entry is logged now while the gate would
 * apply the change only later, and the verifier's promise and the Art 19 notifications date it by
 * the log. Nothing is written for a refused change. An `at` within the tolerance is an honest
 * caller whose clock runs ahead: it is recorded, record and entry alike, at the gatekeeper's time.
 */
import { describe, expect, it } from 'vitest';
import { MAX_FUTURE_IAT_S } from '../../../shared/auth/claims.ts';
import { liftRestrictionSchema, placeRestrictionSchema } from '../../../shared/schemas/records.ts';
import {
  DIGEST,
  buildStack,
  caller,
  logEntries,
  memoryStores,
  originOf,
  seedOrg,
  validationErrorsOf,
} from './fixture.ts';

const ORG = 'acme';
const NOW = Date.parse('2026-11-22T07:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const SKEW_MS = MAX_FUTURE_IAT_S * 1000;

function setUp() {
  const stores = memoryStores();
  // A clock standing still, so "now" is exactly NOW for every reading.
  const stack = buildStack(stores, { clock: { now: () => NOW } });
  seedOrg(stores, ORG);
  return { stores, stack };
}

const placement = (restrictionId: string, at: string) =>
  placeRestrictionSchema.parse({
    restrictionId,
    ground: 'ACCURACY_CONTESTED',
    requestedBy: 'PATIENT',
    at,
    recordedBy: 'staff-1',
  });

const lift = (at: string) =>
  liftRestrictionSchema.parse({ at, recordedBy: 'staff-1', reason: 'ACCURACY_VERIFIED', patientInformedAt: at });

describe('restriction instants (policy-uk.md §9.3)', () => {
  it('refuses a placement dated beyond the clock skew, and logs nothing for it', async () => {
    // Prepare
    const { stores, stack } = setUp();
    const patientId = 'MRN-FUTURE-1';

    // Act
    const errors = await validationErrorsOf(
      stack.service.placeRestriction(caller(ORG), patientId, placement('res-ahead', iso(NOW + SKEW_MS + 1)), DIGEST),
    );

    // Assess
    expect(errors).toEqual([expect.objectContaining({ path: 'at', code: 'AT_IN_FUTURE' })]);
    expect(logEntries(stores, originOf(ORG, patientId))).toEqual([]);
  });

  it.each([
    ['1 ms', 1],
    ['the whole skew', SKEW_MS],
  ])('records a placement dated %s ahead at now, in the record and its entry alike', async (_, aheadMs) => {
    // Prepare
    const { stores, stack } = setUp();
    const patientId = 'MRN-SKEW-1';
    const sent = placement('res-skew', iso(NOW + aheadMs));

    // Act
    const placed = await stack.service.placeRestriction(caller(ORG), patientId, sent, DIGEST);
    const retried = await stack.service.placeRestriction(caller(ORG), patientId, sent, DIGEST);
    const { restrictions } = await stack.service.getRecords(caller(ORG), patientId);

    // Assess
    expect(placed.restriction.at).toBe(iso(NOW));
    expect(restrictions.map((r) => r.at)).toEqual([iso(NOW)]);
    const entries = logEntries(stores, originOf(ORG, patientId)).map(({ entry }) => entry);
    expect(entries.map((entry) => [entry['type'], (entry['record'] as { at: string }).at])).toEqual([
      ['record.restriction.placed', iso(NOW)],
    ]);
    expect(retried).toEqual(placed);
  });

  it('refuses a lift dated beyond the clock skew; the restriction stays in force until a lift that has happened', async () => {
    // Prepare
    const { stores, stack } = setUp();
    const patientId = 'MRN-FUTURE-2';
    await stack.service.placeRestriction(caller(ORG), patientId, placement('res-1', iso(NOW - 60_000)), DIGEST);

    // Act
    const errors = await validationErrorsOf(
      stack.service.liftRestriction(caller(ORG), patientId, 'res-1', lift(iso(NOW + SKEW_MS + 1)), DIGEST),
    );
    const between = (await stack.service.getRecords(caller(ORG), patientId)).restrictions;
    const lifted = await stack.service.liftRestriction(caller(ORG), patientId, 'res-1', lift(iso(NOW)), DIGEST);

    // Assess
    expect(errors).toEqual([expect.objectContaining({ path: 'at', code: 'AT_IN_FUTURE' })]);
    expect(between.map((r) => r.liftedAt)).toEqual([undefined]);
    expect(lifted.restriction.liftedAt).toBe(iso(NOW));
    const types = logEntries(stores, originOf(ORG, patientId)).map(({ entry }) => entry['type']);
    expect(types).toEqual(['record.restriction.placed', 'record.restriction.lifted']);
  });

  it.each([
    ['1 ms', 1],
    ['the whole skew', SKEW_MS],
  ])('records a lift dated %s ahead at now, and a retry of it answers as the first time', async (_, aheadMs) => {
    // Prepare
    const { stores, stack } = setUp();
    const patientId = 'MRN-SKEW-2';
    await stack.service.placeRestriction(caller(ORG), patientId, placement('res-1', iso(NOW - 60_000)), DIGEST);
    const sent = lift(iso(NOW + aheadMs));

    // Act
    const lifted = await stack.service.liftRestriction(caller(ORG), patientId, 'res-1', sent, DIGEST);
    const retried = await stack.service.liftRestriction(caller(ORG), patientId, 'res-1', sent, DIGEST);
    const { restrictions } = await stack.service.getRecords(caller(ORG), patientId);

    // Assess
    expect(restrictions.map((r) => r.liftedAt)).toEqual([iso(NOW)]);
    const entries = logEntries(stores, originOf(ORG, patientId)).map(({ entry }) => entry);
    expect(entries.map((entry) => [entry['type'], (entry['record'] as { at: string }).at])).toEqual([
      ['record.restriction.placed', iso(NOW - 60_000)],
      ['record.restriction.lifted', iso(NOW)],
    ]);
    expect(retried).toEqual(lifted);
  });
});
