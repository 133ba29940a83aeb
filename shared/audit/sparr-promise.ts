/**
 * The spärr promise of policy-se.md §9 (with `se.yttreSparr.overridable=false`, the default): no
 * release on the SJF flow while an outer block (YTTRE) placed earlier in the same log was active for
 * that patient: placed at or before the decision's time, not expired, and not lifted by an entry
 * earlier in the log. Messages cite indexes, never ids or contents.
 */
import { RELEASING_OUTCOMES, type AuditEntry } from './entry.ts';
import type { FailureCode } from './verifier-types.ts';

/** The flow an outer block is absolute for. */
export const SJF_FLOW = 'se-sjf-direct-care';

interface OuterBlock {
  readonly placedIndex: number;
  readonly at: number;
  readonly expiresAt: number;
  lifted: boolean;
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
      const key = blockKey(entry.patient.ref, idOf(entry.record['blockId']));
      if (!this.#outer.has(key))
        this.#outer.set(key, {
          placedIndex: index,
          // An unreadable instant counts as always active: the promise fails closed.
          at: timeOf(entry.record['at'], Number.NEGATIVE_INFINITY),
          expiresAt: timeOf(entry.record['expiresAt'], Number.POSITIVE_INFINITY),
          lifted: false,
        });
      return undefined;
    }
    if (entry.type === 'record.block.lifted') {
      const block = this.#outer.get(blockKey(entry.patient.ref, idOf(entry.record['blockId'])));
      if (block) block.lifted = true;
      return undefined;
    }
    if (entry.type !== 'disclosure.decision' || entry.decision.flow !== SJF_FLOW) return undefined;
    if (!RELEASING_OUTCOMES.includes(entry.decision.outcome)) return undefined;
    const time = Date.parse(entry.time);
    const prefix = JSON.stringify([entry.patient.ref]).slice(0, -1);
    for (const [key, block] of this.#outer) {
      if (!key.startsWith(`${prefix},`) || block.lifted) continue;
      if (block.at <= time && time < block.expiresAt)
        return {
          code: 'sparr_order_violation',
          message: `The ${entry.decision.outcome} on the SJF flow at index ${index} was made while the outer block placed at index ${block.placedIndex} was active`,
        };
    }
    return undefined;
  }
}
