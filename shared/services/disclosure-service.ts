import { canonicalDigest } from '../canonical-json.ts';
import { decide, type Decision, type ReviewInput } from '../policy/engine.ts';
import { PolicyCatalogue, type PackChoice } from '../policy/catalogue.ts';
import type { LoadedPolicy } from '../policy/pack.ts';
import type { AtomicWrite, AuditLog, Receipt } from '../ports/audit-log.ts';
import type { Clock } from '../ports/clock.ts';
import { normaliseForPseudonym, type PseudonymRequest, type Pseudonymiser } from '../pseudonym/pseudonymiser.ts';
import type { PatientRecordsSnapshot, Recipient } from '../records/model.ts';
import type { Organisation, RegistryStore } from '../registry/model.ts';
import type { DisclosureRequest } from '../schemas/disclosure.ts';
import type { Caller } from './admin-service.ts';
import { DECISION_ENTRY_TYPE } from '../audit/entry.ts';
import { runAuditedChange, type ChangePlan } from './audited-change.ts';
import { decisionEntry } from './decision-entry.ts';
import type { ReviewStore } from '../ports/review-store.ts';
import {
  planReview,
  reviewInputFor,
  subjectDigestOf,
  type ReviewPlan,
  type ReviewSummary,
} from './disclosure-reviews.ts';
import { entryHeader, patientLogOrigin } from './audit-entries.ts';
import { IdempotencyConflictError } from './errors.ts';
import { localise } from './answer-language.ts';
import type { Language } from '../policy/languages.ts';
import type { AuthorisationSigner } from './signing-keys.ts';
import { DependencyUnavailableError, NotFoundError } from '../errors.ts';
import { SignatureRejectedError } from '../auth/errors.ts';
import type { BatchReads } from './batch-reads.ts';
import type { ReplayInTransaction } from '../auth/deferred-replay.ts';
import type { AdmissionRead } from '../auth/admission-read.ts';
import { RecipientWithClient } from '../registry/read-along.ts';
import { authorisationFor, InFlightAuthorisation, speculationBudget } from './inflight-authorisation.ts';

/** The answer of POST /v1/disclosures (api.md §4.1), as stored for idempotent retries. */
export interface DisclosureAnswer {
  readonly decision: Decision['decision'];
  readonly reasonCodes: readonly string[];
  readonly explanations: readonly string[];
  /** The language of `explanations` (policy-se.md §6). */
  readonly explanationsLanguage?: Language;
  /** Stored only, never answered: the explanations in every language the pack offers. */
  readonly explanationsByLanguage?: Decision['explanationsByLanguage'];
  readonly obligations: readonly string[];
  readonly basis: Decision['basis'];
  readonly transformations: Decision['transformations'];
  readonly payload?: Record<string, unknown>;
  readonly payloadDigest?: string;
  readonly policy: { id: string; version: string; digest: string };
  readonly receipt: Receipt;
  readonly authorisation?: string;
  /** REFER, and releases under RETROSPECTIVE_CG_REVIEW: the review case (reviews.md §2). */
  readonly review?: ReviewSummary;
  /** With obligation REVIEWER_CONDITIONS: the reviewer's conditions (free text, never logged). */
  readonly reviewConditions?: string;
}

/** What a retry needs: the answer as first given, and what to re-sign its authorisation from. */
interface StoredDisclosure {
  readonly answer: DisclosureAnswer;
  readonly flow: string | null;
  readonly time: string;
}

export interface DisclosureDeps {
  readonly registry: RegistryStore;
  readonly records: {
    read(org: string, patientId: string): Promise<PatientRecordsSnapshot>;
    versionCheck(org: string, patientId: string, version: number): AtomicWrite;
    releaseMark(org: string, patientId: string, version: number, nowMs: number): AtomicWrite;
  };
  readonly idempotency: {
    get<T>(org: string, clientId: string, requestId: string): Promise<{ requestDigest: string; answer: T } | undefined>;
    /** Many stored answers of one client at once, by requestId (a batch's first look); optional. */
    getMany?<T>(
      org: string,
      clientId: string,
      requestIds: readonly string[],
    ): Promise<ReadonlyMap<string, { requestDigest: string; answer: T }>>;
    put(
      org: string,
      clientId: string,
      requestId: string,
      requestDigest: string,
      answer: unknown,
      nowMs: number,
    ): AtomicWrite;
  };
  readonly audit: AuditLog;
  readonly reviews: ReviewStore;
  readonly pseudonymiser: Pseudonymiser;
  readonly authorisations: AuthorisationSigner;
  /** The pack of orgs that name none (created before packs were chosen per org). */
  readonly policy: LoadedPolicy;
  /** Every pack the deployment runs; an org's registry record names its pack per jurisdiction. */
  readonly packs?: PolicyCatalogue;
  readonly clock: Clock;
  readonly deployment: string;
}

