import { canonicalDigest, sha256Digest } from '../canonical-json.ts';
import { ForbiddenScopeError } from '../auth/errors.ts';
import { NotFoundError, ValidationFailedError } from '../errors.ts';
import type { PolicyCatalogue } from '../policy/catalogue.ts';
import type { LoadedPolicy } from '../policy/pack.ts';
import { reviewSwitches } from '../policy/switches.ts';
import type { AuditLog, Receipt } from '../ports/audit-log.ts';
import type { Clock } from '../ports/clock.ts';
import type { ReviewStore } from '../ports/review-store.ts';
import type { Pseudonymiser } from '../pseudonym/pseudonymiser.ts';
import type { RegistryStore } from '../registry/model.ts';
import { reviewDecidedEntry } from '../reviews/entries.ts';
import {
  effectiveStatus,
  OUTCOMES_OF,
  REPORT_INCIDENT,
  type ReviewCase,
  type ReviewerRole,
  type ReviewOutcome,
} from '../reviews/model.ts';
import type { Notification } from '../notifications/model.ts';
import type { AuditSearch } from '../ports/audit-search.ts';
import type { RecordsStore } from '../ports/records-store.ts';
import { holdReleasesFor } from '../notifications/release-hold.ts';
import { notificationsToOpen, openedByDecision } from '../reviews/notifications-seam.ts';
import { reviewView, type ReviewView } from '../reviews/queue.ts';
import type { DecideReviewBody } from '../schemas/reviews.ts';
import type { Caller } from './admin-service.ts';
import { runAuditedChange, type ChangePlan } from './audited-change.ts';
import { entryHeader, patientLogOrigin } from './audit-entries.ts';
import { IdempotencyConflictError, ReviewStateConflictError, SeparationOfDutiesError } from './errors.ts';
import { patientIndexKey } from './records-keys.ts';
import { packOfCase } from './review-pack.ts';

export interface ReviewDeps {
  readonly reviews: ReviewStore;
  readonly registry: Pick<RegistryStore, 'getClient' | 'getOrganisation' | 'getRecipient'>;
  /** The patient's records, where the notifications a review outcome opens are kept. */
  readonly records: RecordsStore;
  readonly search: AuditSearch;
  /** `notification.dueDays` of the UK pack (reviews.md §7; default 30), for a patient who is not Swedish. */
  readonly notificationDueDays?: number;
  readonly audit: AuditLog;
  readonly pseudonymiser: Pseudonymiser;
  readonly policy: LoadedPolicy;
  /** Every pack the deployment runs: a case is judged by the one that made its decision. */
  readonly packs?: PolicyCatalogue;
  readonly clock: Clock;
  readonly deployment: string;
}

/** The answer of a change to a case: the case after it, its entry's receipt and the notifications it opened. */
export type ReviewChangeAnswer = ReviewView & { receipt: Receipt; notifications: Notification[] };

/** Attempts before a decision that keeps losing races answers 503. */
const MAX_ATTEMPTS = 5;

/**
 * Deciding review cases (reviews.md §2). The case is closed only together with its `review.decided`
 * entry in the patient's log, on condition that it is still open: of two reviewers deciding at
 * once, one closes it and the other is told it is closed (409), or gets the first answer back if
 * it was its own identical retry.
 */
export class ReviewDecisions {
  readonly #deps: ReviewDeps;

  constructor(deps: ReviewDeps) {
    this.#deps = deps;
  }

