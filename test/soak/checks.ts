/**
 * TESTS ONLY. After a soak, the promises are checked with the offline verifier and nothing else:
 * `verifyAuditLog` in full mode over the live API (the `gatekeeper audit verify --full` code path:
 * every log gap-free and consistent with every signed checkpoint, no decision after a consent's
 * withdrawal relies on it), then, on the very entries it proved (log-tap.ts):
 *
 *   - every receipt a caller was given names an entry of the verified log;
 *   - every released payload has exactly one decision entry, holding the digest of what was released;
 *   - no retry or re-append produced a second entry (per requestId, record id, review case and signed request);
 *   - no decision sent after a withdrawal was answered relies on the withdrawn consent;
 *   - no release ignores an objection recorded earlier in the patient's log (objection-promise.ts).
 */
import { canonicalDigest } from '../../shared/canonical-json.ts';
import { ApiAuditSource, type SignedRequester } from '../../shared/audit/api-source.ts';
import type { TrustedState, VerificationReport } from '../../shared/audit/verifier-types.ts';
import { verifyAuditLog } from '../../shared/audit/verifier.ts';
import { decisionsSeen, writesSeen, type DecisionSeen, type Receipted, type WriteSeen } from './answers.ts';
import type { OpRecord } from './driver.ts';
import { TappedAuditSource, type LoggedEntry, type TappedEntry } from './log-tap.ts';
import { objectionViolations } from './objection-promise.ts';

export interface SoakFindings {
  /** The offline verifier over the API exactly as served (`gatekeeper audit verify --full`). */
  readonly report: VerificationReport;
  /** How many entries the verifier proved; the checks below run on exactly those (log-tap.ts). */
  readonly entries: number;
  readonly released: number;
  readonly decisionsAnswered: number;
  readonly writesAnswered: number;
  /** Decisions in the log that no caller was ever told about (logged, answer lost): allowed, counted. */
  readonly loggedUnanswered: number;
  readonly violations: readonly string[];
}

const RELEASING = new Set(['ALLOW', 'ALLOW_WITH_REDACTION']);
/** Each violation kind is reported this many times at most: one is enough to fail, a few help to debug. */
const MAX_PER_KIND = 5;

/**
 * @param vkeys pinned before the run (faults off), so the logs are proven against the keys of the start.
 * @param trusted the monitor's state: the final log is proven consistent with every checkpoint it saw.
 */
export async function checkSoak(
  auditor: SignedRequester,
  records: readonly OpRecord[],
  vkeys: readonly string[],
  trusted: TrustedState,
): Promise<SoakFindings> {
  // The auditor's own path (`gatekeeper audit verify --full` over the API), tapped to keep what it proved.
  const source = new TappedAuditSource(new ApiAuditSource(auditor));
  const report = await verifyAuditLog({ source, proofs: source, vkeys, mode: 'full', trusted });
  const entries = source.all();
  const decisions = decisionsSeen(records);
  const writes = writesSeen(records);
  const violations = findViolations({ entries, at: (origin, index) => source.at(origin, index), decisions, writes });
  const answered = new Set(decisions.map((seen) => `${seen.clientId}|${seen.requestId}`));
  const loggedUnanswered = entries.filter(
    ({ entry }) =>
      entry.type === 'disclosure.decision' && !answered.has(`${entry.actor.clientId}|${entry.request?.requestId}`),
  ).length;
  return {
    report,
    entries: entries.length,
    released: decisions.filter((seen) => RELEASING.has(seen.decision)).length,
    decisionsAnswered: decisions.length,
    writesAnswered: writes.length,
    loggedUnanswered,
    violations,
  };
}

export interface Observed {
  /** The entries the verifier proved, in log and index order. */
  readonly entries: readonly TappedEntry[];
  readonly at: (origin: string, index: number) => LoggedEntry | undefined;
  readonly decisions: readonly DecisionSeen[];
  readonly writes: readonly WriteSeen[];
}

/** Every broken promise in what the callers were told against what the verified log holds. */
export function findViolations({ entries, at, decisions, writes }: Observed): string[] {
  const violations = new Violations();
  for (const seen of [...decisions, ...writes]) checkReceipt(at, seen, violations);
  for (const seen of decisions) checkRelease(at, seen, violations);
  checkDuplicates(entries, violations);
  checkWithdrawalsSeen(entries, decisions, writes, violations);
  for (const message of objectionViolations(entries)) violations.add('objection', message);
  return violations.list();
}

