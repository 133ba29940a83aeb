/**
 * The soak's checks must be able to fail: each promise is broken once on purpose, on entries and
 * answers shaped as the verifier and the API give them, and the check must name it. The clean
 * observation beside them shows the checks are quiet when nothing is wrong.
 */
import { describe, expect, it } from 'vitest';
import { canonicalDigest } from '../../../shared/canonical-json.ts';
import type { DecisionSeen, WriteSeen } from '../../soak/answers.ts';
import { findViolations, type Observed } from '../../soak/checks.ts';
import { classify } from '../../soak/driver.ts';
import type { LoggedEntry, TappedEntry } from '../../soak/log-tap.ts';

const P = 'gatekeeper.local/demo/p1';
const ORG_LOG = 'gatekeeper.local/demo/org';
const PAYLOAD = { patient: { localId: 'SOAK-1' } };
const actor = (jti: string) => ({ clientId: 'epr', jti });

const consentGiven = (id: string): LoggedEntry => ({
  id,
  type: 'record.consent.given',
  actor: actor(`j-${id}`),
  patient: { ref: 'SOAK-1' },
  record: { consentId: 'cons-1' },
});
const objection = (id: string, scope: string): LoggedEntry => ({
  id,
  type: 'record.objection.raised',
  actor: actor(`j-${id}`),
  patient: { ref: 'SOAK-1' },
  record: { objectionId: `obj-${id}`, scope },
});
const decision = (
  id: string,
  requestId: string,
  extra: Partial<NonNullable<LoggedEntry['decision']>> = {},
): LoggedEntry => ({
  id,
  type: 'disclosure.decision',
  actor: actor(`j-${id}`),
  patient: { ref: 'SOAK-1' },
  request: { requestId },
  decision: {
    outcome: 'ALLOW_WITH_REDACTION',
    flow: 'insurer-payment',
    purpose: 'PAYMENT',
    recipient: { id: 'ins-acme-health', category: 'INSURER' },
    basis: { source: 'PATIENT_CONSENT', recordId: 'cons-1' },
    payloadDigest: canonicalDigest(PAYLOAD),
    ...extra,
  },
});
/** The case a REFER opens, a follower of its decision's entry, under the same signed request. */
const reviewOpened = (id: string, jti: string, reviewId: string, decisionEntryId: string): LoggedEntry => ({
  id,
  type: 'review.opened',
  actor: actor(jti),
  patient: { ref: 'SOAK-1' },
  review: { reviewId, kind: 'REFER', decisionEntryId },
});
/** A notification a record change opens, one per earlier recipient, under the change's signed request. */
const notificationOpened = (id: string, jti: string, notificationId: string): LoggedEntry => ({
  id,
  type: 'notification.opened',
  actor: actor(jti),
  patient: { ref: 'SOAK-1' },
  notification: { notificationId },
});
/** A decision of one batch: every item shares the batch's signed request (one jti). */
const batchDecision = (id: string, requestId: string, jti: string): LoggedEntry => ({
  ...decision(id, requestId, { outcome: 'REFER' }),
  actor: actor(jti),
});
const auditRead = (id: string, jti: string): LoggedEntry => ({
  id,
  type: 'audit.read',
  actor: { clientId: 'auditor', jti },
});

const seenDecision = (requestId: string, index: number, entryId: string, firstSentAt = 1_000): DecisionSeen => ({
  requestId,
  clientId: 'epr',
  patientId: 'SOAK-1',
  firstSentAt,
  decision: 'ALLOW_WITH_REDACTION',
  payload: PAYLOAD,
  payloadDigest: canonicalDigest(PAYLOAD),
  receipt: { origin: P, index, entryId },
});

function observed(
  entries: Array<[string, LoggedEntry]>,
  decisions: DecisionSeen[],
  writes: WriteSeen[] = [],
): Observed {
  const counters = new Map<string, number>();
  const tapped: TappedEntry[] = entries.map(([origin, entry]) => {
    const index = counters.get(origin) ?? 0;
    counters.set(origin, index + 1);
    return { origin, index, entry };
  });
  const at = (origin: string, index: number) => tapped.find((t) => t.origin === origin && t.index === index)?.entry;
  return { entries: tapped, at, decisions, writes };
}

