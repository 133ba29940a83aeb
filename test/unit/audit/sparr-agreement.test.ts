/**
 * The spärr gate and the verifier's spärr promise read an outer block the same way (policy-se.md
 * §2, §9): for any placement (dated before or after its entry, with or without an expiry) and any
 * lift the records endpoint accepts (dated at or before its entry, not before the block), an SJF
 * release logged at time t is a violation for the verifier exactly when the gate, reading the
 * records as they stood at t, holds the block in force. So an honest release always verifies and
 * the gate never denies what the verifier would let pass.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../shared/audit/entry.ts';
import { SJF_FLOW, SparrPromise } from '../../../shared/audit/sparr-promise.ts';
import { activeBlocks } from '../../../shared/policy/gates/blocks.ts';
import type { Block } from '../../../shared/records/se-model.ts';

const MINUTE = 60_000;
const T0 = Date.parse('2026-11-22T07:00:00.000Z');
const iso = (minutes: number) => new Date(T0 + minutes * MINUTE).toISOString();
const patient = { ref: 'PN-1' };

interface Timeline {
  readonly blockAt: number;
  readonly expiresAfter: number | undefined;
  /** When the lift is logged and how long before that its `at` lies; undefined: never lifted. */
  readonly lift: { readonly logged: number; readonly back: number } | undefined;
  readonly decisions: readonly number[];
}

// Records are logged at even minutes (the placement at 0), releases at odd ones: no ties in the log.
const timeline: fc.Arbitrary<Timeline> = fc.record({
  blockAt: fc.integer({ min: -600, max: 600 }),
  expiresAfter: fc.option(fc.integer({ min: 1, max: 1200 }), { nil: undefined }),
  lift: fc.option(fc.record({ logged: fc.integer({ min: 1, max: 900 }), back: fc.integer({ min: 0, max: 600 }) }), {
    nil: undefined,
  }),
  decisions: fc.array(fc.integer({ min: -60, max: 1800 }), { maxLength: 12 }),
});

/** The lift as the records endpoint would record it, or undefined where it refuses or none is asked. */
function acceptedLift({ blockAt, lift }: Timeline): { logged: number; at: number } | undefined {
  if (lift === undefined) return undefined;
  const logged = lift.logged * 2;
  const at = Math.max(blockAt, logged - lift.back);
  // Not before the block (WITHDRAWAL_BEFORE_RECORD), not after the moment it is logged (AT_IN_FUTURE).
  return at <= logged ? { logged, at } : undefined;
}

function placedBlock(line: Timeline): Block {
  return {
    blockId: 'blk-1',
    kind: 'YTTRE',
    at: iso(line.blockAt),
    ...(line.expiresAfter !== undefined ? { expiresAt: iso(line.blockAt + line.expiresAfter) } : {}),
    source: 'LOCAL',
    recordedBy: 'staff-1',
  };
}

function release(minute: number): AuditEntry {
  const decision = { flow: SJF_FLOW, outcome: 'ALLOW_WITH_REDACTION', recipient: { id: 'se-vc-norr' } };
  return { type: 'disclosure.decision', patient, time: iso(minute), decision } as unknown as AuditEntry;
}

function recordEntry(type: string, record: Record<string, string>): AuditEntry {
  return { type, patient, record } as unknown as AuditEntry;
}

/** For each release in log order: [the gate holds the block in force, the verifier reports a violation]. */
function verdicts(line: Timeline): Array<[boolean, boolean]> {
  const block = placedBlock(line);
  const lift = acceptedLift(line);
  const { blockId, kind, at, expiresAt } = block;
  const events: Array<{ minute: number; entry: AuditEntry; release?: boolean }> = [
    {
      minute: 0,
      entry: recordEntry('record.block.placed', { blockId, kind, at, ...(expiresAt ? { expiresAt } : {}) }),
    },
    ...(lift
      ? [{ minute: lift.logged, entry: recordEntry('record.block.lifted', { blockId, at: iso(lift.at) }) }]
      : []),
    ...line.decisions.map((minute) => ({ minute: minute * 2 + 1, entry: release(minute * 2 + 1), release: true })),
  ].sort((a, b) => a.minute - b.minute);
  const promise = new SparrPromise();
  return events.flatMap(({ minute, entry, release: isRelease }, index): Array<[boolean, boolean]> => {
    const failure = promise.check(entry, index);
    if (!isRelease) return [];
    // The gate reads the records as they stood when it decided: only what was logged before.
    const known: Block[] =
      minute < 0 ? [] : [lift && lift.logged < minute ? { ...block, lifted: liftOf(lift.at) } : block];
    return [[activeBlocks(known, T0 + minute * MINUTE).length > 0, failure?.code === 'sparr_order_violation']];
  });
}

const liftOf = (minute: number) => ({ at: iso(minute), recordedBy: 'staff-1', reason: 'PATIENT_REQUEST' as const });

describe('the spärr gate and the spärr promise agree (policy-se.md §2, §9)', () => {
  it('an SJF release is a violation for the verifier exactly when the gate holds the outer block in force', () => {
    fc.assert(
      fc.property(timeline, (line) => {
        // Act
        const pairs = verdicts(line);

        // Assess
        for (const [gateHolds, verifierFails] of pairs) expect(verifierFails).toBe(gateHolds);
      }),
      { numRuns: 400 },
    );
  });
});
