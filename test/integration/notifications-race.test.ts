/**
 * reviews.md §3 under a race: a notification trigger (a restriction placed) racing a disclosure.
 * The release must be either notified by the trigger or decided after it, never neither. The
 * interleaving is fixed with the DynamoDB isolation model, as DynamoDB allows it: the trigger's
 * records Query is held right after it read META (so it holds the release count from before the
 * disclosure), the disclosure then commits an ALLOW while the indexes are frozen (so the trigger's
 * reading of the log misses it too), and only then does the trigger go on. Without the release
 * count on the records the trigger would commit without notifying that release.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { decisionAnswerSchema, notificationSchema } from '../../shared/schemas/responses.ts';
import { isolation } from '../support/isolation.ts';
import { logEntries, preparePatient, requestFor } from '../support/scenarios.ts';
import { placeRestriction } from '../support/restrictions.ts';
import { demo, freshPatientId } from '../support/stack.ts';

afterEach(() => isolation.reset());

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a notification trigger racing a disclosure (reviews.md §3)', () => {
  it('notifies a release that committed between the trigger reading the records and committing', async () => {
    // Prepare
    const { patientId } = await preparePatient(demo.clinical(), freshPatientId('RACE'));
    const held = await isolation.pauseQuery(patientId, 'META');
    const trigger = placeRestriction(demo.clinical(), patientId, { at: new Date().toISOString() });
    await held.reached();
    await isolation.freezeIndexes();

    // Act
    const disclosed = decisionAnswerSchema.parse(
      (await demo.clinical().request('POST', '/v1/disclosures', requestFor(patientId))).body,
    );
    await held.release();
    // The trigger now plans without the release, loses its condition and reads again; the index
    // catches up while it retries, as a real one does within its propagation delay.
    await pause(50);
    await isolation.catchUpIndexes();
    const placed = await trigger;

    // Assess
    expect(disclosed.decision).toBe('ALLOW_WITH_REDACTION');
    expect(placed.status).toBe(200);
    const receipt = placed.body['receipt'] as { origin: string; index: number };
    expect(disclosed.receipt.index).toBeLessThan(receipt.index);
    const notifications = notificationSchema.array().parse(placed.body['notifications']);
    expect(notifications).toEqual([
      expect.objectContaining({ recipientId: 'gp-riverside', releases: [disclosed.receipt] }),
    ]);
    const opened = (await logEntries(receipt.origin)).filter(
      ({ entry }) => entry.type === 'notification.opened' && (entry['patient'] as { ref: string }).ref === patientId,
    );
    expect(opened.map(({ index }) => index)).toEqual([receipt.index + 1]);
  });

  it('a disclosure that loses the race to the trigger is decided after it, on the restriction', async () => {
    // Prepare
    const { patientId } = await preparePatient(demo.clinical(), freshPatientId('RACE'));
    const held = await isolation.pauseQuery(patientId, 'META');
    const disclosure = demo.clinical().request('POST', '/v1/disclosures', requestFor(patientId));
    await held.reached();

    // Act
    const placed = await placeRestriction(demo.clinical(), patientId, {
      at: new Date(Date.now() - 1_000).toISOString(),
    });
    await held.release();
    const decided = decisionAnswerSchema.parse((await disclosure).body);

    // Assess
    expect(placed.status).toBe(200);
    expect(notificationSchema.array().parse(placed.body['notifications'])).toEqual([]);
    const receipt = placed.body['receipt'] as { index: number };
    expect(decided.receipt.index).toBeGreaterThan(receipt.index);
    expect([decided.decision, decided.reasonCodes[0]]).toEqual(['DENY', 'DENY_PROCESSING_RESTRICTED']);
  });
});
