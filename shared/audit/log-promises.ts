import { RELEASING_OUTCOMES } from './entry.ts';
import type { AuditEntry } from './entry.ts';
import { SparrPromise } from './sparr-promise.ts';
import { LiftPromise } from './lift-promise.ts';
import type { FailureCode } from './verifier-types.ts';
import { ReviewPromises } from './review-promises.ts';
import { RestrictionPromise } from './restriction-promise.ts';

interface ConsentState {
  readonly givenAt: number;
  withdrawnAt?: number;
}

/** Consent ids are the caller's and unique per patient only: two patients of one log may share one. */
function consentKey(patient: string, consentId: string): string {
  return JSON.stringify([patient, consentId]);
}

/**
 * The log's own promises (audit.md §8.4), checked in index order over one log. Only releasing
 * decisions (ALLOW, ALLOW_WITH_REDACTION) are held to them: a DENY or REFER releases nothing, so it
 * relies on no consent and names no policy that let data out. Messages cite indexes, not ids.
 */
export class LogPromises {
  readonly #consents = new Map<string, ConsentState>();
  readonly #knownPolicies: ReadonlySet<string> | undefined;
  readonly #reviews = new ReviewPromises();
  readonly #restrictions = new RestrictionPromise();
  /** policy-se.md §9: no SJF release while an earlier outer block was active. */
  readonly #sparr = new SparrPromise();
  /** policy-se.md §2, §9: a release relying on a temporary lift was made while the lift was in force. */
  readonly #lifts = new LiftPromise();

  constructor(knownPolicyDigests?: readonly string[]) {
    this.#knownPolicies = knownPolicyDigests === undefined ? undefined : new Set(knownPolicyDigests);
  }

  check(entry: AuditEntry, index: number): { code: FailureCode; message: string } | undefined {
    const restricted = this.#restrictions.check(entry, index);
    if (restricted) return restricted;
    const sparr = this.#sparr.check(entry, index);
    if (sparr !== undefined) return sparr;
    const lift = this.#lifts.check(entry, index);
    if (lift !== undefined) return lift;
    switch (entry.type) {
      case 'record.consent.given':
        if (!this.#consents.has(consentKey(entry.patient.ref, entry.record.consentId))) {
          this.#consents.set(consentKey(entry.patient.ref, entry.record.consentId), { givenAt: index });
        }
        return undefined;
      case 'record.consent.withdrawn': {
        const state = this.#consents.get(consentKey(entry.patient.ref, entry.record.consentId));
        if (state !== undefined && state.withdrawnAt === undefined) state.withdrawnAt = index;
        return undefined;
      }
      case 'disclosure.decision':
        return this.#reviews.check(entry, index) ?? this.#checkDecision(entry, index);
      case 'review.opened':
      case 'review.decided':
        return this.#reviews.check(entry, index);
      default:
        return undefined;
    }
  }

  /** The promises that can only be judged at the end of the log (a review case owed and never opened). */
  finish(): { code: FailureCode; message: string; index: number } | undefined {
    return this.#reviews.finish();
  }

  #checkDecision(
    entry: Extract<AuditEntry, { type: 'disclosure.decision' }>,
    index: number,
  ): { code: FailureCode; message: string } | undefined {
    const { outcome, basis, policy } = entry.decision;
    if (!RELEASING_OUTCOMES.includes(outcome)) return undefined;
    if (this.#knownPolicies !== undefined && !this.#knownPolicies.has(policy.digest)) {
      return {
        code: 'policy_unknown',
        message: `The ${outcome} decision at index ${index} names a policy digest the auditor does not know`,
      };
    }
    if (basis?.source !== 'PATIENT_CONSENT') return undefined;
    const consent =
      basis.recordId === undefined ? undefined : this.#consents.get(consentKey(entry.patient.ref, basis.recordId));
    if (consent === undefined) {
      return {
        code: 'consent_order_violation',
        message: `The decision at index ${index} relies on a consent not given earlier in this log for this patient`,
      };
    }
    if (consent.withdrawnAt !== undefined) {
      return {
        code: 'consent_order_violation',
        message: `The decision at index ${index} relies on the consent given at index ${consent.givenAt} and withdrawn at index ${consent.withdrawnAt}`,
      };
    }
    return undefined;
  }
}
