import { canonicalDigest } from '../canonical-json.ts';
import { SignatureRejectedError } from '../auth/errors.ts';
import type { ReplayInTransaction } from '../auth/deferred-replay.ts';
import { DependencyUnavailableError } from '../errors.ts';
import { PolicyCatalogue } from '../policy/catalogue.ts';
import type { CompanionTag } from '../ports/audit-log.ts';
import type { DisclosureRequest } from '../schemas/disclosure.ts';
import type { Caller } from './admin-service.ts';
import { localise } from './answer-language.ts';
import { patientLogOrigin } from './audit-entries.ts';
import { runAuditedChange } from './audited-change.ts';
import type { BatchReads } from './batch-reads.ts';
import { pseudonymsToWarm } from './batch-pseudonyms.ts';
import { storedAnswer, type DisclosureAnswer } from './disclosure-answer.ts';
import type { DiscloseOptions, DisclosureDeps } from './disclosure-deps.ts';
import { planDisclosure, type DisclosureContext } from './disclosure-plan.ts';
import { DisclosureReads } from './disclosure-reads.ts';
import { subjectDigestOf } from './disclosure-reviews.ts';
import { IdempotencyConflictError } from './errors.ts';
import { speculationBudget } from './inflight-authorisation.ts';

export type { DisclosureAnswer } from './disclosure-answer.ts';
export type { DiscloseOptions, DisclosureDeps } from './disclosure-deps.ts';

/** Re-evaluations allowed when the records keep changing under a decision before it is logged. */
const MAX_EVALUATIONS = 5;

/**
 * Decides one disclosure (policy-uk.md §2) and logs it before answering. The records are read as
 * one snapshot; the audit entry, a check that the records are still at that snapshot's version and
 * the stored answer commit in one transaction. If the records changed meanwhile, the decision is
 * made again on the new records; it is never logged on stale ones.
 */
export class DisclosureService {
  readonly #deps: DisclosureDeps;
  readonly #reads: DisclosureReads;
  readonly #packs: PolicyCatalogue;

  constructor(deps: DisclosureDeps) {
    this.#deps = deps;
    this.#reads = new DisclosureReads(deps);
    this.#packs = deps.packs ?? new PolicyCatalogue([deps.policy]);
  }

  async disclose(
    caller: Caller,
    request: DisclosureRequest,
    rawBodyDigest: string,
    options: DiscloseOptions = {},
  ): Promise<DisclosureAnswer> {
    const answer = await this.#disclose(caller, request, rawBodyDigest, options);
    return localise(answer, options.acceptLanguage);
  }

