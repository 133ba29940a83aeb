/**
 * A Swedish block's permanent lift is recorded once it has happened (policy-se.md §2, §9): a lift
 * whose `at` is further ahead of the gatekeeper's clock than a caller's clock may run (the `iat`
 * tolerance, api.md §1) is refused with 422 naming `at`; within it, it is recorded at the
 * gatekeeper's time. The gate would
 * keep the block in force until that `at`, while the verifier's spärr promise reads the block as
 * lifted from the lift's place in the log, so the two would disagree for the interval. Nothing is
 * written for a refused lift, and a lift at the clock's own instant is recorded. A spärr check is
 * a reading already taken: one dated ahead would read as unknown to the gate until then and, as the
 * latest check wins, refuse every real reading older than it meanwhile.
 */
import { describe, expect, it } from 'vitest';
import { MAX_FUTURE_IAT_S } from '../../../shared/auth/claims.ts';
import type { LiftBlockBody, PlaceBlockBody } from '../../../shared/schemas/se-records.ts';
import { SwedishRecordsService } from '../../../shared/services/se-records-service.ts';
import {
  buildStack,
  caller,
  DEPLOYMENT,
  DIGEST,
  logEntries,
  memoryStores,
  originOf,
  seedOrg,
  validationErrorsOf,
} from './fixture.ts';

const ORG = 'demo-se';
const PATIENT = 'PN-FUTURE-1';
const NOW = Date.parse('2026-11-22T07:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const SKEW_MS = MAX_FUTURE_IAT_S * 1000;

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

describe('Swedish record instants (policy-se.md §2, §9)', () => {
  it('refuses a lift dated beyond the clock skew and logs nothing for it; the block stays in force', async () => {
    // Prepare
    const { stores, stack, swedish } = setUp();
    await swedish.placeBlock(caller(ORG), PATIENT, outerBlock, DIGEST);

    // Act
    const errors = await validationErrorsOf(
      swedish.liftBlock(caller(ORG), PATIENT, 'blk-1', liftAt(iso(NOW + SKEW_MS + 1)), DIGEST),
    );
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

  it('refuses a spärr check dated beyond the clock skew, which would refuse every real check older than it', async () => {
    // Prepare
    const { stores, swedish } = setUp();
    const check = (checkedAt: string) => ({ status: 'CHECKED' as const, checkedAt, source: 'LOCAL' as const });

    // Act
    const errors = await validationErrorsOf(
      swedish.putSparrCheck(caller(ORG), PATIENT, check(iso(NOW + SKEW_MS + 1)), DIGEST),
    );
    const recorded = await swedish.putSparrCheck(caller(ORG), PATIENT, check(iso(NOW)), DIGEST);

    // Assess
    expect(errors).toEqual([expect.objectContaining({ path: 'checkedAt', code: 'AT_IN_FUTURE' })]);
    expect(recorded.sparrCheck.checkedAt).toBe(iso(NOW));
    const types = logEntries(stores, originOf(ORG, PATIENT)).map(({ entry }) => entry['type']);
    expect(types).toEqual(['record.sparr.checked']);
  });

  it.each([
    ['1 ms', 1],
    ['the whole skew', SKEW_MS],
  ])('records a lift dated %s ahead at now, in the block and its entry alike', async (_, aheadMs) => {
    // Prepare
    const { stores, stack, swedish } = setUp();
    await swedish.placeBlock(caller(ORG), PATIENT, outerBlock, DIGEST);
    const sent = liftAt(iso(NOW + aheadMs));

    // Act
    const lifted = await swedish.liftBlock(caller(ORG), PATIENT, 'blk-1', sent, DIGEST);
    const retried = await swedish.liftBlock(caller(ORG), PATIENT, 'blk-1', sent, DIGEST);
    const { blocks } = await stack.service.getRecords(caller(ORG), PATIENT);

    // Assess
    expect(blocks?.map((block) => [block.lifted?.at, block.active])).toEqual([[iso(NOW), false]]);
    const entries = logEntries(stores, originOf(ORG, PATIENT)).map(({ entry }) => entry);
    expect(entries.map((entry) => [entry['type'], (entry['record'] as { at: string }).at])).toEqual([
      ['record.block.placed', outerBlock.at],
      ['record.block.lifted', iso(NOW)],
    ]);
    expect(retried).toEqual(lifted);
  });

  it.each([
    ['1 ms', 1],
    ['the whole skew', SKEW_MS],
  ])('records a spärr check dated %s ahead at now, and a retry of it answers as the first time', async (_, aheadMs) => {
    // Prepare
    const { stores, swedish } = setUp();
    const sent = { status: 'CHECKED' as const, checkedAt: iso(NOW + aheadMs), source: 'LOCAL' as const };

    // Act
    const recorded = await swedish.putSparrCheck(caller(ORG), PATIENT, sent, DIGEST);
    const retried = await swedish.putSparrCheck(caller(ORG), PATIENT, sent, DIGEST);

    // Assess
    expect(recorded.sparrCheck.checkedAt).toBe(iso(NOW));
    const entries = logEntries(stores, originOf(ORG, PATIENT)).map(({ entry }) => entry);
    expect(entries.map((entry) => [entry['type'], (entry['record'] as { checkedAt: string }).checkedAt])).toEqual([
      ['record.sparr.checked', iso(NOW)],
    ]);
    expect(retried).toEqual(recorded);
  });
});
