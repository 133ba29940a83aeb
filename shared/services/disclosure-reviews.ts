import { monotonicFactory } from 'ulid';
import { pooledRandom } from './ulid-random.ts';
import { canonicalDigest } from '../canonical-json.ts';
import type { AuditEntry, ReviewOpenedEntry } from '../audit/entry.ts';
import type { Decision, ReviewInput } from '../policy/engine.ts';
import { explain } from '../policy/explain.ts';
import type { Language } from '../policy/languages.ts';
import type { LoadedPolicy } from '../policy/pack.ts';
import { reviewSwitches } from '../policy/switches.ts';
import type { AtomicWrite, Receipt } from '../ports/audit-log.ts';
import type { ReviewStore } from '../ports/review-store.ts';
import { reviewOpenedEntry } from '../reviews/entries.ts';
import { dueAtOf, effectiveStatus, type ReviewCase, type ReviewKind } from '../reviews/model.ts';
import type { DisclosureRequest } from '../schemas/disclosure.ts';
import { entryHeader, type Actor } from './audit-entries.ts';

const nextReviewId = monotonicFactory(pooledRandom());

/** The obligation of a release that a Caldicott Guardian reviews afterwards (policy-uk.md). */
const RETROSPECTIVE_OBLIGATION = 'RETROSPECTIVE_CG_REVIEW';
const REVIEW_PENDING = 'REVIEW_PENDING';

/** What an answer says about its review case (reviews.md §2). */
export interface ReviewSummary {
  readonly reviewId: string;
  readonly kind: ReviewKind;
  readonly status: string;
  readonly dueAt: string;
}

/**
 * The subject digest (reviews.md §1): JCS of the parsed body without `requestId` and `reviewId`,
 * so a re-send with a new requestId and the case's id is the same subject, and any other change is not.
 */
export function subjectDigestOf(request: DisclosureRequest): string {
  const { requestId: _requestId, reviewId: _reviewId, ...subject } = request;
  return canonicalDigest(subject);
}

/** What a re-sent request's `reviewId` contributes to its decision, and the case it names. */
export async function reviewInputFor(
  reviews: ReviewStore,
  org: string,
  request: DisclosureRequest,
  subjectDigest: string,
  nowMs: number,
): Promise<{ input?: ReviewInput; review?: ReviewCase }> {
  if (request.reviewId === undefined || request.reviewId === null) return {};
  const review = await reviews.get(org, request.reviewId);
  const refused = (code: Extract<ReviewInput, { refused: unknown }>['refused']) => ({
    input: { refused: code },
    ...(review ? { review } : {}),
  });
  if (!review || review.patientId !== request.patientId || review.subjectDigest !== subjectDigest)
    return refused('DENY_REVIEW_NOT_APPROVED');
  const status = effectiveStatus(review, nowMs);
  // A contest overturned works as an approved referral, but only for a decision that released nothing.
  const approves =
    (review.kind === 'REFER' && status === 'APPROVED') ||
    (review.kind === 'CONTEST' && status === 'OVERTURNED' && !releases(review.decision.outcome));
  const rejects = ['REJECTED', 'EXPIRED', 'UPHELD'].includes(status) && review.kind !== 'RETROSPECTIVE';
  if (approves && review.usedBy) return refused('DENY_REVIEW_ALREADY_USED');
  if (approves)
    return { input: { approved: { reviewId: review.reviewId, conditions: Boolean(review.conditions) } }, review };
  return refused(rejects ? 'DENY_REVIEW_REJECTED' : 'DENY_REVIEW_NOT_APPROVED');
}

/** How a decision touches review cases: the entry's reviewId, the answer's `review`, followers and writes. */
export interface ReviewPlan {
  readonly decision: Decision;
  readonly reviewId?: string;
  readonly summary?: ReviewSummary;
  readonly reviewConditions?: string;
  readonly followers: readonly AuditEntry[];
  readonly writes: (receipt: Receipt, followers: readonly Receipt[]) => AtomicWrite[];
}

export interface ReviewPlanInput {
  readonly reviews: ReviewStore;
  readonly policy: LoadedPolicy;
  readonly nowMs: number;
  readonly caller: Actor & { readonly org: string };
  readonly request: DisclosureRequest;
  readonly subjectDigest: string;
  readonly decision: Decision;
  /** The case the request named, when it named one. */
  readonly named?: ReviewCase | undefined;
  readonly origin: string;
  readonly patient: ReviewOpenedEntry['patient'];
  readonly decisionEntryId: string;
}

/**
 * A REFER opens a case (or, while an identical request's case is open, points to it with
 * REVIEW_PENDING); a release under RETROSPECTIVE_CG_REVIEW opens a retrospective case; a release on
 * an approval uses it up. Each happens in the decision's own transaction.
 */