  /**
   * A single request does not look for a stored answer first: its transaction's conditional put
   * of the answer finds it (settleConflict). So that a retry is answered as it was when it did
   * look first, a failure before its commit is answered from the stored answer when there is one.
   */
  async #disclose(
    caller: Caller,
    request: DisclosureRequest,
    rawBodyDigest: string,
    options: DiscloseOptions,
  ): Promise<DisclosureAnswer> {
    const requestDigest = canonicalDigest(request);
    const progress = { logged: false };
    try {
      return await this.#decideAndLog(caller, request, { rawBodyDigest, requestDigest }, options, progress);
    } catch (error) {
      const settled = options.batch || progress.logged || error instanceof SignatureRejectedError;
      if (settled || error instanceof IdempotencyConflictError) throw error;
      const stored = await storedAnswer(this.#deps, caller, request, requestDigest).catch((lookup: unknown) => {
        if (lookup instanceof IdempotencyConflictError) throw lookup;
        return undefined; // no better answer than the failure itself
      });
      if (stored === undefined) throw error;
      return stored;
    }
  }

  async #decideAndLog(
    caller: Caller,
    request: DisclosureRequest,
    digests: { readonly rawBodyDigest: string; readonly requestDigest: string },
    options: DiscloseOptions,
    progress: { logged: boolean },
  ): Promise<DisclosureAnswer> {
    const { requestDigest } = digests;
    const subjectDigest = subjectDigestOf(request);
    const readRecords = () => this.#deps.records.read(caller.org, request.patientId);
    const first = await this.#reads.first(caller, request, requestDigest, options, readRecords);
    if (first.replay) return first.replay;
    const { organisation, recipient, patientIndexKey, firstSnapshot } = first;
    const jti = options.replay;
    const context: DisclosureContext = {
      deps: this.#deps,
      caller,
      request,
      ...digests,
      subjectDigest,
      recipient,
      origin: patientLogOrigin(this.#deps.deployment, caller.org, request.patientId, organisation.patientLogs),
      pack: this.#packs.choose(organisation, request.jurisdiction),
      patientIndexKey,
      jti,
      speculation: speculationBudget(),
      progress,
    };
    return runAuditedChange(this.#deps.audit, {
      maxAttempts: MAX_EVALUATIONS,
      read: (attempt) => (attempt === 1 ? Promise.resolve(firstSnapshot) : readRecords()),
      plan: (snapshot) => planDisclosure(context, snapshot),
      settleConflict: (tag) => this.#settleConflict(tag, caller, request, requestDigest, jti),
      exhausted: () => new DependencyUnavailableError('The patient records kept changing; try again'),
    });
  }

  /**
   * A concurrent retry of this very request stored its answer first: that answer is the answer.
   * A replayed jti: the transaction failed on it, so this request wrote nothing.
   */
  #settleConflict(
    tag: CompanionTag,
    caller: Caller,
    request: DisclosureRequest,
    requestDigest: string,
    jti: ReplayInTransaction | undefined,
  ): Promise<DisclosureAnswer> | undefined {
    if (tag === 'replay' && jti) return Promise.reject(jti.replayed());
    return tag === 'idempotentAnswer'
      ? storedAnswer(this.#deps, caller, request, requestDigest).then((answer) => answer ?? raceLost())
      : undefined;
  }

  /**
   * Batch warm-up (pseudonymisation.md "a batch removes duplicates before calling"): one KMS call per
   * distinct identifier the batch's decisions will certainly need (each patient's audit key; for
   * PHIN recipients the local id and episode id), made up front with bounded concurrency so the
   * decisions that follow hit the cache. Identifiers the engine may need beyond these (a payload
   * national number compared with the registered one) still go through the same cache and dedupe.
   * A KMS failure here fails the whole batch (503) before anything is decided or logged.
   */
  async prefetchPseudonyms(caller: Caller, requests: readonly DisclosureRequest[], batch?: BatchReads): Promise<void> {
    const recipientIds = [...new Set(requests.map((request) => request.recipientId))];
    const recipients = await Promise.all(recipientIds.map((id) => this.#reads.recipient(caller.org, id, batch)));
    await this.#deps.pseudonymiser.pseudonymiseMany(caller.org, pseudonymsToWarm(requests, recipients));
  }

  /**
   * A batch's first look for stored answers: one consistent read of all its requestIds instead of
   * one per item. An answer stored after it (a concurrent retry) makes the item's commit fail on
   * the stored answer, and the conflict is settled by reading that answer on its own. If this read
   * fails, each item looks on its own.
   */
  async prefetchAnswers(caller: Caller, requests: readonly DisclosureRequest[], batch: BatchReads): Promise<void> {
    const { idempotency } = this.#deps;
    if (!idempotency.getMany) return;
    const ids = requests.map((request) => request.requestId);
    await idempotency
      .getMany(caller.org, caller.clientId, ids)
      .then((answers) => batch.answersRead(caller.org, caller.clientId, ids, answers))
      .catch(() => undefined);
  }

  /**
   * The patient log each request's entry goes to, so a batch can order its items to share audit
   * transactions (batch-order.ts). Undefined when the org cannot be read: the items then fail on
   * their own, as they would unordered.
   */
  async patientLogsOf(caller: Caller, patientIds: readonly string[]): Promise<readonly string[] | undefined> {
    const organisation = await this.#reads.organisation(caller.org).catch(() => undefined);
    if (!organisation) return undefined;
    const { deployment } = this.#deps;
    return patientIds.map((patientId) => patientLogOrigin(deployment, caller.org, patientId, organisation.patientLogs));
  }
}

function raceLost(): never {
  throw new DependencyUnavailableError('A concurrent retry of this request is still being answered');
}
