/**
 * policy-se.md §2 and §9 in the offline verifier: a release relying on a temporary lift
 * (SE_SAMTYCKE_HAVNING) was logged while the lift was in force. An operator who logs (and signs) a
 * release after the lift expired, or on a lift that never was, is caught naming indexes only; a
 * release inside the window, a DENY after it and releases without lifts are not.
 */
import { describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../../shared/audit/verifier.ts';
import { decisionEntry } from './helpers.ts';
import { logOf, P3, sourceOf, VKEYS } from './log-fixture.ts';

/** Entry n's time is 2026-11-22T07:00:00.00n Z (helpers.ts). */
const timeOf = (n: number) => new Date(Date.UTC(2026, 10, 22, 7, 0, 0, n)).toISOString();
const BEFORE = '2026-11-21T00:00:00.000Z';
const AFTER = '2026-11-23T00:00:00.000Z';
const HUD2 = 'SE5599000014-HUD2';

function seEntry(n: number, type: string, record: Record<string, unknown>, patient = 'PN-1') {
  const { decision: _decision, ...header } = decisionEntry(P3, n, undefined, undefined, patient);
  return { ...header, type, record };
}

const innerBlock = (n: number, careUnitId = HUD2) =>
  seEntry(n, 'record.block.placed', {
    blockId: 'blk-1',
    kind: 'INRE',
    careUnitId,
    at: BEFORE,
    source: 'LOCAL',
    recordedBy: 'staff-1',
  });

const liftGiven = (n: number, extra: Record<string, unknown> = {}, patient = 'PN-1') =>
  seEntry(
    n,
    'record.consent.given',
    {
      consentId: 'cons-lift',
      scope: 'SE_SAMTYCKE_HAVNING',
      careUnitId: HUD2,
      status: 'GIVEN',
      form: 'WRITTEN',
      at: BEFORE,
      expiresAt: AFTER,
      ...extra,
    },
    patient,
  );

const liftWithdrawn = (n: number) =>
  seEntry(n, 'record.consent.withdrawn', { consentId: 'cons-lift', scope: 'SE_SAMTYCKE_HAVNING', status: 'GIVEN' });

type Lift = { blockId: string; by: string; recordId?: string };
const BY_CONSENT: Lift = { blockId: 'blk-1', by: 'SE_SAMTYCKE_HAVNING', recordId: 'cons-lift' };

function sjfRelease(
  n: number,
  lifted: Lift[] = [BY_CONSENT],
  outcome: 'ALLOW_WITH_REDACTION' | 'DENY' = 'ALLOW_WITH_REDACTION',
) {
  const entry = decisionEntry(P3, n, 'cons-sjf', undefined, 'PN-1');
  return {
    ...entry,
    decision: {
      ...entry.decision,
      outcome,
      flow: 'se-sjf-direct-care',
      jurisdiction: 'SE',
      recipient: { id: 'se-vc-norr', category: 'SE_VARDGIVARE' },
      sparr: { activeBlockIds: ['blk-1'], lifted },
      ...(outcome === 'DENY' ? { payloadDigest: undefined, reasonCodes: ['DENY_SE_INRE_SPARR'] } : {}),
    },
  };
}

const sjfConsent = (n: number) =>
  seEntry(n, 'record.consent.given', { consentId: 'cons-sjf', scope: 'SE_SJF', status: 'GIVEN' });

async function verify(values: unknown[]) {
  const logs = new Map([[P3, await logOf(P3, JSON.parse(JSON.stringify(values)) as unknown[], [values.length])]]);
  return verifyAuditLog({ source: sourceOf(logs), vkeys: VKEYS, mode: 'full' });
}

describe('the temporary-lift log promise (policy-se.md §2, §9)', () => {
  it('a release logged once the lift expired: sparr_lift_violation naming indexes only', async () => {
    // Prepare: the lift expires at entry 3's instant; the operator forged (and signed) a release then
    const values = [sjfConsent(0), innerBlock(1), liftGiven(2, { expiresAt: timeOf(4) }), sjfRelease(3), sjfRelease(4)];

    // Act
    const report = await verify(values);

    // Assess: entry 3 was a moment before expiry; entry 4 at the expiry instant, not a moment after
    expect(report.ok).toBe(false);
    expect(report.failures[0]).toMatchObject({ code: 'sparr_lift_violation', index: 4 });
    expect(report.failures[0]?.message).toMatch(/index 2/u);
    expect(report.failures[0]?.message).not.toMatch(/blk-1|PN-1|cons-lift|HUD2|se-vc-norr/u);
  });

  it.each([
    ['the lift consent is not in the log', [sjfConsent(0), innerBlock(1), sjfRelease(2)]],
    [
      'the lift names no consent',
      [sjfConsent(0), innerBlock(1), liftGiven(2), sjfRelease(3, [{ ...BY_CONSENT, recordId: undefined }])],
    ],
    [
      'the lift consent was withdrawn earlier',
      [sjfConsent(0), innerBlock(1), liftGiven(2), liftWithdrawn(3), sjfRelease(4)],
    ],
    [
      'the lift consent is another patient\u2019s',
      [sjfConsent(0), innerBlock(1), liftGiven(2, {}, 'PN-2'), sjfRelease(3)],
    ],
    ['the lift starts later', [sjfConsent(0), innerBlock(1), liftGiven(2, { at: AFTER }), sjfRelease(3)]],
    [
      'the lift has no readable expiry',
      [sjfConsent(0), innerBlock(1), liftGiven(2, { expiresAt: 'soon' }), sjfRelease(3)],
    ],
    [
      'the lift is for another care unit',
      [sjfConsent(0), innerBlock(1, 'SE5599000014-HUD1'), liftGiven(2), sjfRelease(3)],
    ],
    ['the lifted block is not in the log', [sjfConsent(0), liftGiven(1), sjfRelease(2)]],
    [
      'the lift names another recipient',
      [sjfConsent(0), innerBlock(1), liftGiven(2, { recipientId: 'se-vc-syd' }), sjfRelease(3)],
    ],
    [
      'the consent cited has another scope',
      [sjfConsent(0), innerBlock(1), sjfRelease(2, [{ ...BY_CONSENT, recordId: 'cons-sjf' }])],
    ],
  ])('catches a release when %s', async (_case, values) => {
    // Act
    const report = await verify(values);

    // Assess
    expect(report.failures[0]).toMatchObject({ code: 'sparr_lift_violation', index: values.length - 1 });
  });

  it.each([
    [
      'the release is inside the window',
      [sjfConsent(0), innerBlock(1), liftGiven(2, { expiresAt: timeOf(4) }), sjfRelease(3)],
    ],
    [
      'the lift names this recipient',
      [sjfConsent(0), innerBlock(1), liftGiven(2, { recipientId: 'se-vc-norr' }), sjfRelease(3)],
    ],
    [
      'the decision after expiry denied',
      [sjfConsent(0), innerBlock(1), liftGiven(2, { expiresAt: timeOf(3) }), sjfRelease(3, [BY_CONSENT], 'DENY')],
    ],
    [
      'the release after expiry relies on no lift',
      [sjfConsent(0), innerBlock(1), liftGiven(2, { expiresAt: timeOf(3) }), sjfRelease(3, [])],
    ],
    [
      'the block was lifted by emergency access',
      [sjfConsent(0), innerBlock(1), sjfRelease(2, [{ blockId: 'blk-1', by: 'SE_NODATKOMST' }])],
    ],
    [
      'the withdrawal came after the release',
      [sjfConsent(0), innerBlock(1), liftGiven(2), sjfRelease(3), liftWithdrawn(4)],
    ],
    [
      'a later entry for the same block names another unit',
      [sjfConsent(0), innerBlock(1), innerBlock(2, 'SE5599000014-HUD1'), liftGiven(3), sjfRelease(4)],
    ],
  ])('holds when %s', async (_case, values) => {
    // Act
    const report = await verify(values);

    // Assess
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(true);
  });
});
