import { decodeTime } from 'ulid';
import { canonicalDigest } from '../canonical-json.ts';
import { NotFoundError } from '../errors.ts';
import type { DecisionEntry, JsonValue } from '../audit/entry.ts';
import type { AuditSearch } from '../ports/audit-search.ts';
import type { Receipt } from '../ports/audit-log.ts';
import { reviewSwitches } from '../policy/switches.ts';
import { reviewOpenedEntry } from '../reviews/entries.ts';
import { dueAtOf, type ReviewCase } from '../reviews/model.ts';
import { pageOfQueue, reviewView, type ReviewView } from '../reviews/queue.ts';
import type { ContestBody, ReviewSearchBody } from '../schemas/reviews.ts';
import type { Caller } from './admin-service.ts';
import { entryHeader, orgLogOrigin, patientLogOrigin } from './audit-entries.ts';
import { runAuditedChange } from './audited-change.ts';
import { IdempotencyConflictError } from './errors.ts';
import { patientIndexKey } from './records-keys.ts';
import { packOfCase } from './review-pack.ts';
import type { ReviewChangeAnswer, ReviewDeps } from './review-service.ts';

/** A reader of the queue: the free text of a case is shown to reviewers only. */
export interface QueueReader extends Caller {
  readonly scopes: readonly string[];
}

/** Who reads, and the request: what the `audit.read` entry records besides the query. */
export interface ReadRequest {
  readonly requestId: string;
  readonly digest: string;
}

/** How far either side of a decision's entryId time its entry is looked for (ULID and entry time share a clock). */
const ENTRY_TIME_WINDOW_MS = 60_000;

/**
 * The review queue (reviews.md §5): reads, each logged as an `audit.read` entry with the query and
 * never the results, and contests, opened by records staff on a decision of the patient's log.
 */
export class ReviewQueue {
  readonly #deps: ReviewDeps & { readonly search: AuditSearch };

  constructor(deps: ReviewDeps & { readonly search: AuditSearch }) {
    this.#deps = deps;
  }