export interface DiscloseOptions {
  /** The caller's `Accept-Language`: which language the explanations are in, nothing else. */
  readonly acceptLanguage?: string | undefined;
  /** Settles when the signed request is admitted; it is awaited before anything is written or answered. */
  readonly admitted?: Promise<unknown>;
  /** In a batch: the reads its items share (the first attempt's records snapshot). */
  readonly batch?: BatchReads;
  /** The request's jti, recorded in the decision's transaction instead of before it. */
  readonly replay?: ReplayInTransaction | undefined;
  /** The read that carried the caller's client record, holding the recipient when it read it (read-along.ts). */
  readonly readAlong?: AdmissionRead | undefined;
}

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
  readonly #organisations = new Map<string, Organisation>();
  readonly #packs: PolicyCatalogue;

  constructor(deps: DisclosureDeps) {
    this.#deps = deps;
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
      const stored = await this.#replay(caller, request, requestDigest).catch((lookup: unknown) => {
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
    { rawBodyDigest, requestDigest }: { readonly rawBodyDigest: string; readonly requestDigest: string },
    { admitted, batch, replay: jti, readAlong }: DiscloseOptions,
    progress: { logged: boolean },
  ): Promise<DisclosureAnswer> {
    const subjectDigest = subjectDigestOf(request);
    const { records } = this.#deps;
    // Independent reads go out together. The request's own admission (registry read) is one of
    // them: nothing is written or answered until it is in. Only a batch looks for stored answers
    // first (one read for all its items); a single request's transaction finds its stored answer.
    const readRecords = () => records.read(caller.org, request.patientId);
    const [, replay, organisation, recipient, patientIndexKey, firstSnapshot] = await Promise.all([
      admitted ?? Promise.resolve(),
      batch ? this.#replay(caller, request, requestDigest, batch) : undefined,
      this.#organisation(caller.org),
      this.#recipient(caller.org, request.recipientId, batch, readAlong),
      this.#auditKey(caller.org, 'LOCAL_ID', request.patientId),
      batch ? batch.records(caller.org, request.patientId, readRecords) : readRecords(),
    ]);
    if (replay) return replay;
    const origin = patientLogOrigin(this.#deps.deployment, caller.org, request.patientId, organisation.patientLogs);
    const pack = this.#packs.choose(organisation, request.jurisdiction);
    const speculation = speculationBudget();
    return runAuditedChange(this.#deps.audit, {
      maxAttempts: MAX_EVALUATIONS,
      read: (attempt) => (attempt === 1 ? Promise.resolve(firstSnapshot) : readRecords()),
      plan: async (snapshot): Promise<ChangePlan<DisclosureAnswer>> => {
        const nowMs = this.#deps.clock.now();
        const named = await reviewInputFor(this.#deps.reviews, caller.org, request, subjectDigest, nowMs);
        const header = entryHeader({
          origin,
          type: DECISION_ENTRY_TYPE,
          org: caller.org,
          actor: caller,
          clock: this.#deps.clock,
        });
        // Judged at the instant its entry records, so the logged time is the time every rule was
        // applied at (a temporary lift expiring, policy-se.md §2), not a moment before it.
        const decided = await this.#decide(caller, request, recipient, snapshot, pack, named.input, header.time);
        const review = await planReview({
          reviews: this.#deps.reviews,
          policy: pack.policy,
          nowMs,
          caller,
          request,
          subjectDigest,
          decision: decided,
          named: named.review,
          origin,
          patient: { ref: request.patientId, ...(snapshot.identifiers[0] ? { key: snapshot.identifiers[0].key } : {}) },
          decisionEntryId: header.id,
        });
        const { decision } = review;
        const payloadDigest = decision.payload ? canonicalDigest(decision.payload) : undefined;
        const entry = decisionEntry({
          header,
          request,
          recipient,
          snapshot,
          decision,
          payloadDigest,
          policy: pack.policy,
          rawBodyDigest,
          subjectDigest,
          reviewId: review.reviewId,
        });
        const storedFor = (receipt: Receipt): StoredDisclosure => ({
          answer: this.#answer(decision, payloadDigest, receipt, { policy: pack.policy, review }),
          flow: decision.flow,
          time: entry.time,
        });
        const atomicWith = (receipt: Receipt, followers: readonly Receipt[]) => [
          // First, so a replay is the conflict reported even when the stored answer conflicts too.
          ...(jti ? [jti.write()] : []),
          // A release is counted on the records, so a notification trigger cannot miss it (reviews.md §3).
          decision.payload
            ? records.releaseMark(caller.org, request.patientId, snapshot.version, this.#deps.clock.now())
            : records.versionCheck(caller.org, request.patientId, snapshot.version),
          this.#deps.idempotency.put(
            caller.org,
            caller.clientId,
            request.requestId,
            requestDigest,
            storedFor(receipt),
            this.#deps.clock.now(),
          ),
          ...review.writes(receipt, followers),
        ];
        // An ALLOW's authorisation is signed while its entry's write is in flight, for the receipt planned.
        const sign = this.#authorisation(caller, request, { payloadDigest, flow: decision.flow, time: entry.time });
        const inFlight = sign && new InFlightAuthorisation(sign, speculation);
        const onPlanned = inFlight && ((receipt: Receipt) => inFlight.planned(receipt));
        return {
          append: { origin, entry, patientIndexKey, atomicWith, followers: review.followers, onPlanned },
          answer: async (receipt) => {
            progress.logged = true;
            jti?.committed();
            const { answer } = storedFor(receipt);
            return inFlight ? { ...answer, authorisation: await inFlight.committed(receipt) } : answer;
          },
        };
      },
      // A concurrent retry of this very request stored its answer first: that answer is the answer.
      // A replayed jti: the transaction failed on it, so this request wrote nothing.
      settleConflict: (tag) => {
        if (tag === 'replay' && jti) return Promise.reject(jti.replayed());
        return tag === 'idempotentAnswer'
          ? this.#replay(caller, request, requestDigest).then((answer) => answer ?? raceLost())
          : undefined;
      },
      exhausted: () => new DependencyUnavailableError('The patient records kept changing; try again'),
    });
  }

  #decide(
    caller: Caller,
    request: DisclosureRequest,
    recipient: Recipient | undefined,
    snapshot: PatientRecordsSnapshot,
    pack: PackChoice,
    review: ReviewInput | undefined,
    time: string,
  ): Promise<Decision> {
    return decide({
      request,
      recipient,
      records: snapshot,
      ...(review ? { review } : {}),
      policy: pack.policy,
      covered: pack.covered,
      now: Date.parse(time),
      pseudonymise: (domain, idType, value) =>
        this.#deps.pseudonymiser.pseudonymise(caller.org, { domain, idType, value }),
    });
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
    const recipients = await Promise.all(recipientIds.map((id) => this.#recipient(caller.org, id, batch)));
    const phin = new Set(
      recipients.filter((recipient) => recipient?.category === 'PHIN').map((recipient) => recipient!.recipientId),
    );
    const wanted: PseudonymRequest[] = [];
    for (const request of requests) {
      wanted.push({ domain: 'AUDIT', idType: 'LOCAL_ID', value: request.patientId });
      if (!phin.has(request.recipientId)) continue;
      wanted.push({ domain: 'PHIN', idType: 'EPISODE', value: request.episode.id });
      const localId = request.payload.patient?.localId;
      if (typeof localId === 'string') wanted.push({ domain: 'PHIN', idType: 'LOCAL_ID', value: localId });
    }
    await this.#deps.pseudonymiser.pseudonymiseMany(caller.org, wanted.filter(usable));
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
    const organisation = await this.#organisation(caller.org).catch(() => undefined);
    if (!organisation) return undefined;
    const { deployment } = this.#deps;
    return patientIds.map((patientId) => patientLogOrigin(deployment, caller.org, patientId, organisation.patientLogs));
  }

  async #replay(
    caller: Caller,
    request: DisclosureRequest,
    requestDigest: string,
    batch?: BatchReads,
  ): Promise<DisclosureAnswer | undefined> {
    const { org, clientId } = caller;
    const read = () => this.#deps.idempotency.get<StoredDisclosure>(org, clientId, request.requestId);
    const previous = await (batch ? batch.answer(org, clientId, request.requestId, read) : read());
    if (!previous) return undefined;
    if (previous.requestDigest !== requestDigest)
      throw new IdempotencyConflictError('This requestId was used with a different body');
    return this.#withAuthorisation(caller, request, previous.answer);
  }

  #answer(
    decision: Decision,
    payloadDigest: string | undefined,
    receipt: Receipt,
    context: { readonly policy: LoadedPolicy; readonly review: Pick<ReviewPlan, 'summary' | 'reviewConditions'> },
  ): DisclosureAnswer {
    const { review } = context;
    const { id, version, digest } = context.policy;
    return {
      decision: decision.decision,
      reasonCodes: decision.reasonCodes,
      explanations: decision.explanations,
      explanationsLanguage: decision.explanationsLanguage,
      explanationsByLanguage: decision.explanationsByLanguage,
      obligations: decision.obligations,
      basis: decision.basis,
      transformations: decision.transformations,
      ...(decision.payload ? { payload: decision.payload, payloadDigest } : {}),
      policy: { id, version, digest },
      receipt,
      ...(review.summary ? { review: review.summary } : {}),
      ...(review.reviewConditions && decision.payload ? { reviewConditions: review.reviewConditions } : {}),
    };
  }

  /**
   * ALLOW answers carry a fresh authorisation (audit.md §6). It is never stored: a retry answered
   * from the stored answer gets a new signature over the same claims.
   */
  async #withAuthorisation(
    caller: Caller,
    request: DisclosureRequest,
    stored: StoredDisclosure,
  ): Promise<DisclosureAnswer> {
    const { answer } = stored;
    const { flow, time } = stored;
    const sign = this.#authorisation(caller, request, { payloadDigest: answer.payloadDigest, flow, time });
    return sign ? { ...answer, authorisation: await sign(answer.receipt) } : answer;
  }

  #authorisation(
    caller: Caller,
    request: DisclosureRequest,
    bound: { readonly payloadDigest: string | undefined; readonly flow: string | null; readonly time: string },
  ) {
    const { deployment, authorisations } = this.#deps;
    const { recipientId, purpose } = request;
    return authorisationFor(authorisations, { deployment, org: caller.org, recipientId, purpose, ...bound });
  }

  /** Its patient log count and packs are fixed when the org is created, so one read per process suffices. */
  async #organisation(org: string): Promise<Organisation> {
    const known = this.#organisations.get(org);
    if (known !== undefined) return known;
    const organisation = await this.#deps.registry.getOrganisation(org);
    if (!organisation) throw new NotFoundError('No such organisation');
    this.#organisations.set(org, organisation);
    return organisation;
  }

  #recipient(
    org: string,
    recipientId: string,
    batch: BatchReads | undefined,
    readAlong?: AdmissionRead,
  ): Promise<Recipient | undefined> {
    const read = () => this.#deps.registry.getRecipient(org, recipientId);
    if (batch) return batch.recipient(org, recipientId, read);
    const readWithClient = readAlong instanceof RecipientWithClient ? readAlong.recipient(org, recipientId) : undefined;
    return readWithClient ?? read();
  }

  #auditKey(org: string, idType: 'LOCAL_ID', value: string): Promise<string> {
    return this.#deps.pseudonymiser.pseudonymise(org, { domain: 'AUDIT', idType, value });
  }
}

/** A value the pseudonymiser would refuse is left to the decision itself, which reports it per item. */
function usable(request: PseudonymRequest): boolean {
  try {
    normaliseForPseudonym(request.idType, request.value);
    return true;
  } catch {
    return false;
  }
}

function raceLost(): never {
  throw new DependencyUnavailableError('A concurrent retry of this request is still being answered');
}
