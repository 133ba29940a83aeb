/**
 * The snapshot check of records-manifest.ts against a model of DynamoDB's read-committed Query:
 * writes move META one version at a time, each writing at most one record item; a read takes META
 * at one version and every record item at any version of its own choosing (per-item read-committed,
 * no isolation, no ordering assumed). Whenever the check accepts a read, the read must be exactly
 * the records at META's version.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isOneState, manifestAttribute, type StoredItem } from '../../../shared/adapters/dynamodb/records-manifest.ts';

const KEYS = ['CONSENT#a', 'CONSENT#b', 'OBJECTION#c', 'RESTRICTION#d'] as const;
type State = { meta: StoredItem; items: Map<string, StoredItem> };

/** Legacy items (no rev, no manifest entry) first, then one state per write under the manifest scheme. */
function history(legacy: readonly string[], writes: ReadonlyArray<string | null>): State[] {
  let meta: StoredItem = { sk: 'META', version: 1 };
  let items = new Map<string, StoredItem>(legacy.map((sk) => [sk, { sk, body: 'legacy' }]));
  const states: State[] = [{ meta, items }];
  writes.forEach((sk, i) => {
    const version = 2 + i;
    meta = { ...meta, version, ...(sk !== null ? { [manifestAttribute(sk)]: version } : {}) };
    if (sk !== null) items = new Map(items).set(sk, { sk, rev: version, body: `written at ${version}` });
    states.push({ meta, items });
  });
  return states;
}

const scenario = fc
  .record({
    legacy: fc.subarray([...KEYS]),
    writes: fc.array(fc.option(fc.constantFrom(...KEYS), { nil: null }), { minLength: 1, maxLength: 12 }),
  })
  .chain(({ legacy, writes }) =>
    fc.record({
      legacy: fc.constant(legacy),
      writes: fc.constant(writes),
      metaAt: fc.nat(writes.length),
      itemsAt: fc.array(fc.nat(writes.length), { minLength: KEYS.length, maxLength: KEYS.length }),
    }),
  );

describe('records snapshot check (records-manifest.ts)', () => {
  it('accepts a read only when it is exactly the records at the version of the META it read', () => {
    fc.assert(
      fc.property(scenario, ({ legacy, writes, metaAt, itemsAt }) => {
        // Prepare
        const states = history(legacy, writes);
        const read = KEYS.map((sk, i) => states[itemsAt[i]!]!.items.get(sk)).filter(
          (item): item is StoredItem => item !== undefined,
        );

        // Act
        const accepted = isOneState(states[metaAt]!.meta, read);

        // Assess
        if (accepted)
          expect(read).toEqual(
            [...states[metaAt]!.items.values()].sort(
              (a, b) => KEYS.indexOf(a['sk'] as never) - KEYS.indexOf(b['sk'] as never),
            ),
          );
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts every read taken at a single version, legacy items included', () => {
    // Act / Assess
    fc.assert(
      fc.property(scenario, ({ legacy, writes, metaAt }) => {
        const state = history(legacy, writes)[metaAt]!;
        expect(isOneState(state.meta, [...state.items.values()])).toBe(true);
      }),
    );
  });

  it('rejects a read that missed an item META lists, an item META does not list, and an item of another version', () => {
    // Prepare
    const meta = { sk: 'META', version: 3, [manifestAttribute('CONSENT#a')]: 2, [manifestAttribute('OBJECTION#c')]: 3 };
    const a = { sk: 'CONSENT#a', rev: 2 };
    const c = { sk: 'OBJECTION#c', rev: 3 };

    // Act / Assess
    expect(isOneState(meta, [a, c])).toBe(true);
    expect(isOneState(meta, [a])).toBe(false);
    expect(isOneState(meta, [a, c, { sk: 'CONSENT#b', rev: 4 }])).toBe(false);
    expect(isOneState(meta, [{ ...a, rev: 1 }, c])).toBe(false);
    expect(isOneState(meta, [{ sk: 'CONSENT#a' }, c])).toBe(false);
    expect(isOneState(undefined, [{ sk: 'OBJECTION#c', rev: 1 }])).toBe(false);
  });
});
