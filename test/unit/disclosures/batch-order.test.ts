/**
 * Issue 15: a batch decides its items log by log, one item of each patient in turn, so that the
 * items decided together can share an audit transaction (releases of one patient cannot: each
 * updates the patient's records META). The order only changes when items are decided: every item
 * is still decided once, a patient's items start in request order, and results keep request order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupableOrder, type BatchItemLog } from '../../../shared/services/batch-order.ts';
import { mapLimited } from '../../../functions/disclosures/batch.ts';

const itemsArbitrary = fc.array(
  fc.oneof(
    {
      weight: 9,
      arbitrary: fc.record({
        log: fc.constantFrom('L0', 'L1', 'L2'),
        patient: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
      }),
    },
    { weight: 1, arbitrary: fc.constant({ log: undefined, patient: undefined }) },
  ),
  { maxLength: 60 },
);

/** A patient's items are only of one log (a patient's entries all go to its log). */
const consistent = (items: readonly BatchItemLog[]) =>
  items.map((item) => (item.patient === undefined ? item : { ...item, log: `log-of-${item.patient}` }));

describe('groupableOrder', () => {
  it('starts every item exactly once, items that log nothing first, each patient in request order', () => {
    fc.assert(
      fc.property(itemsArbitrary, (drawn) => {
        // Prepare
        const items = consistent(drawn);

        // Act
        const order = groupableOrder(items);

        // Assess
        expect([...order].sort((a, b) => a - b)).toEqual(items.map((_, index) => index));
        const unlogged = items.flatMap((item, index) => (item.log === undefined ? [index] : []));
        expect(order.slice(0, unlogged.length)).toEqual(unlogged);
        for (const patient of new Set(items.map((item) => item.patient))) {
          const own = order.filter((index) => items[index]!.patient === patient);
          expect(own).toEqual([...own].sort((a, b) => a - b));
        }
      }),
    );
  });

  it("keeps each log's items together and never repeats a patient before every other patient of its log had a turn", () => {
    fc.assert(
      fc.property(itemsArbitrary, (drawn) => {
        // Prepare
        const items = consistent(drawn).filter((item) => item.log !== undefined);

        // Act
        const order = groupableOrder(items).map((index) => items[index]!);

        // Assess: one run per log, and within it the k-th turn of a patient only after every
        // patient with at least k items had its (k-1)-th
        const runs = order.map((item) => item.log).filter((log, i, all) => i === 0 || all[i - 1] !== log);
        expect(runs).toEqual([...new Set(runs)]);
        const turns = new Map<string, number>();
        const turnOf = order.map((item) => {
          const turn = turns.get(item.patient!) ?? 0;
          turns.set(item.patient!, turn + 1);
          return { log: item.log, turn };
        });
        turnOf.forEach((current, i) => {
          const next = turnOf[i + 1];
          if (next && next.log === current.log) expect(next.turn).toBeGreaterThanOrEqual(current.turn);
        });
      }),
    );
  });

  it('interleaves the patients of one log: a, b, c, a, b, a', () => {
    // Prepare
    const item = (patient: string) => ({ log: 'L0', patient });
    const items = [item('a'), item('a'), item('a'), item('b'), item('b'), item('c')];

    // Act
    const order = groupableOrder(items);

    // Assess
    expect(order).toEqual([0, 3, 5, 1, 4, 2]);
  });
});

describe('mapLimited in a given order', () => {
  it('starts the items in that order and answers in input order', async () => {
    // Prepare
    const started: string[] = [];

    // Act
    const results = await mapLimited(['a', 'b', 'c', 'd'], 1, [2, 0, 3, 1], (item) => {
      started.push(item);
      return Promise.resolve(item.toUpperCase());
    });

    // Assess
    expect(started).toEqual(['c', 'a', 'd', 'b']);
    expect(results).toEqual(['A', 'B', 'C', 'D']);
  });
});
