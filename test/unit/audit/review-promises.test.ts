/**
 * The two log promises of reviews.md §6, checked by the offline verifier: a case owed by a REFER or
 * a retrospective release is opened at a later index, and an approval is logged before the release
 * that uses it, and used once. Each tamper (an entry dropped or added, then the log re-signed by an
 * operator who holds the key) is caught, naming an index and no ids.
 */
import { describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../../shared/audit/verifier.ts';
import type { VerificationReport } from '../../../shared/audit/verifier-types.ts';
import { decisionEntry, ulidOf } from './helpers.ts';
import { logOf, P3, sourceOf, VKEYS } from './log-fixture.ts';

const SUBJECT = `sha-256=:${Buffer.alloc(32, 5).toString('base64')}:`;

/** A decision of this version (it carries a subject digest), shaped by `decision`. */
function decided(n: number, decision: Record<string, unknown>) {
  const base = decisionEntry(P3, n);
  return {
    ...base,
    request: { ...base.request, subjectDigest: SUBJECT },
    decision: { ...base.decision, ...decision },
  };
}

const refer = (n: number, extra: Record<string, unknown> = {}) => {
  const { payloadDigest: _p, transformations: _t, ...rest } = decided(n, {}).decision;
  return {
    ...decided(n, {}),
    decision: {
      ...rest,
      transformations: [],
      outcome: 'REFER',
      reasonCodes: ['REFER_REGULATOR_NON_STATUTORY'],
      ...extra,
    },
  };
};

function reviewEntry(n: number, type: 'review.opened' | 'review.decided', review: Record<string, unknown>) {
  const { decision: _decision, records: _records, ...base } = decisionEntry(P3, n);
  return { ...base, type, patient: { ref: 'MRN-1' }, review };
}

const opened = (n: number, reviewId: string, decisionN: number) =>
  reviewEntry(n, 'review.opened', {
    reviewId,
    kind: 'REFER',
    decisionEntryId: ulidOf(decisionN),
    dueAt: '2026-11-25T07:00:00.000Z',
    subjectDigest: SUBJECT,
  });

const approved = (n: number, reviewId: string, decisionN: number) =>
  reviewEntry(n, 'review.decided', {
    reviewId,
    kind: 'REFER',
    outcome: 'APPROVED',
    role: 'CALDICOTT_GUARDIAN',
    justificationDigest: SUBJECT,
    decisionEntryId: ulidOf(decisionN),
  });

const release = (n: number, reviewId: string) =>
  decided(n, {
    reasonCodes: ['ALLOW_REVIEW_APPROVED'],
    reviewId,
    basis: { source: 'REVIEW', recordId: reviewId, art6: 'f', art9: 'a' },
  });

async function verify(values: unknown[]): Promise<VerificationReport> {
  const logs = new Map([[P3, await logOf(P3, values, [values.length])]]);
  return verifyAuditLog({ source: sourceOf(logs), vkeys: VKEYS, mode: 'full', pageSize: 3 });
}

describe('review log promises (reviews.md §6)', () => {
  it('an honest log keeps both: REFER, its case, a pending REFER, the approval and its one use', async () => {
    // Prepare
    const values = [
      refer(0),
      opened(1, 'rv-1', 0),
      refer(2, { reasonCodes: ['REFER_REGULATOR_NON_STATUTORY', 'REVIEW_PENDING'], reviewId: 'rv-1' }),
      approved(3, 'rv-1', 0),
      release(4, 'rv-1'),
    ];

    // Act
    const report = await verify(values);

    // Assess
    expect(report.failures).toEqual([]);
  });

  it('a REFER whose review.opened was dropped: review_missing at the REFER', async () => {
    // Act
    const report = await verify([decisionEntry(P3, 0), refer(1), decisionEntry(P3, 2)]);

    // Assess
    expect(report.failures).toHaveLength(1);
    expect(report.failures[0]).toMatchObject({ code: 'review_missing', index: 1 });
    expect(report.failures[0]!.message).not.toMatch(/rv-|MRN|01JD/);
  });

  it('a retrospective release without its case: review_missing', async () => {
    // Act
    const report = await verify([decided(0, { obligations: ['RETROSPECTIVE_CG_REVIEW'] })]);

    // Assess
    expect(report.failures[0]).toMatchObject({ code: 'review_missing', index: 0 });
  });

  it('a REVIEW_PENDING pointing to a case never opened: review_missing', async () => {
    // Act
    const report = await verify([
      refer(0, { reasonCodes: ['REFER_REGULATOR_NON_STATUTORY', 'REVIEW_PENDING'], reviewId: 'rv-9' }),
    ]);

    // Assess
    expect(report.failures[0]).toMatchObject({ code: 'review_missing', index: 0 });
  });

  it('a release on an approval never logged: review_approval_violation', async () => {
    // Act
    const report = await verify([refer(0), opened(1, 'rv-1', 0), release(2, 'rv-1')]);

    // Assess
    expect(report.failures[0]).toMatchObject({ code: 'review_approval_violation', index: 2 });
  });

  it('an approval used twice: review_approval_violation at the second use', async () => {
    // Act
    const report = await verify([
      refer(0),
      opened(1, 'rv-1', 0),
      approved(2, 'rv-1', 0),
      release(3, 'rv-1'),
      release(4, 'rv-1'),
    ]);

    // Assess
    expect(report.failures[0]).toMatchObject({ code: 'review_approval_violation', index: 4 });
  });

  it('decisions logged before reviews existed (no subject digest) owe no case', async () => {
    // Prepare
    const { subjectDigest: _s, ...request } = refer(0).request;

    // Act
    const report = await verify([{ ...refer(0), request }]);

    // Assess
    expect(report.failures).toEqual([]);
  });
});
