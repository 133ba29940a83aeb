import { RELEASING_OUTCOMES, type AuditEntry } from './entry.ts';
import type { FailureCode } from './verifier-types.ts';

interface Placed {
  readonly index: number;
  /** Absent: every episode of the patient. */
  readonly episodeIds?: readonly string[];
}

/**
 * The restriction log promise (policy-uk.md §9.3.3), checked in index order over one log: every
 * non-mandatory release logged after a `record.restriction.placed` that covers its episode, and
 * before that restriction's `record.restriction.lifted`, carries a `RESTRICTION_EXCEPTION_*` code;
 * and a lift records the patient informed at or before it (Art 18(3)). Messages cite indexes only.
 */
export class RestrictionPromise {
  /** Restrictions in force, by patient and restriction id. */
  readonly #inForce = new Map<string, Map<string, Placed>>();

  check(entry: AuditEntry, index: number): { code: FailureCode; message: string } | undefined {
    if (entry.type === 'record.restriction.placed') {
      const record = entry.record as { restrictionId: string; episodeIds?: readonly string[] };
      this.#of(entry.patient.ref).set(record.restrictionId, {
        index,
        ...(record.episodeIds !== undefined ? { episodeIds: record.episodeIds } : {}),
      });
      return undefined;
    }
    if (entry.type === 'record.restriction.lifted') {
      const record = entry.record as { restrictionId: string; at?: string; patientInformedAt?: string };
      this.#of(entry.patient.ref).delete(record.restrictionId);
      if (record.at !== undefined && record.patientInformedAt !== undefined && record.patientInformedAt > record.at)
        return {
          code: 'restriction_violation',
          message: `The lift at index ${index} records the patient informed after the lift`,
        };
      return undefined;
    }
    if (entry.type !== 'disclosure.decision') return undefined;
    const { outcome, basis, reasonCodes, episodeId } = entry.decision;
    if (!RELEASING_OUTCOMES.includes(outcome) || basis?.source === 'INSTRUMENT') return undefined;
    if (reasonCodes.some((code) => code.startsWith('RESTRICTION_EXCEPTION_'))) return undefined;
    const covering = [...this.#of(entry.patient.ref).values()].find(
      (placed) => placed.episodeIds === undefined || (episodeId !== undefined && placed.episodeIds.includes(episodeId)),
    );
    if (covering === undefined) return undefined;
    return {
      code: 'restriction_violation',
      message: `The ${outcome} decision at index ${index} was logged while the restriction placed at index ${covering.index} covered it, with no exception`,
    };
  }

  #of(patient: string): Map<string, Placed> {
    let found = this.#inForce.get(patient);
    if (!found) this.#inForce.set(patient, (found = new Map<string, Placed>()));
    return found;
  }
}
