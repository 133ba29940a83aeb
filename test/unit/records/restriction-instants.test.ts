/**
 * A restriction and its lift are recorded once they have happened (policy-uk.md §9.3): an `at`
 * later than the gatekeeper's clock is refused with 422 naming `at`, because the entry is logged now
 * while the gate would apply the change only later, and the verifier's promise and the Art 19
 * notifications date it by the log. Nothing is written for a refused change.
 */
import { describe, expect, it } from 'vitest';
import { ValidationFailedError } from '../../../shared/errors.ts';
import { liftRestrictionSchema, placeRestrictionSchema } from '../../../shared/schemas/records.ts';
import { DIGEST, buildStack, caller, logEntries, memoryStores, originOf, seedOrg } from './fixture.ts';

const ORG = 'acme';
const NOW = Date.parse('2026-11-22T07:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

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

async function refusal(action: Promise<unknown>): Promise<unknown> {
  const error = await action.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ValidationFailedError);
  return (error as ValidationFailedError).errors;
}

describe('restriction instants (policy-uk.md §9.3)', () => {
  it('refuses a placement dated after now, and logs nothing for it; at now it is recorded', async () => {
    // Prepare
    const { stores, stack } = setUp();
    const patientId = 'MRN-FUTURE-1';

    // Act
    const errors = await refusal(
      stack.service.placeRestriction(caller(ORG), patientId, placement('res-ahead', iso(NOW + 1)), DIGEST),
    );
    const placed = await stack.service.placeRestriction(caller(ORG), patientId, placement('res-now', iso(NOW)), DIGEST);

    // Assess
    expect(errors).toEqual([expect.objectContaining({ path: 'at', code: 'AT_IN_FUTURE' })]);
    expect(placed.restriction.restrictionId).toBe('res-now');
    const types = logEntries(stores, originOf(ORG, patientId)).map(({ entry }) => entry['type']);
    expect(types).toEqual(['record.restriction.placed']);
  });

  it('refuses a lift dated after now; the restriction stays in force until a lift that has happened', async () => {
    // Prepare
    const { stores, stack } = setUp();
    const patientId = 'MRN-FUTURE-2';
    await stack.service.placeRestriction(caller(ORG), patientId, placement('res-1', iso(NOW - 60_000)), DIGEST);

    // Act
    const errors = await refusal(
      stack.service.liftRestriction(caller(ORG), patientId, 'res-1', lift(iso(NOW + 60_000)), DIGEST),
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
});
