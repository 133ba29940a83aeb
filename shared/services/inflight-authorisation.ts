import type { Receipt } from '../ports/audit-log.ts';
import { AUTHORISATION_LIFETIME_SECONDS, type AuthorisationSigner } from './signing-keys.ts';

/** Signs an ALLOW's authorisation (audit.md §6) for the receipt its entry has, or is planned to have. */
export type SignAuthorisation = (receipt: Receipt) => Promise<string>;

/** Everything an authorisation binds besides the receipt; all of it is known before the entry is written. */
export interface AuthorisationSubject {
  readonly deployment: string;
  readonly org: string;
  readonly recipientId: string;
  readonly purpose: string;
  /** The released payload's digest; without one nothing is released, so nothing is authorised. */
  readonly payloadDigest: string | undefined;
  readonly flow: string | null;
  /** The entry's time: the authorisation is issued at the instant the decision records. */
  readonly time: string;
}

/**
 * Speculative signatures per request, over all its evaluations: a re-planned entry (the head moved
 * under its group) may be signed once more while in flight; past that it is signed after its
 * commit, so contention on a log or a records race never multiplies KMS calls (each Sign counts
 * against the account's request quota).
 */
const MAX_SPECULATIVE_SIGNATURES = 2;

/** How many speculative signatures a request may still start; shared by its evaluations. */
export interface SpeculationBudget {
  left: number;
}

export function speculationBudget(): SpeculationBudget {
  return { left: MAX_SPECULATIVE_SIGNATURES };
}

/** How to sign the subject's authorisation for a receipt; undefined when the answer carries none. */
export function authorisationFor(
  signer: AuthorisationSigner,
  subject: AuthorisationSubject,
): SignAuthorisation | undefined {
  const { payloadDigest, flow } = subject;
  if (!payloadDigest || flow === null) return undefined;
  const iat = Math.floor(Date.parse(subject.time) / 1000);
  // The claims in the order audit.md §6 lists them; `rcpt` is the receipt object as the log gave it.
  return (receipt) =>
    signer.sign({
      iss: subject.deployment,
      sub: receipt.entryId,
      aud: subject.recipientId,
      org: subject.org,
      iat,
      exp: iat + AUTHORISATION_LIFETIME_SECONDS,
      pdg: payloadDigest,
      flow,
      purpose: subject.purpose,
      rcpt: receipt,
    });
}

type Signed = { readonly jws: string } | { readonly failure: unknown };

/**
 * An authorisation signed while its entry's write is in flight (issue 15): the log announces the
 * receipt it planned (AppendRequest.onPlanned) and the KMS Sign starts at once, so the answer waits
 * for the slower of the two round trips instead of both in turn. What is signed does not change:
 * the signature is used only when the committed receipt equals the planned one in every field;
 * otherwise (the entry regrouped at another index) a fresh one is signed. A signature for a
 * receipt that never committed is dropped unseen, its failure included.
 */
export class InFlightAuthorisation {
  readonly #sign: SignAuthorisation;
  readonly #budget: SpeculationBudget;
  #planned: { readonly receipt: Receipt; readonly signed: Promise<Signed> } | undefined;

  constructor(sign: SignAuthorisation, budget: SpeculationBudget = speculationBudget()) {
    this.#sign = sign;
    this.#budget = budget;
  }

  /** The entry is about to be written at `receipt`: sign for it now, unless that is already under way. */
  planned(receipt: Receipt): void {
    if (this.#planned && sameReceipt(this.#planned.receipt, receipt)) return;
    this.#planned = undefined;
    if (this.#budget.left <= 0) return;
    this.#budget.left -= 1;
    // Settled into a value at once: a stale signature's failure is never an unhandled rejection.
    const signed = Promise.resolve()
      .then(() => this.#sign(receipt))
      .then(
        (jws): Signed => ({ jws }),
        (failure: unknown): Signed => ({ failure }),
      );
    this.#planned = { receipt, signed };
  }

  /**
   * The authorisation for the committed `receipt`. A Sign that failed for exactly this receipt is
   * the answer's failure, as when it was signed after the commit (the entry is durable, the retry
   * re-signs from the stored answer).
   */
  async committed(receipt: Receipt): Promise<string> {
    const planned = this.#planned;
    this.#planned = undefined;
    if (!planned || !sameReceipt(planned.receipt, receipt)) return this.#sign(receipt);
    const outcome = await planned.signed;
    if ('failure' in outcome) throw outcome.failure;
    return outcome.jws;
  }
}

function sameReceipt(a: Receipt, b: Receipt): boolean {
  return a.origin === b.origin && a.index === b.index && a.leafHash === b.leafHash && a.entryId === b.entryId;
}
