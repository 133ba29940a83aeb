import type { Decision } from '../policy/engine.ts';
import type { Language } from '../policy/languages.ts';
import type { LoadedPolicy } from '../policy/pack.ts';
import type { Receipt } from '../ports/audit-log.ts';
import type { DisclosureRequest } from '../schemas/disclosure.ts';
import type { Caller } from './admin-service.ts';
import type { DisclosureDeps } from './disclosure-deps.ts';
import type { ReviewPlan, ReviewSummary } from './disclosure-reviews.ts';
import type { BatchReads } from './batch-reads.ts';
import { IdempotencyConflictError } from './errors.ts';
import { authorisationFor, type SignAuthorisation } from './inflight-authorisation.ts';

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
export interface StoredDisclosure {
  readonly answer: DisclosureAnswer;
  readonly flow: string | null;
  readonly time: string;
}

/** What an authorisation is signed with: the deployment's name and its signer. */
export type AuthorisationDeps = Pick<DisclosureDeps, 'deployment' | 'authorisations'>;

/** What an authorisation binds besides the request: the payload released, its flow and the decision's time. */
export interface AuthorisationBinding {
  readonly payloadDigest: string | undefined;
  readonly flow: string | null;
  readonly time: string;
}

/**
 * The answer stored for this requestId, re-signed (withAuthorisation); undefined when none is
 * stored. A batch reads it through its shared first look.
 */
export async function storedAnswer(
  deps: AuthorisationDeps & Pick<DisclosureDeps, 'idempotency'>,
  caller: Caller,
  request: DisclosureRequest,
  requestDigest: string,
  batch?: BatchReads,
): Promise<DisclosureAnswer | undefined> {
  const { org, clientId } = caller;
  const read = () => deps.idempotency.get<StoredDisclosure>(org, clientId, request.requestId);
  const previous = await (batch ? batch.answer(org, clientId, request.requestId, read) : read());
  if (!previous) return undefined;
  if (previous.requestDigest !== requestDigest)
    throw new IdempotencyConflictError('This requestId was used with a different body');
  return withAuthorisation(deps, caller, request, previous.answer);
}

/** The answer to store and give for a decision logged under `receipt` (without its authorisation). */
export function answerOf(
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
export async function withAuthorisation(
  deps: AuthorisationDeps,
  caller: Caller,
  request: DisclosureRequest,
  stored: StoredDisclosure,
): Promise<DisclosureAnswer> {
  const { answer } = stored;
  const { flow, time } = stored;
  const sign = authorisationOf(deps, caller, request, { payloadDigest: answer.payloadDigest, flow, time });
  return sign ? { ...answer, authorisation: await sign(answer.receipt) } : answer;
}

/** How to sign the authorisation of this request's answer, or undefined when it carries none. */
export function authorisationOf(
  { deployment, authorisations }: AuthorisationDeps,
  caller: Caller,
  request: DisclosureRequest,
  bound: AuthorisationBinding,
): SignAuthorisation | undefined {
  const { recipientId, purpose } = request;
  return authorisationFor(authorisations, { deployment, org: caller.org, recipientId, purpose, ...bound });
}