  async get(reader: QueueReader, request: ReadRequest, reviewId: string): Promise<ReviewView> {
    await this.#logRead(reader, request, { endpoint: 'reviews.get', reviewId });
    const review = await this.#deps.reviews.get(reader.org, reviewId);
    if (!review) throw new NotFoundError('No such review');
    return reviewView(review, this.#deps.clock.now(), reader.scopes.includes('review:decide'));
  }

  async search(reader: QueueReader, request: ReadRequest, body: ReviewSearchBody) {
    const { cursor: _cursor, ...filters } = body;
    await this.#logRead(reader, request, {
      endpoint: 'reviews.search',
      ...(filters as Record<string, JsonValue>),
      ...(body.cursor ? { continued: true } : {}),
    });
    const nowMs = this.#deps.clock.now();
    const utc = (time: string | undefined) => (time === undefined ? undefined : new Date(time).toISOString());
    const { page, nextCursor } = pageOfQueue(
      await this.#deps.reviews.list(reader.org),
      { ...body, from: utc(body.from), to: utc(body.to) },
      nowMs,
    );
    const withText = reader.scopes.includes('review:decide');
    return { reviews: page.map((review) => reviewView(review, nowMs, withText)), nextCursor };
  }

  /**
   * Opens a CONTEST case on a decision of this patient (404 if it is not this patient's or not this
   * org's). Idempotent on `reviewId`: the same body answers with the case as opened.
   */
  async contest(caller: Caller, body: ContestBody): Promise<ReviewChangeAnswer> {
    const requestDigest = canonicalDigest(body);
    const existing = await this.#deps.reviews.get(caller.org, body.reviewId);
    if (existing) return this.#replayContest(existing, requestDigest);
    const found = await this.#decisionEntry(caller, body.patientId, body.entryId);
    const organisation = await this.#deps.registry.getOrganisation(caller.org);
    if (!organisation) throw new NotFoundError('No such organisation');
    const origin = patientLogOrigin(this.#deps.deployment, caller.org, body.patientId, organisation.patientLogs);
    const indexKey = await patientIndexKey(this.#deps.pseudonymiser, caller.org, body.patientId);
    return runAuditedChange(this.#deps.audit, {
      maxAttempts: 3,
      read: () => Promise.resolve(undefined),
      plan: () => {
        const nowMs = this.#deps.clock.now();
        const header = entryHeader({
          origin,
          type: 'review.opened',
          org: caller.org,
          actor: caller,
          clock: this.#deps.clock,
        });
        const { entry: decision, receipt: decisionReceipt } = found;
        const pack = packOfCase(reviewedPack(decision), this.#deps.packs, this.#deps.policy);
        const dueAt = dueAtOf('CONTEST', nowMs, reviewSwitches(pack.document.switches));
        const subjectDigest = decision.request?.subjectDigest;
        const grounds = {
          reviewId: body.reviewId,
          kind: 'CONTEST' as const,
          dueAt,
          subjectDigest,
          grounds: body.grounds,
        };
        const entry = reviewOpenedEntry(header, { ref: body.patientId }, grounds, decision.id);
        const caseAt = (receipt: Receipt): ReviewCase => ({
          ...contestCase(caller, body, decision, decisionReceipt, header.time, dueAt, receipt),
          ...(subjectDigest ? { subjectDigest } : {}),
          contested: { requestId: body.requestId, requestDigest },
        });
        return {
          append: {
            origin,
            entry,
            patientIndexKey: indexKey,
            atomicWith: (receipt) => this.#deps.reviews.open(caseAt(receipt), undefined),
          },
          answer: (receipt) => ({ ...reviewView(caseAt(receipt), nowMs, false), receipt, notifications: [] }),
        };
      },
      // The same reviewId was opened meanwhile: that is the answer, or a conflict.
      settleConflict: () =>
        this.#deps.reviews.get(caller.org, body.reviewId).then((review) => {
          if (!review) throw new IdempotencyConflictError('The review id is in use');
          return this.#replayContest(review, requestDigest);
        }),
      exhausted: () => new IdempotencyConflictError('The review id is in use'),
    });
  }

  #replayContest(review: ReviewCase, requestDigest: string): ReviewChangeAnswer {
    if (review.kind !== 'CONTEST' || review.contested?.requestDigest !== requestDigest)
      throw new IdempotencyConflictError('This reviewId was used with a different body');
    return { ...reviewView(review, this.#deps.clock.now(), false), receipt: review.openedReceipt, notifications: [] };
  }

  /** The decision entry by id in this patient's entries (the by-patient index, around the id's time). */
  async #decisionEntry(caller: Caller, patientId: string, entryId: string) {
    const at = decodeTime(entryId);
    const window = (delta: number) => new Date(at + delta).toISOString();
    const key = await patientIndexKey(this.#deps.pseudonymiser, caller.org, patientId);
    let cursor: string | undefined;
    do {
      const page = await this.#deps.search.search({
        org: caller.org,
        patientIndexKey: key,
        type: 'disclosure.decision',
        from: window(-ENTRY_TIME_WINDOW_MS),
        to: window(ENTRY_TIME_WINDOW_MS),
        limit: 500,
        ...(cursor ? { cursor } : {}),
      });
      const item = page.items.find(({ entry }) => entry['id'] === entryId);
      const entry = item?.entry as unknown as DecisionEntry | undefined;
      if (item && entry && entry.patient.ref === patientId) {
        const receipt = { origin: item.origin, index: item.index, leafHash: item.leafHash, entryId };
        return { entry, receipt };
      }
      cursor = page.nextCursor;
    } while (cursor);
    throw new NotFoundError('No such decision for this patient');
  }

  async #logRead(reader: QueueReader, request: ReadRequest, query: Record<string, JsonValue>): Promise<void> {
    const origin = orgLogOrigin(this.#deps.deployment, reader.org);
    const header = entryHeader({ origin, type: 'audit.read', org: reader.org, actor: reader, clock: this.#deps.clock });
    const entry = { ...header, ...(request.requestId ? { request } : {}), query };
    await this.#deps.audit.append({ origin, entry });
  }
}

function contestCase(
  caller: Caller,
  body: ContestBody,
  decision: DecisionEntry,
  decisionReceipt: Receipt,
  openedAt: string,
  dueAt: string,
  openedReceipt: Receipt,
): ReviewCase {
  return {
    reviewId: body.reviewId,
    org: caller.org,
    kind: 'CONTEST',
    status: 'OPEN',
    patientId: body.patientId,
    decision: {
      outcome: decision.decision.outcome,
      reasonCodes: decision.decision.reasonCodes,
      // The entry keeps codes only; the explanations were the answer's, and the codes name them.
      explanations: [],
      recipientId: decision.decision.recipient.id,
      purpose: decision.decision.purpose,
      ...reviewedPack(decision),
      receipt: decisionReceipt,
      clientId: decision.actor.clientId,
    },
    openedAt,
    dueAt,
    openedReceipt,
    grounds: body.grounds,
    obligations: [],
    history: [{ at: openedAt, event: 'OPENED', by: caller.clientId, status: 'OPEN' }],
  };
}

/** The flow and pack of a logged decision, as the case keeps them. */
function reviewedPack(decision: DecisionEntry): { flow?: string; policyId: string } {
  const { flow, policy } = decision.decision;
  return { ...(flow ? { flow } : {}), policyId: policy.id };
}
