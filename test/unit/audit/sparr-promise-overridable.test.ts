/**
 * The spärr promise of policy-se.md §9 under `se.yttreSparr.overridable=true`: an SJF release that
 * emergency access let past an outer block is kept when the release itself records the switch
 * (`sparr.yttreOverridable`), the block among its lifts by SE_NODATKOMST and the SE_NODATKOMST
 * override; an operator who forges (and signs) a release missing any of the three is still caught.
 */
import { describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../../shared/audit/verifier.ts';
import { decisionEntry } from './helpers.ts';
import { logOf, P3, sourceOf, VKEYS } from './log-fixture.ts';

const BEFORE = '2026-11-21T00:00:00.000Z';
const DIGEST_OF_JUSTIFICATION = `sha-256=:${Buffer.alloc(32, 7).toString('base64')}:`;
const NOD = {
  code: 'SE_NODATKOMST',
  approverRole: 'RESPONSIBLE_CLINICIAN',
  approvedBy: 'lak-042',
  justificationDigest: DIGEST_OF_JUSTIFICATION,
};

function seEntry(n: number, type: string, record: Record<string, string>) {
  const { decision: _decision, ...header } = decisionEntry(P3, n, undefined, undefined, 'PN-1');
  return { ...header, type, record };
}

const outerBlock = (n: number, blockId = 'blk-1') =>
  seEntry(n, 'record.block.placed', { blockId, kind: 'YTTRE', at: BEFORE, source: 'LOCAL', recordedBy: 'staff-1' });

interface Passing {
  readonly flag?: boolean;
  readonly lifts?: ReadonlyArray<{ blockId: string; by: string }>;
  readonly override?:
    typeof NOD | { code: string; approverRole: string; approvedBy: string; justificationDigest: string };
}

/** An SJF ALLOW with the emergency access evidence given (all three by default). */
function sjfRelease(n: number, passing: Passing = {}) {
  const entry = decisionEntry(P3, n, 'cons-1', undefined, 'PN-1');
  const { flag = true, lifts = [{ blockId: 'blk-1', by: 'SE_NODATKOMST' }], override = NOD } = passing;
  return {
    ...entry,
    decision: {
      ...entry.decision,
      flow: 'se-sjf-direct-care',
      jurisdiction: 'SE',
      override,
      sparr: {
        activeBlockIds: ['blk-1'],
        lifted: lifts,
        ...(flag ? { yttreOverridable: true } : {}),
      },
    },
  };
}

const consentGiven = (n: number) => seEntry(n, 'record.consent.given', { consentId: 'cons-1', scope: 'SE_SJF' });

async function verify(values: unknown[]) {
  const logs = new Map([[P3, await logOf(P3, JSON.parse(JSON.stringify(values)) as unknown[], [values.length])]]);
  return verifyAuditLog({ source: sourceOf(logs), vkeys: VKEYS, mode: 'full' });
}

describe('the spärr promise when outer blocks may be overridden (se.yttreSparr.overridable=true)', () => {
  it('keeps an SJF release that records the switch, the lift of the block by SE_NODATKOMST and the override', async () => {
    // Act
    const report = await verify([consentGiven(0), outerBlock(1), sjfRelease(2)]);

    // Assess
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it.each([
    ['without the switch recorded (an overridable=false deployment)', { flag: false }],
    ['without the lift of the block', { lifts: [] }],
    ['lifting another block than the one in force', { lifts: [{ blockId: 'blk-2', by: 'SE_NODATKOMST' }] }],
    ['lifting it by a lift consent instead', { lifts: [{ blockId: 'blk-1', by: 'SE_SAMTYCKE_HAVNING' }] }],
    ['without the SE_NODATKOMST override', { override: { ...NOD, code: 'OVERRIDE_VITAL_INTERESTS' } }],
  ])('catches a forged release %s: sparr_order_violation naming indexes only', async (_case, passing: Passing) => {
    // Act
    const report = await verify([consentGiven(0), outerBlock(1), sjfRelease(2, passing)]);

    // Assess
    expect(report.ok).toBe(false);
    expect(report.failures[0]).toMatchObject({ code: 'sparr_order_violation', index: 2 });
    expect(report.failures[0]?.message).not.toMatch(/blk-1|PN-1|cons-1/u);
  });

  it('passing one outer block by emergency access does not pass a second one it does not name', async () => {
    // Act
    const report = await verify([consentGiven(0), outerBlock(1), outerBlock(2, 'blk-2'), sjfRelease(3)]);

    // Assess
    expect(report.failures[0]).toMatchObject({ code: 'sparr_order_violation', index: 3 });
  });
});
