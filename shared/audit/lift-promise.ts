/**
 * The temporary-lift promise of policy-se.md §2 and §9: a release that relies on a lift consent
 * (SE_SAMTYCKE_HAVNING) for an inner block was decided while that lift was in force. Its
 * `decision.sparr.lifted` names the consent; that consent must have been given earlier in the same
 * log for the same patient with this scope, not withdrawn earlier in the log, name the block's care
 * unit and, if it names a recipient, this recipient, and the entry's time must lie in
 * [consent.at, consent.expiresAt). So an operator cannot log (and sign) a release after the lift
 * expired, nor cite a lift that never existed. Lifts by emergency access are other promises' concern.
 * Messages cite indexes only.
 */
import { RELEASING_OUTCOMES, type AuditEntry, type ConsentEntry, type DecisionEntry } from './entry.ts';
import type { FailureCode } from './verifier-types.ts';

/** The consent scope that lifts one inner block for a while (policy-se.md §2). */
const LIFT_SCOPE = 'SE_SAMTYCKE_HAVNING';

interface LiftConsent {
  readonly givenIndex: number;
  readonly careUnitId: unknown;
  readonly recipientId: unknown;
  readonly from: number;
  readonly until: number;
  withdrawnIndex?: number;
}

type Failure = { code: FailureCode; message: string };

function keyOf(patient: string, id: unknown): string {
  return JSON.stringify([patient, id]);
}

/** An unreadable or missing instant fails closed: `from` then lies in the future, `until` in the past. */
function instant(value: unknown, unreadable: number): number {
  const parsed = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isNaN(parsed) ? unreadable : parsed;
}

export class LiftPromise {
  readonly #consents = new Map<string, LiftConsent>();
  /** Inner blocks' care units by patient and block id, as placed earlier in the log. */
  readonly #blockUnits = new Map<string, unknown>();

  check(entry: AuditEntry, index: number): Failure | undefined {
    switch (entry.type) {
      case 'record.block.placed': {
        // The first placement is the block; a later entry for the same id cannot move it to another unit.
        const key = keyOf(entry.patient.ref, entry.record['blockId']);
        if (!this.#blockUnits.has(key)) this.#blockUnits.set(key, entry.record['careUnitId']);
        return undefined;
      }
      case 'record.consent.given':
        this.#given(entry.patient.ref, entry.record, index);
        return undefined;
      case 'record.consent.withdrawn': {
        const consent = this.#consents.get(keyOf(entry.patient.ref, entry.record.consentId));
        if (consent !== undefined && consent.withdrawnIndex === undefined) consent.withdrawnIndex = index;
        return undefined;
      }
      case 'disclosure.decision':
        return this.#checkRelease(entry, index);
      default:
        return undefined;
    }
  }

  #given(patient: string, record: ConsentEntry['record'], index: number) {
    if (record['scope'] !== LIFT_SCOPE || record['status'] !== 'GIVEN') return;
    const key = keyOf(patient, record.consentId);
    if (this.#consents.has(key)) return;
    this.#consents.set(key, {
      givenIndex: index,
      careUnitId: record['careUnitId'],
      recipientId: record['recipientId'],
      from: instant(record['at'], Number.POSITIVE_INFINITY),
      until: instant(record['expiresAt'], Number.NEGATIVE_INFINITY),
    });
  }

  #checkRelease(entry: DecisionEntry, index: number): Failure | undefined {
    const { outcome, sparr, recipient } = entry.decision;
    if (!RELEASING_OUTCOMES.includes(outcome) || sparr === undefined) return undefined;
    const time = instant(entry.time, Number.NaN);
    for (const lift of sparr.lifted) {
      if (lift.by !== LIFT_SCOPE) continue;
      const consent =
        lift.recordId === undefined ? undefined : this.#consents.get(keyOf(entry.patient.ref, lift.recordId));
      const problem = liftProblem(consent, {
        time,
        recipientId: recipient.id,
        blockUnit: this.#blockUnits.get(keyOf(entry.patient.ref, lift.blockId)),
      });
      if (problem !== undefined)
        return { code: 'sparr_lift_violation', message: `The ${outcome} at index ${index} ${problem}` };
    }
    return undefined;
  }
}

/** What is wrong with relying on this lift consent for this release, or undefined when nothing is. */
function liftProblem(
  consent: LiftConsent | undefined,
  release: { readonly time: number; readonly recipientId: string; readonly blockUnit: unknown },
): string | undefined {
  if (consent === undefined) return 'relies on a lift consent not given earlier in this log for this patient';
  const cited = `the lift consent given at index ${consent.givenIndex}`;
  if (consent.withdrawnIndex !== undefined) return `relies on ${cited}, withdrawn at index ${consent.withdrawnIndex}`;
  if (!(consent.from <= release.time && release.time < consent.until))
    return `was logged when ${cited} was not in force (before it started or once it expired)`;
  if (release.blockUnit === undefined || consent.careUnitId !== release.blockUnit)
    return `relies on ${cited} for a block of another care unit, or one not placed earlier in this log`;
  if (consent.recipientId !== undefined && consent.recipientId !== release.recipientId)
    return `relies on ${cited}, which names another recipient`;
  return undefined;
}
