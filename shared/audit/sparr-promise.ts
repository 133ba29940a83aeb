/**
 * The spärr promise of policy-se.md §9: no release on the SJF flow while an outer block (YTTRE)
 * placed earlier in the same log was active for that patient: placed at or before the decision's
 * time, not expired, and not lifted by an entry earlier in the log whose `at` is at or before the
 * decision's time (as the gate reads a lift; the records endpoint refuses a lift dated ahead of the
 * moment it is logged, but a log written before that refusal may hold one). Where the deployment allows
 * emergency access to pass an outer block (`se.yttreSparr.overridable=true`), the release must say
 * so itself: its `sparr.yttreOverridable`, the block among its lifts by SE_NODATKOMST, and an
 * SE_NODATKOMST override. Entries without the flag (every entry of a default deployment, and every
 * one written before it existed) are held to the absolute promise. Messages cite indexes only.
 */
import { RELEASING_OUTCOMES, type AuditEntry, type DecisionEntry } from './entry.ts';
import type { FailureCode } from './verifier-types.ts';

/** The flow an outer block is absolute for. */
export const SJF_FLOW = 'se-sjf-direct-care';
/** The only emergency access that may pass an outer block, where the switch allows it. */
const NODATKOMST = 'SE_NODATKOMST';

interface OuterBlock {
  readonly blockId: string;
  readonly placedIndex: number;
  readonly at: number;
  readonly expiresAt: number;
  /** The first lift's `at`, once a lift is logged; an unreadable one never takes effect (fail closed). */
  liftedAt?: number;
}

function blockKey(patient: string, blockId: string): string {
  return JSON.stringify([patient, blockId]);
}

/** A block id as logged; anything else cannot match a block and is kept apart by its JSON form. */
function idOf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function timeOf(value: unknown, fallback: number): number {
  const parsed = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isNaN(parsed) ? fallback : parsed;
}

export class SparrPromise {
  readonly #outer = new Map<string, OuterBlock>();

  check(entry: AuditEntry, index: number): { code: FailureCode; message: string } | undefined {
    if (entry.type === 'record.block.placed' && entry.record['kind'] === 'YTTRE') {
      const blockId = idOf(entry.record['blockId']);
      const key = blockKey(entry.patient.ref, blockId);
      if (!this.#outer.has(key))
        this.#outer.set(key, {
          blockId,
          placedIndex: index,
          // An unreadable instant counts as always active: the promise fails closed.
          at: timeOf(entry.record['at'], Number.NEGATIVE_INFINITY),
          expiresAt: timeOf(entry.record['expiresAt'], Number.POSITIVE_INFINITY),
        });
      return undefined;
    }
    if (entry.type === 'record.block.lifted') {
      const block = this.#outer.get(blockKey(entry.patient.ref, idOf(entry.record['blockId'])));
      if (block && block.liftedAt === undefined) block.liftedAt = timeOf(entry.record['at'], Number.POSITIVE_INFINITY);
      return undefined;
    }
    if (entry.type !== 'disclosure.decision' || entry.decision.flow !== SJF_FLOW) return undefined;
    if (!RELEASING_OUTCOMES.includes(entry.decision.outcome)) return undefined;
    const time = Date.parse(entry.time);
    const prefix = JSON.stringify([entry.patient.ref]).slice(0, -1);
    for (const [key, block] of this.#outer) {
      if (!key.startsWith(`${prefix},`) || liftedBy(block, time) || passedByEmergencyAccess(entry, block)) continue;
      if (block.at <= time && time < block.expiresAt)
        return {
          code: 'sparr_order_violation',
          message: `The ${entry.decision.outcome} on the SJF flow at index ${index} was made while the outer block placed at index ${block.placedIndex} was active`,
        };
    }
    return undefined;
  }
}

/** A lift logged earlier takes the block out of force from its own `at`, as the gate reads it. */
function liftedBy(block: OuterBlock, time: number): boolean {
  return block.liftedAt !== undefined && block.liftedAt <= time;
}

/** The release itself records that the switch allowed it and that nödåtkomst passed this very block. */
function passedByEmergencyAccess(entry: DecisionEntry, block: OuterBlock): boolean {
  const { sparr, override } = entry.decision;
  return (
    sparr?.yttreOverridable === true &&
    override?.code === NODATKOMST &&
    sparr.lifted.some((lift) => lift.blockId === block.blockId && lift.by === NODATKOMST)
  );
}
