/**
 * A review outcome that opens notifications is a notification trigger (reviews.md §2–§3), so it
 * holds the patient's releases as a record change does when it loses its commit to one
 * (RecordsStore.holdReleases). Over HTTP against the local stack, the interleaving fixed with the
 * isolation model: a retrospective case is decided NOT_UPHELD; its records read is held; a release
 * to another recipient commits meanwhile; the decision then loses its commit, places the hold, and
 * its second read is held too, so the test sees the hold on the patient's META before the decision
 * commits and lifts it.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { DisclosureRequest } from '../../shared/schemas/disclosure.ts';
import { isolation } from '../support/isolation.ts';
import { closeRecordsTable, patientMeta } from '../support/records-table.ts';
import { decide, disclose } from '../support/reviews.ts';
import { logEntries, preparePatient, requestFor } from '../support/scenarios.ts';
import { demo, freshPatientId } from '../support/stack.ts';

afterEach(() => isolation.reset());
afterAll(() => closeRecordsTable());

/** P08: the GP objection overridden on safeguarding grounds by the Caldicott Guardian. */
const P08: Partial<DisclosureRequest> = {
  override: {
    code: 'SAFEGUARDING',
    approverRole: 'CALDICOTT_GUARDIAN',
    approvedBy: 'cg-1',
    justification: 'Child protection concern',
  },
};
/** P12: direct care to an NHS trust, which the GP objection does not cover. */
const P12: Partial<DisclosureRequest> = {
  recipientId: 'nhs-north-trust',
  episode: { id: 'EP-2026-0042', type: 'APC_DAYCASE', funding: 'NHS_FUNDED', referralSourceOds: 'RX1' },
};

describe('the release hold of a review outcome (reviews.md §3)', () => {
  it('NOT_UPHELD, having lost its commit to a release, holds releases, then commits and lifts the hold', async () => {
    // Prepare
    const { patientId } = await preparePatient(demo.clinical(), freshPatientId('HOLD'), { objections: ['GP'] });
    const { body: overridden } = await disclose(requestFor(patientId, P08));
    expect(overridden.review).toMatchObject({ kind: 'RETROSPECTIVE', status: 'OPEN' });
    const firstRead = await isolation.pauseQuery(patientId, 'META');
    const deciding = decide(demo.cg(), overridden.review!.reviewId, { outcome: 'NOT_UPHELD' });
    await firstRead.reached();

    // Act: a release commits under the held read; the decision's next read is held in turn.
    const { body: racing } = await disclose(requestFor(patientId, P12));
    const secondRead = await isolation.pauseQuery(patientId, 'META');
    await firstRead.release();
    await secondRead.reached();
    const held = await patientMeta(patientId);
    await secondRead.release();
    const decided = await deciding;
    const after = await patientMeta(patientId);
    const { body: next } = await disclose(requestFor(patientId, P12));

    // Assess
    expect(racing.decision).toBe('ALLOW_WITH_REDACTION');
    expect(Number(held?.['releaseHoldUntil'])).toBeGreaterThan(Date.now() - 1_000);
    expect(decided.status).toBe(200);
    expect(decided.body.status).toBe('NOT_UPHELD');
    // The notification tells the recipient of the release under review, and of nothing else.
    expect(decided.body['notifications']).toEqual([
      expect.objectContaining({
        recipientId: 'gp-riverside',
        trigger: 'OVERRIDE_NOT_UPHELD',
        releases: [overridden.receipt],
      }),
    ]);
    expect(after?.['releaseHoldUntil']).toBeUndefined();
    expect(next.decision).toBe('ALLOW_WITH_REDACTION');
    const receipt = decided.body['receipt'] as { origin: string; index: number };
    const types = (await logEntries(receipt.origin))
      .filter(({ index }) => index >= racing.receipt.index)
      .filter(({ entry }) => (entry['patient'] as { ref?: string } | undefined)?.ref === patientId)
      .map(({ entry }) => entry.type);
    expect(types).toEqual(['disclosure.decision', 'review.decided', 'notification.opened', 'disclosure.decision']);
  });
});