describe('soak checks', () => {
  it('find nothing when every answer has its one entry', () => {
    // Prepare
    const clean = observed(
      [
        [P, consentGiven('e0')],
        [P, decision('e1', 'req-1')],
        [ORG_LOG, auditRead('e2', 'j-read')],
      ],
      [seenDecision('req-1', 1, 'e1')],
    );

    // Act
    const violations = findViolations(clean);

    // Assess
    expect(violations).toEqual([]);
  });

  it.each([
    {
      broken: 'a retry logged a second decision',
      kind: 'duplicate',
      input: () =>
        observed(
          [
            [P, consentGiven('e0')],
            [P, decision('e1', 'req-1')],
            [P, decision('e2', 'req-1')],
          ],
          [seenDecision('req-1', 1, 'e1')],
        ),
    },
    {
      broken: 'a group commit re-appended an audit read',
      kind: 'duplicate',
      input: () =>
        observed(
          [
            [ORG_LOG, auditRead('e0', 'j-read')],
            [ORG_LOG, auditRead('e1', 'j-read')],
          ],
          [],
        ),
    },
    {
      broken: 'a group commit wrote a decision’s review.opened follower twice',
      kind: 'duplicate',
      input: () =>
        observed(
          [
            [P, batchDecision('e0', 'req-1', 'j-batch')],
            [P, reviewOpened('e1', 'j-batch', 'rev-1', 'e0')],
            [P, reviewOpened('e1', 'j-batch', 'rev-1', 'e0')],
          ],
          [],
        ),
    },
    {
      broken: 'a retried withdrawal opened the same notification twice',
      kind: 'duplicate',
      input: () =>
        observed(
          [
            [P, notificationOpened('e0', 'j-withdraw', 'ntf-1')],
            [P, notificationOpened('e1', 'j-withdraw', 'ntf-1')],
          ],
          [],
        ),
    },
    {
      broken: 'one decision opened two review cases',
      kind: 'duplicate',
      input: () =>
        observed(
          [
            [P, batchDecision('e0', 'req-1', 'j-batch')],
            [P, reviewOpened('e1', 'j-batch', 'rev-1', 'e0')],
            [P, reviewOpened('e2', 'j-batch', 'rev-2', 'e0')],
          ],
          [],
        ),
    },
    {
      broken: 'a receipt names an entry the log does not hold',
      kind: 'receipt',
      input: () =>
        observed(
          [
            [P, consentGiven('e0')],
            [P, decision('e1', 'req-1')],
          ],
          [seenDecision('req-1', 1, 'e-other')],
        ),
    },
    {
      broken: 'the logged digest is not the released payload’s',
      kind: 'release',
      input: () =>
        observed(
          [
            [P, consentGiven('e0')],
            [P, decision('e1', 'req-1', { payloadDigest: canonicalDigest({ other: true }) })],
          ],
          [seenDecision('req-1', 1, 'e1')],
        ),
    },
    {
      broken: 'a request sent after a withdrawal was answered relies on the consent',
      kind: 'withdrawal',
      input: () =>
        observed(
          [
            [P, consentGiven('e0')],
            [P, decision('e1', 'req-1')],
          ],
          [seenDecision('req-1', 1, 'e1', 5_000)],
          [
            {
              kind: 'withdrawConsent',
              path: '/v1/patients/SOAK-1/consents/cons-1/withdraw',
              answeredAt: 4_000,
              receipt: { origin: P, index: 0, entryId: 'e0' },
            },
          ],
        ),
    },
    {
      broken: 'a release follows an objection that blocks its flow',
      kind: 'objection',
      input: () =>
        observed(
          [
            [P, consentGiven('e0')],
            [P, objection('e1', 'INSURER')],
            [P, decision('e2', 'req-1')],
          ],
          [seenDecision('req-1', 2, 'e2')],
        ),
    },
  ])('name it when $broken', ({ input, kind }) => {
    // Prepare
    const broken = input();

    // Act
    const violations = findViolations(broken);

    // Assess
    expect(violations.length).toBeGreaterThan(0);
    expect(
      violations.every((violation) => violation.startsWith(`${kind}:`)),
      violations.join('\n'),
    ).toBe(true);
  });

  it('let each REFER of one batch open its own case, though the batch is one signed request', () => {
    // Prepare: two items of one batch for one patient, each referred (the soak's seed 1192987417)
    const batch = observed(
      [
        [P, batchDecision('e0', 'req-1', 'j-batch')],
        [P, reviewOpened('e1', 'j-batch', 'rev-1', 'e0')],
        [P, batchDecision('e2', 'req-2', 'j-batch')],
        [P, reviewOpened('e3', 'j-batch', 'rev-2', 'e2')],
      ],
      [],
    );

    // Act
    const violations = findViolations(batch);

    // Assess
    expect(violations).toEqual([]);
  });

  it('let one withdrawal open a notification per earlier recipient under its one signed request', () => {
    // Prepare: a withdrawal whose patient's data went to two recipients (the soak's seed 1193721226)
    const withdrawal = observed(
      [
        [P, notificationOpened('e0', 'j-withdraw', 'ntf-1')],
        [P, notificationOpened('e1', 'j-withdraw', 'ntf-2')],
      ],
      [],
    );

    // Act
    const violations = findViolations(withdrawal);

    // Assess
    expect(violations).toEqual([]);
  });

  it('let a mandatory flow through an objection, as gate 7 does', () => {
    // Prepare
    const mandatory = decision('e2', 'req-1', {
      flow: 'regulator-statutory',
      purpose: 'REGULATORY_INVESTIGATION',
      recipient: { id: 'reg-gmc', category: 'REGULATOR_PROFESSIONAL' },
      basis: { source: 'INSTRUMENT' },
    });
    const input = observed(
      [
        [P, consentGiven('e0')],
        [P, objection('e1', 'ALL_NON_MANDATORY')],
        [P, mandatory],
      ],
      [seenDecision('req-1', 2, 'e2')],
    );

    // Act
    const violations = findViolations(input);

    // Assess
    expect(violations).toEqual([]);
  });
});

describe('answer classification', () => {
  it.each([
    [200, {}, 'ok'],
    [422, {}, 'failed'],
    [409, {}, 'failed'],
    [503, {}, 'indeterminate'],
    [502, {}, 'indeterminate'],
    [429, {}, 'indeterminate'],
    [200, { results: [{ status: 200 }, { status: 503 }] }, 'indeterminate'],
    [200, { results: [{ status: 200 }, { status: 422 }] }, 'ok'],
  ] as const)('%i %j is %s', (status, body, expected) => {
    // Act / Assess
    expect(classify(status, body)).toBe(expected);
  });
});