  async decide(caller: Caller, reviewId: string, body: DecideReviewBody): Promise<ReviewChangeAnswer> {
    const requestDigest = canonicalDigest(body);
    const role = await this.#reviewerRole(caller, body.role);
    const { reviews, clock } = this.#deps;
    const organisation = await this.#deps.registry.getOrganisation(caller.org);
    if (!organisation) throw new NotFoundError('No such organisation');
    // The patient whose releases this decision's notifications must cover, once a plan opens any.
    let notifying: string | undefined;
    return runAuditedChange(this.#deps.audit, {
      maxAttempts: MAX_ATTEMPTS,
      read: async (attempt) => {
        // Having lost its commit (most often to a release), it holds releases so it commits next.
        if (attempt > 1 && notifying !== undefined) await holdReleasesFor(this.#deps, caller.org, notifying);
        return reviews.get(caller.org, reviewId);
      },
      plan: async (review): Promise<ChangePlan<ReviewChangeAnswer>> => {
        if (!review) throw new NotFoundError('No such review');
        const replay = await this.#replay(caller, review, body.requestId, requestDigest);
        if (replay) return { done: replay };
        this.#checkMayDecide(caller, review, role, body.outcome as ReviewOutcome);
        const origin = patientLogOrigin(this.#deps.deployment, caller.org, review.patientId, organisation.patientLogs);
        const decided = this.#closed(caller, review, role, body);
        const header = entryHeader({ origin, type: 'review.decided', org: caller.org, actor: caller, clock });
        const entry = reviewDecidedEntry(header, { ref: review.patientId }, review, {
          outcome: body.outcome as ReviewOutcome,
          role,
          justification: body.justification,
          conditions: body.conditions,
          obligations: decided.obligations,
        });
        const indexKey = await patientIndexKey(this.#deps.pseudonymiser, caller.org, review.patientId);
        // What this outcome owes earlier recipients (reviews.md §3), written with the decision.
        const notifications = await notificationsToOpen(
          {
            review: decided,
            outcome: body.outcome as ReviewOutcome,
            at: { org: caller.org, origin, actor: caller, patientIndexKey: indexKey },
          },
          this.#deps,
        );
        notifying = notifications.followers.length > 0 ? review.patientId : undefined;
        const after = (receipt: Receipt): ReviewCase => ({
          ...decided,
          decided: { requestId: body.requestId, requestDigest, receipt },
        });
        return {
          append: {
            origin,
            entry,
            patientIndexKey: indexKey,
            atomicWith: (receipt) => [reviews.update(review, after(receipt)), ...notifications.writes(receipt)],
            ...(notifications.followers.length > 0 ? { followers: notifications.followers } : {}),
          },
          answer: (receipt) => ({
            ...reviewView(after(receipt), clock.now(), true),
            receipt,
            notifications: notifications.opened(receipt),
          }),
        };
      },
      // Someone else closed or used the case meanwhile: read it again, and answer from what it is now.
      settleConflict: () => undefined,
      exhausted: () => new ReviewStateConflictError('The review kept changing while it was decided'),
    });
  }

  /** The role asked for must be the caller's registered role (reviews.md §2). */
  async #reviewerRole(caller: Caller, asked: ReviewerRole): Promise<ReviewerRole> {
    const client = await this.#deps.registry.getClient(caller.org, caller.clientId);
    if (client?.kind !== 'PERSON' || client.displayRole !== asked) throw new ForbiddenScopeError();
    return asked;
  }

  #checkMayDecide(caller: Caller, review: ReviewCase, role: ReviewerRole, outcome: ReviewOutcome): void {
    if (effectiveStatus(review, this.#deps.clock.now()) !== 'OPEN')
      throw new ReviewStateConflictError('The review is closed');
    if (review.decision.clientId === caller.clientId)
      throw new SeparationOfDutiesError('The client that sent the request cannot review its decision');
    if (!OUTCOMES_OF[review.kind].includes(outcome))
      throw new ValidationFailedError([
        { path: 'outcome', code: 'invalid_outcome', message: `must be one of ${OUTCOMES_OF[review.kind].join(', ')}` },
      ]);
    const needsGuardian = (review.kind === 'REFER' && outcome === 'APPROVED') || review.kind === 'RETROSPECTIVE';
    const pack = packOfCase(review.decision, this.#deps.packs, this.#deps.policy);
    if (needsGuardian && reviewSwitches(pack.document.switches)['override.requireCaldicottGuardian'])
      if (role !== 'CALDICOTT_GUARDIAN') throw new ForbiddenScopeError();
  }

  /** The same requestId and body from the same reviewer answers as the first time; another body is a conflict. */
  async #replay(caller: Caller, review: ReviewCase, requestId: string, requestDigest: string) {
    const decided = review.decided;
    if (!decided || decided.requestId !== requestId || review.closedBy?.clientId !== caller.clientId) return undefined;
    if (decided.requestDigest !== requestDigest)
      throw new IdempotencyConflictError('This requestId was used with a different body');
    const notifications = await openedByDecision(this.#deps.records, review, decided.receipt);
    return { ...reviewView(review, this.#deps.clock.now(), true), receipt: decided.receipt, notifications };
  }

  #closed(caller: Caller, review: ReviewCase, role: ReviewerRole, body: DecideReviewBody): ReviewCase {
    const at = new Date(this.#deps.clock.now()).toISOString();
    const outcome = body.outcome as ReviewOutcome;
    const obligations = outcome === 'NOT_UPHELD' ? [...review.obligations, REPORT_INCIDENT] : review.obligations;
    return {
      ...review,
      status: outcome,
      closedAt: at,
      closedBy: { clientId: caller.clientId, role },
      justification: body.justification,
      justificationDigest: sha256Digest(body.justification),
      ...(body.conditions ? { conditions: body.conditions } : {}),
      obligations,
      history: [...review.history, { at, event: 'DECIDED', by: caller.clientId, status: outcome }],
    };
  }
}
