/**
 * A Swedish block's permanent lift is recorded once it has happened (policy-se.md §2, §9): a lift
 * whose `at` is later than the gatekeeper's clock is refused with 422 naming `at`. The gate would
 * keep the block in force until that `at`, while the verifier's spärr promise reads the block as
 * lifted from the lift's place in the log, so the two would disagree for the interval. Nothing is
 * written for a refused lift, and a lift at the clock's own instant is recorded. A spärr check is
 * a reading already taken: one dated ahead would read as unknown to the gate until then and, as the
 * latest check wins, refuse every real reading older than it meanwhile.
 */
import { describe, expect, it } from 'vitest';
import { ValidationFailedError } from '../../../shared/errors.ts';
import type { LiftBlockBody, PlaceBlockBody } from '../../../shared/schemas/se-records.ts';
import { SwedishRecordsService } from '../../../shared/services/se-records-service.ts';
import { buildStack, caller, DEPLOYMENT, DIGEST, logEntries, memoryStores, originOf, seedOrg } from './fixture.ts';

const ORG = 'demo-se';
const PATIENT = 'PN-FUTURE-1';
const NOW = Date.parse('2026-11-22T07:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

function setUp() {
  const stores = memoryStores();
  seedOrg(stores, ORG);
  // A clock standing still, so "now" is exactly NOW for every reading.
  const stack = buildStack(stores, { clock: { now: () => NOW } });
  const swedish = new SwedishRecordsService({ ...stack, deployment: DEPLOYMENT });
  return { stores, stack, swedish };
}

const outerBlock: PlaceBlockBody = {
  blockId: 'blk-1',
  kind: 'YTTRE',
  at: iso(NOW - 86_400_000),
  source: 'LOCAL',
  recordedBy: 'staff-1',
};

const liftAt = (at: string): LiftBlockBody => ({ at, recordedBy: 'staff-1', reason: 'PATIENT_REQUEST' });

async function refusal(action: Promise<unknown>): Promise<unknown> {
  const error = await action.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ValidationFailedError);
  return (error as ValidationFailedError).errors;
}

describe('Swedish record instants (policy-se.md §2, §9)', () => {
  it('refuses a lift dated after now and logs nothing for it; the block stays in force', async () => {
    // Prepare
    const { stores, stack, swedish } = setUp();
    await swedish.placeBlock(caller(ORG), PATIENT, outerBlock, DIGEST);

    // Act
    const errors = await refusal(swedish.liftBlock(caller(ORG), PATIENT, 'blk-1', liftAt(iso(NOW + 1)), DIGEST));
    const { blocks } = await stack.service.getRecords(caller(ORG), PATIENT);

    // Assess
    expect(errors).toEqual([expect.objectContaining({ path: 'at', code: 'AT_IN_FUTURE' })]);
    expect(blocks?.map((block) => [block.blockId, block.lifted, block.active])).toEqual([['blk-1', undefined, true]]);
    const types = logEntries(stores, originOf(ORG, PATIENT)).map(({ entry }) => entry['type']);
    expect(types).toEqual(['record.block.placed']);
  });

  it('records a lift dated now, and the block is out of force from that instant', async () => {
    // Prepare
    const { stores, stack, swedish } = setUp();
    await swedish.placeBlock(caller(ORG), PATIENT, outerBlock, DIGEST);

    // Act
    const lifted = await swedish.liftBlock(caller(ORG), PATIENT, 'blk-1', liftAt(iso(NOW)), DIGEST);
    const { blocks } = await stack.service.getRecords(caller(ORG), PATIENT);

    // Assess
    expect(lifted.block.lifted?.at).toBe(iso(NOW));
    expect(blocks?.map((block) => block.active)).toEqual([false]);
    const types = logEntries(stores, originOf(ORG, PATIENT)).map(({ entry }) => entry['type']);
    expect(types).toEqual(['record.block.placed', 'record.block.lifted']);
  });

  it('refuses a spärr check dated after now, which would refuse every real check older than it', async () => {
    // Prepare
    const { stores, swedish } = setUp();
    const check = (checkedAt: string) => ({ status: 'CHECKED' as const, checkedAt, source: 'LOCAL' as const });

    // Act
    const errors = await refusal(swedish.putSparrCheck(caller(ORG), PATIENT, check(iso(NOW + 60_000)), DIGEST));
    const recorded = await swedish.putSparrCheck(caller(ORG), PATIENT, check(iso(NOW)), DIGEST);

    // Assess
    expect(errors).toEqual([expect.objectContaining({ path: 'checkedAt', code: 'AT_IN_FUTURE' })]);
    expect(recorded.sparrCheck.checkedAt).toBe(iso(NOW));
    const types = logEntries(stores, originOf(ORG, PATIENT)).map(({ entry }) => entry['type']);
    expect(types).toEqual(['record.sparr.checked']);
  });
});
