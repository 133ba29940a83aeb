import { DECISION_ENTRY_TYPE } from '../audit/entry.ts';
import type { ReplayInTransaction } from '../auth/deferred-replay.ts';
import { canonicalDigest } from '../canonical-json.ts';
import { decide, type Decision } from '../policy/engine.ts';
import type { PackChoice } from '../policy/catalogue.ts';
import type { Receipt } from '../ports/audit-log.ts';
import type { PatientRecordsSnapshot, Recipient } from '../records/model.ts';
import type { DisclosureRequest } from '../schemas/disclosure.ts';
import type { Caller } from './admin-service.ts';
import { entryHeader } from './audit-entries.ts';
import type { ChangePlan } from './audited-change.ts';
import { decisionEntry } from './decision-entry.ts';
import { answerOf, authorisationOf, type DisclosureAnswer, type StoredDisclosure } from './disclosure-answer.ts';
import type { DisclosureDeps } from './disclosure-deps.ts';
import { planReview, reviewInputFor, type ReviewPlan } from './disclosure-reviews.ts';
import { InFlightAuthorisation, type SpeculationBudget } from './inflight-authorisation.ts';

/** What every attempt at one disclosure shares: the request, what was read for it once, and its progress. */
export interface DisclosureContext {
  readonly deps: DisclosureDeps;
  readonly caller: Caller;
  readonly request: DisclosureRequest;
  readonly rawBodyDigest: string;
  readonly requestDigest: string;
  readonly subjectDigest: string;
  readonly recipient: Recipient | undefined;
  /** The patient log the decision's entry goes to. */
  readonly origin: string;
  readonly pack: PackChoice;
  readonly patientIndexKey: string;
  readonly jti: ReplayInTransaction | undefined;
  /** Speculative signatures left to the request, across all its attempts. */
  readonly speculation: SpeculationBudget;
  /** Set once the entry is committed: a later failure is then not answered from a stored answer. */
  readonly progress: { logged: boolean };
}

/** One attempt's decision, as its entry records it. */
interface LoggedDecision {
  readonly decision: Decision;
  readonly review: ReviewPlan;
  readonly payloadDigest: string | undefined;
  readonly entry: ReturnType<typeof decisionEntry>;
}

/**
 * Plans one attempt on one records snapshot: the decision and its entry, the writes that commit
 * with it, and the answer from its receipt (with an ALLOW's authorisation).
 */
export async function planDisclosure(
  context: DisclosureContext,
  snapshot: PatientRecordsSnapshot,
): Promise<ChangePlan<DisclosureAnswer>> {
  const { deps, caller, request, pack, origin, jti, progress } = context;
  const { decision, review, payloadDigest, entry } = await loggedDecision(context, snapshot);
  const storedFor = (receipt: Receipt): StoredDisclosure => ({
    answer: answerOf(decision, payloadDigest, receipt, { policy: pack.policy, review }),
    flow: decision.flow,
    time: entry.time,
  });
  const atomicWith = companionWrites(context, snapshot, decision, review, storedFor);
  // An ALLOW's authorisation is signed while its entry's write is in flight, for the receipt planned.
  const sign = authorisationOf(deps, caller, request, { payloadDigest, flow: decision.flow, time: entry.time });
  const inFlight = sign && new InFlightAuthorisation(sign, context.speculation);
  const onPlanned = inFlight && ((receipt: Receipt) => inFlight.planned(receipt));
  const { patientIndexKey } = context;
  return {
    append: { origin, entry, patientIndexKey, atomicWith, followers: review.followers, onPlanned },
    answer: async (receipt) => {
      progress.logged = true;
      jti?.committed();
      const { answer } = storedFor(receipt);
      return inFlight ? { ...answer, authorisation: await inFlight.committed(receipt) } : answer;
    },
  };
}

/** The writes that commit with the entry, or with none of it. */
function companionWrites(
  { deps, caller, request, requestDigest, jti }: DisclosureContext,
  snapshot: PatientRecordsSnapshot,
  decision: Decision,
  review: ReviewPlan,
  storedFor: (receipt: Receipt) => StoredDisclosure,
) {
  const { records, idempotency, clock } = deps;
  return (receipt: Receipt, followers: readonly Receipt[]) => [
    // First, so a replay is the conflict reported even when the stored answer conflicts too.
    ...(jti ? [jti.write()] : []),
    // A release is counted on the records, so a notification trigger cannot miss it (reviews.md §3).
    decision.payload
      ? records.releaseMark(caller.org, request.patientId, snapshot.version, clock.now())
      : records.versionCheck(caller.org, request.patientId, snapshot.version),
    idempotency.put(caller.org, caller.clientId, request.requestId, requestDigest, storedFor(receipt), clock.now()),
    ...review.writes(receipt, followers),
  ];
}

/** The decision, after any review it needs, and the entry that records it. */
async function loggedDecision(context: DisclosureContext, snapshot: PatientRecordsSnapshot): Promise<LoggedDecision> {
  const { header, review } = await reviewedDecision(context, snapshot);
  const { decision } = review;
  const payloadDigest = decision.payload ? canonicalDigest(decision.payload) : undefined;
  const entry = decisionEntry({
    header,
    request: context.request,
    recipient: context.recipient,
    snapshot,
    decision,
    payloadDigest,
    policy: context.pack.policy,
    rawBodyDigest: context.rawBodyDigest,
    subjectDigest: context.subjectDigest,
    reviewId: review.reviewId,
  });
  return { decision, review, payloadDigest, entry };
}

/** The decision on this snapshot, judged at its entry's time, with the review it opens or follows. */
async function reviewedDecision(context: DisclosureContext, snapshot: PatientRecordsSnapshot) {
  const { deps, caller, request, subjectDigest, origin } = context;
  const nowMs = deps.clock.now();
  const named = await reviewInputFor(deps.reviews, caller.org, request, subjectDigest, nowMs);
  const header = entryHeader({ origin, type: DECISION_ENTRY_TYPE, org: caller.org, actor: caller, clock: deps.clock });
  // Judged at the instant its entry records, so the logged time is the time every rule was
  // applied at (a temporary lift expiring, policy-se.md §2), not a moment before it.
  const decided = await decide({
    request,
    recipient: context.recipient,
    records: snapshot,
    ...(named.input ? { review: named.input } : {}),
    policy: context.pack.policy,
    covered: context.pack.covered,
    now: Date.parse(header.time),
    // A cached pseudonym comes back at once, so a decision whose pseudonyms are all cached never waits.
    pseudonymise: (domain, idType, value) => deps.pseudonymiser.pseudonymiseNow(caller.org, { domain, idType, value }),
  });
  const review = await planReview({
    reviews: deps.reviews,
    policy: context.pack.policy,
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
  return { header, review };
}