export async function planReview(input: ReviewPlanInput): Promise<ReviewPlan> {
  const { decision, named } = input;
  if (decision.reasonCodes[0] === 'ALLOW_REVIEW_APPROVED' && named) return useApproval(input, named);
  const none: ReviewPlan = { decision, followers: [], writes: () => [], ...namedId(named) };
  if (decision.decision === 'REFER') {
    const pendingId = await input.reviews.caseForSubject(input.caller.org, input.subjectDigest);
    const pending = pendingId === undefined ? undefined : await input.reviews.get(input.caller.org, pendingId);
    if (pending && effectiveStatus(pending, input.nowMs) === 'OPEN') return pendingPlan(input, pending);
    return openCase(input, 'REFER', pendingId);
  }
  if (releases(decision.decision) && decision.obligations.includes(RETROSPECTIVE_OBLIGATION))
    return openCase(input, 'RETROSPECTIVE', undefined);
  return none;
}

function useApproval(input: ReviewPlanInput, review: ReviewCase): ReviewPlan {
  return {
    decision: input.decision,
    reviewId: review.reviewId,
    ...(review.conditions ? { reviewConditions: review.conditions } : {}),
    followers: [],
    writes: (receipt) => [
      input.reviews.update(review, {
        ...review,
        usedBy: receipt,
        history: [...review.history, event(input, 'APPROVAL_USED', review.status)],
      }),
    ],
  };
}

function pendingPlan(input: ReviewPlanInput, pending: ReviewCase): ReviewPlan {
  const { decision, policy } = input;
  // Every language the answer may be given in explains the added code, in the pack's own words.
  const withPending = (language: Language) => (list: readonly string[] | undefined) => [
    ...(list ?? []),
    explain(policy.document, REVIEW_PENDING, {}, language),
  ];
  const byLanguage = Object.entries(decision.explanationsByLanguage) as Array<[Language, readonly string[]]>;
  return {
    decision: {
      ...decision,
      reasonCodes: [...decision.reasonCodes, REVIEW_PENDING],
      explanations: withPending(decision.explanationsLanguage)(decision.explanations),
      explanationsByLanguage: Object.fromEntries(
        byLanguage.map(([language, list]) => [language, withPending(language)(list)]),
      ),
    },
    reviewId: pending.reviewId,
    summary: summaryOf(pending, 'OPEN'),
    followers: [],
    writes: () => [],
  };
}

function openCase(input: ReviewPlanInput, kind: ReviewKind, previous: string | undefined): ReviewPlan {
  const { caller, request, decision, nowMs } = input;
  const reviewId = nextReviewId(nowMs);
  const dueAt = dueAtOf(kind, nowMs, reviewSwitches(input.policy.document.switches));
  const subjectDigest = kind === 'REFER' ? input.subjectDigest : undefined;
  const header = entryHeader({
    origin: input.origin,
    type: 'review.opened',
    org: caller.org,
    actor: caller,
    clock: { now: () => nowMs },
  });
  const opened = reviewOpenedEntry(
    header,
    input.patient,
    { reviewId, kind, dueAt, subjectDigest },
    input.decisionEntryId,
  );
  const caseAt = (receipt: Receipt, openedReceipt: Receipt): ReviewCase => ({
    reviewId,
    org: caller.org,
    kind,
    status: 'OPEN',
    patientId: request.patientId,
    decision: {
      outcome: decision.decision,
      reasonCodes: decision.reasonCodes,
      explanations: decision.explanations,
      recipientId: request.recipientId,
      purpose: request.purpose,
      ...(decision.flow ? { flow: decision.flow } : {}),
      policyId: input.policy.id,
      receipt,
      clientId: caller.clientId,
    },
    ...(subjectDigest ? { subjectDigest } : {}),
    openedAt: header.time,
    dueAt,
    openedReceipt,
    obligations: [],
    history: [event(input, 'OPENED', 'OPEN')],
  });
  return {
    decision,
    reviewId,
    summary: { reviewId, kind, status: 'OPEN', dueAt },
    followers: [opened],
    writes: (receipt, [openedReceipt]) => input.reviews.open(caseAt(receipt, openedReceipt!), previous),
  };
}

export function summaryOf(review: ReviewCase, status: string): ReviewSummary {
  return { reviewId: review.reviewId, kind: review.kind, status, dueAt: review.dueAt };
}

function event(input: ReviewPlanInput, name: 'OPENED' | 'APPROVAL_USED', status: ReviewCase['status']) {
  return { at: new Date(input.nowMs).toISOString(), event: name, by: input.caller.clientId, status };
}

function namedId(named: ReviewCase | undefined): { reviewId?: string } {
  return named ? { reviewId: named.reviewId } : {};
}

function releases(outcome: string): boolean {
  return outcome === 'ALLOW' || outcome === 'ALLOW_WITH_REDACTION';
}