function checkReceipt(at: Observed['at'], seen: Receipted, violations: Violations): void {
  const { origin, index, entryId } = seen.receipt;
  const entry = at(origin, index);
  if (entry?.id !== entryId)
    violations.add(
      'receipt',
      `receipt ${origin}#${index} (${entryId}) is not in the verified log (found ${entry?.id ?? 'nothing'})`,
    );
}

function checkRelease(at: Observed['at'], seen: DecisionSeen, violations: Violations): void {
  if (!RELEASING.has(seen.decision)) {
    if (seen.payload !== undefined)
      violations.add('release', `${seen.requestId}: a ${seen.decision} answer carried a payload`);
    return;
  }
  const digest = canonicalDigest(seen.payload);
  if (digest !== seen.payloadDigest)
    violations.add('release', `${seen.requestId}: the answer's payloadDigest is not the digest of its payload`);
  const entry = at(seen.receipt.origin, seen.receipt.index);
  if (entry?.request?.requestId !== seen.requestId || entry.decision?.payloadDigest !== digest) {
    violations.add(
      'release',
      `${seen.requestId}: the entry at its receipt does not hold the released payload's digest`,
    );
  }
}

function checkDuplicates(entries: readonly TappedEntry[], violations: Violations): void {
  const counts = new Map<string, number>();
  const count = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const { origin, entry } of entries) {
    if (entry.type === 'disclosure.decision')
      count(`decision of request ${entry.actor.clientId}|${entry.request?.requestId}`);
    // A withdrawal or objection opens one notification per earlier recipient, under its one request.
    const recordId = entry.record?.consentId ?? entry.record?.objectionId ?? entry.notification?.notificationId;
    if (recordId !== undefined) count(`${entry.type} of record ${recordId}`);
    if (entry.type === 'review.opened' && entry.review) count(`review.opened of case ${entry.review.reviewId}`);
    // A review entry is about one decision, and one signed request (a batch) may decide several:
    // each of a batch's REFERs opens its own case, under the batch's one jti.
    const requestId = entry.request?.requestId ?? entry.review?.decisionEntryId ?? '';
    // One signed request (one jti) makes at most one entry of a kind per request or record: a
    // group commit that re-appends a member after an ambiguous answer makes two.
    count(`${entry.type} by signed request ${entry.actor.jti}|${requestId}|${recordId ?? ''}|${origin}`);
  }
  for (const [key, n] of counts) if (n > 1) violations.add('duplicate', `${n} entries for ${key}`);
}

/**
 * Real time, as a caller sees it: once a withdrawal has been answered, a request sent afterwards
 * must not be decided on the withdrawn consent (api.md §4.2), whatever the log order looks like.
 */
function checkWithdrawalsSeen(
  entries: readonly TappedEntry[],
  decisions: readonly DecisionSeen[],
  writes: readonly WriteSeen[],
  violations: Violations,
): void {
  const withdrawnAt = new Map<string, number>();
  for (const write of writes) {
    const consentId = /\/consents\/([^/]+)\/withdraw$/.exec(write.path)?.[1];
    if (write.kind === 'withdrawConsent' && consentId !== undefined) withdrawnAt.set(consentId, write.answeredAt);
  }
  const sentAt = new Map(decisions.map((seen) => [`${seen.clientId}|${seen.requestId}`, seen.firstSentAt]));
  for (const { entry } of entries) {
    const consentId = entry.decision?.basis?.recordId;
    const withdrawn = consentId === undefined ? undefined : withdrawnAt.get(consentId);
    const sent = sentAt.get(`${entry.actor.clientId}|${entry.request?.requestId}`);
    if (withdrawn !== undefined && sent !== undefined && sent > withdrawn && RELEASING.has(entry.decision!.outcome)) {
      violations.add(
        'withdrawal',
        `${entry.request?.requestId} was sent ${sent - withdrawn} ms after ${consentId} was withdrawn and relies on it`,
      );
    }
  }
}

class Violations {
  readonly #byKind = new Map<string, string[]>();
  readonly #totals = new Map<string, number>();

  add(kind: string, message: string): void {
    this.#totals.set(kind, (this.#totals.get(kind) ?? 0) + 1);
    const kept = this.#byKind.get(kind) ?? [];
    if (kept.length < MAX_PER_KIND) kept.push(`${kind}: ${message}`);
    this.#byKind.set(kind, kept);
  }

  list(): string[] {
    return [...this.#byKind.entries()].flatMap(([kind, kept]) => {
      const more = (this.#totals.get(kind) ?? 0) - kept.length;
      return more > 0 ? [...kept, `${kind}: … and ${more} more`] : kept;
    });
  }
}
