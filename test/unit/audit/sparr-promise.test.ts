/**
 * policy-se.md §9 in the offline verifier: no release on the SJF flow while an outer block
 * (YTTRE) placed earlier in the same log was active. An operator who logs (and signs) such a
 * release is caught, naming indexes only; lifts, expiry, other patients and DENYs are not.
 */
import { describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../../shared/audit/verifier.ts';
import { decisionEntry } from './helpers.ts';
import { logOf, P3, sourceOf, VKEYS } from './log-fixture.ts';

/** Entry n's time is 2026-11-22T07:00:00.00n Z (helpers.ts). */
const BEFORE = '2026-11-21T00:00:00.000Z';
const AFTER = '2026-11-23T00:00:00.000Z';

function seEntry(n: number, type: string, record: Record<string, string>, patient = 'PN-1') {
  const { decision: _decision, ...header } = decisionEntry(P3, n, undefined, undefined, patient);
  return { ...header, type, record };
}

const outerBlock = (n: number, extra: Record<string, string> = {}, patient = 'PN-1') =>
  seEntry(
    n,
    'record.block.placed',
    { blockId: 'blk-1', kind: 'YTTRE', at: BEFORE, source: 'LOCAL', recordedBy: 'staff-1', ...extra },
    patient,
  );

function sjfDecision(n: number, outcome: 'ALLOW_WITH_REDACTION' | 'DENY' = 'ALLOW_WITH_REDACTION', patient = 'PN-1') {
  const entry = decisionEntry(P3, n, 'cons-1', undefined, patient);
  return {
    ...entry,
    decision: {
      ...entry.decision,
      outcome,
      flow: 'se-sjf-direct-care',
      jurisdiction: 'SE',
      ...(outcome === 'DENY' ? { payloadDigest: undefined, reasonCodes: ['DENY_SE_YTTRE_SPARR'] } : {}),
    },
  };
}

const consentGiven = (n: number, patient = 'PN-1') =>
  seEntry(n, 'record.consent.given', { consentId: 'cons-1', scope: 'SE_SJF' }, patient);

async function verify(values: unknown[]) {
  const logs = new Map([[P3, await logOf(P3, JSON.parse(JSON.stringify(values)) as unknown[], [values.length])]]);
  return verifyAuditLog({ source: sourceOf(logs), vkeys: VKEYS, mode: 'full' });
}

describe('the spärr log promise (policy-se.md §9)', () => {
  it('an SJF release after an active outer block was placed: sparr_order_violation naming indexes only', async () => {
    // Prepare: the operator forged (and signed) an ALLOW while blk-1 was in force
    const values = [consentGiven(0), outerBlock(1), sjfDecision(2)];

    // Act
    const report = await verify(values);

    // Assess
    expect(report.ok).toBe(false);
    expect(report.failures[0]).toMatchObject({ code: 'sparr_order_violation', index: 2 });
    expect(report.failures[0]?.message).not.toMatch(/blk-1|PN-1|cons-1/u);
  });

  it('an SJF release logged after a lift dated later than it: sparr_order_violation, as the gate held the block', async () => {
    // Prepare: a lift logged ahead of its own time (refused since, AT_IN_FUTURE) leaves the block in
    // force until its `at` for the gate, so a release in between can only be forged
    const liftedLater = seEntry(2, 'record.block.lifted', {
      blockId: 'blk-1',
      at: AFTER,
      recordedBy: 'staff-1',
      reason: 'PATIENT_REQUEST',
    });
    const values = [consentGiven(0), outerBlock(1), liftedLater, sjfDecision(3)];

    // Act
    const report = await verify(values);

    // Assess
    expect(report.ok).toBe(false);
    expect(report.failures[0]).toMatchObject({ code: 'sparr_order_violation', index: 3 });
  });

  it.each([
    [
      'the block was lifted earlier in the log',
      [
        consentGiven(0),
        outerBlock(1),
        seEntry(2, 'record.block.lifted', {
          blockId: 'blk-1',
          at: BEFORE,
          recordedBy: 'staff-1',
          reason: 'PATIENT_REQUEST',
        }),
        sjfDecision(3),
      ],
    ],
    [
      'the block had expired',
      [consentGiven(0), outerBlock(1, { expiresAt: '2026-11-21T12:00:00.000Z' }), sjfDecision(2)],
    ],
    ['the block starts later', [consentGiven(0), outerBlock(1, { at: AFTER }), sjfDecision(2)]],
    ['the block is another patient\u2019s', [consentGiven(0), outerBlock(1, {}, 'PN-2'), sjfDecision(2)]],
    ['the decision denied', [consentGiven(0), outerBlock(1), sjfDecision(2, 'DENY')]],
    ['the block was placed after the decision', [consentGiven(0), sjfDecision(1), outerBlock(2)]],
  ])('holds when %s', async (_case, values) => {
    // Act
    const report = await verify(values);

    // Assess
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(true);
  });
});
