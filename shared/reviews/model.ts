/**
 * Review cases (reviews.md §1–§2): a person looks at one decision, because the engine referred it,
 * because it was released under an override that must be answered for, or because the patient
 * contested it. Pure domain: kinds, outcomes, due dates, expiry and what a case looks like.
 */
import type { Receipt } from '../ports/audit-log.ts';

export type ReviewKind = 'REFER' | 'RETROSPECTIVE' | 'CONTEST';
export type ReviewOutcome = 'APPROVED' | 'REJECTED' | 'UPHELD' | 'NOT_UPHELD' | 'OVERTURNED';
export type ReviewStatus = 'OPEN' | 'EXPIRED' | ReviewOutcome;
export type ReviewerRole = 'CALDICOTT_GUARDIAN' | 'DPO';

export const REVIEW_KINDS: readonly ReviewKind[] = Object.freeze(['REFER', 'RETROSPECTIVE', 'CONTEST']);
export const REVIEW_STATUSES: readonly ReviewStatus[] = Object.freeze([
  'OPEN',
  'APPROVED',
  'REJECTED',
  'EXPIRED',
  'UPHELD',
  'NOT_UPHELD',
  'OVERTURNED',
]);
export const REVIEW_OUTCOMES: readonly ReviewOutcome[] = Object.freeze([
  'APPROVED',
  'REJECTED',
  'UPHELD',
  'NOT_UPHELD',
  'OVERTURNED',
]);

/** The outcomes a reviewer may give each kind (EXPIRED is never given: time gives it). */
export const OUTCOMES_OF: Readonly<Record<ReviewKind, readonly ReviewOutcome[]>> = Object.freeze({
  REFER: ['APPROVED', 'REJECTED'],
  RETROSPECTIVE: ['UPHELD', 'NOT_UPHELD'],
  CONTEST: ['UPHELD', 'OVERTURNED'],
});

/** The obligation a NOT_UPHELD retrospective review adds to its case (reviews.md §2). */
export const REPORT_INCIDENT = 'REPORT_INCIDENT';

/** The decision under review, as the case keeps it (no payload, no free text). */
export interface ReviewedDecision {
  readonly outcome: 'ALLOW' | 'ALLOW_WITH_REDACTION' | 'DENY' | 'REFER';
  readonly reasonCodes: readonly string[];
  readonly explanations: readonly string[];
  readonly recipientId: string;
  readonly purpose: string;
  readonly flow?: string;
  /** The pack that decided (its id): the case is judged by its switches (services/review-pack.ts). */
  readonly policyId?: string;
  readonly receipt: Receipt;
  /** The client that sent the request decided: it may not decide its review (four eyes). */
  readonly clientId: string;
}

export interface ReviewCase {
  readonly reviewId: string;
  readonly org: string;
  readonly kind: ReviewKind;
  /** As stored; `effectiveStatus` adds expiry. */
  readonly status: ReviewStatus;
  readonly patientId: string;
  readonly decision: ReviewedDecision;
  /** Binds an approval to one disclosure: `sha-256=:…:` of the body without requestId and reviewId. */
  readonly subjectDigest?: string;
  readonly openedAt: string;
  readonly dueAt: string;
  /** The `review.opened` entry. */
  readonly openedReceipt: Receipt;
  readonly closedAt?: string;
  readonly closedBy?: { readonly clientId: string; readonly role: ReviewerRole };
  /** Free text, kept here and never logged; the log holds the digests. */
  readonly justification?: string;
  readonly justificationDigest?: string;
  readonly conditions?: string;
  /** CONTEST: the patient's grounds, free text kept here only. */
  readonly grounds?: string;
  readonly obligations: readonly string[];
  /** The decision, the requestId and the body digest that closed the case: an identical retry gets its answer. */
  readonly decided?: {
    readonly requestId: string;
    readonly requestDigest: string;
    readonly receipt: Receipt;
  };
  /** CONTEST: the records staff's request that opened it, so an identical retry gets the same case. */
  readonly contested?: { readonly requestId: string; readonly requestDigest: string };
  /** The release that used the approval (an approval allows one). */
  readonly usedBy?: Receipt;
  readonly history: readonly ReviewEvent[];
}

export interface ReviewEvent {
  readonly at: string;
  readonly event: 'OPENED' | 'DECIDED' | 'APPROVAL_USED';
  readonly by: string;
  readonly status: ReviewStatus;
}

const HOUR_MS = 3_600_000;

/**
 * When a case falls due (reviews.md §1): REFER after `review.referExpiresHours`, RETROSPECTIVE after
 * `review.retrospectiveDays`, CONTEST one calendar month later (Art 12(3); the 31st of a shorter
 * month falls on its last day).
 */
export function dueAtOf(
  kind: ReviewKind,
  openedAtMs: number,
  switches: { readonly 'review.referExpiresHours': number; readonly 'review.retrospectiveDays': number },
): string {
  if (kind === 'REFER') return iso(openedAtMs + switches['review.referExpiresHours'] * HOUR_MS);
  if (kind === 'RETROSPECTIVE') return iso(openedAtMs + switches['review.retrospectiveDays'] * 24 * HOUR_MS);
  const opened = new Date(openedAtMs);
  const month = new Date(Date.UTC(opened.getUTCFullYear(), opened.getUTCMonth() + 1, 1));
  const lastDay = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 0)).getUTCDate();
  month.setUTCDate(Math.min(opened.getUTCDate(), lastDay));
  month.setUTCHours(opened.getUTCHours(), opened.getUTCMinutes(), opened.getUTCSeconds(), opened.getUTCMilliseconds());
  return iso(month.getTime());
}

/**
 * Expiry is applied lazily and needs no writer: a REFER still OPEN at or after its `dueAt` IS
 * expired, for everyone who reads it, from that instant, because `dueAt` is fixed when the case
 * opens and logged in its `review.opened` entry. Reads show it EXPIRED (closed at `dueAt`), a
 * decision on it is a state conflict, and a re-send with its id is DENY_REVIEW_REJECTED.
 */
export function effectiveStatus(review: ReviewCase, nowMs: number): ReviewStatus {
  if (review.status === 'OPEN' && review.kind === 'REFER' && nowMs >= Date.parse(review.dueAt)) return 'EXPIRED';
  return review.status;
}

/** Open past its due date: listed first and counted (RETROSPECTIVE and CONTEST cases; a REFER expires instead). */
export function isOverdue(review: ReviewCase, nowMs: number): boolean {
  return effectiveStatus(review, nowMs) === 'OPEN' && nowMs >= Date.parse(review.dueAt);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
