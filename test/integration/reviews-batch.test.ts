/**
 * Review cases opened from one batch over HTTP against the local stack: a batch is one signed
 * request (one jti) deciding several disclosures, so it may open several cases, one per referred
 * decision, and never two for one subject. The soak's checker is run on the log it leaves: it must
 * find nothing (it once counted a batch's two cases as one request's duplicate).
 */
import { describe, expect, it } from 'vitest';
import type { DisclosureRequest } from '../../shared/schemas/disclosure.ts';
import { findViolations } from '../soak/checks.ts';
import type { LoggedEntry as SoakEntry } from '../soak/log-tap.ts';
import { p16, type Answer } from '../support/reviews.ts';
import { logEntries, preparePatient } from '../support/scenarios.ts';
import { demo, freshId, freshPatientId } from '../support/stack.ts';

type BatchBody = { results: Array<Answer & { status: number }> };

async function referredInOneBatch(requests: (patientId: string) => DisclosureRequest[]) {
  const patientId = freshPatientId();
  await preparePatient(demo.clinical(), patientId);
  const { status, body } = await demo
    .clinical()
    .request<BatchBody>('POST', '/v1/disclosures/batch', { requests: requests(patientId) });
  expect(status).toBe(200);
  const origin = body.results[0]!.receipt.origin;
  const log = (await logEntries(origin)).filter(
    ({ entry }) => (entry['patient'] as { ref?: string } | undefined)?.ref === patientId,
  );
  return { patientId, results: body.results, origin, log };
}

/** P16 on its own episode: a different subject (reviews.md §1), so a case of its own. */
function p16OnEpisode(patientId: string): DisclosureRequest {
  const request = p16(patientId);
  return { ...request, episode: { ...request.episode, id: freshId('EP') } };
}

describe('review cases opened from one batch', () => {
  it('two referred items of one batch for one patient open a case each, each right after its own decision', async () => {
    // Act
    const { results, origin, log } = await referredInOneBatch((patientId) => [
      p16OnEpisode(patientId),
      p16OnEpisode(patientId),
    ]);

    // Assess
    expect(results.map((result) => [result.status, result.decision])).toEqual([
      [200, 'REFER'],
      [200, 'REFER'],
    ]);
    expect(new Set(results.map((result) => result.review?.reviewId)).size).toBe(2);
    const opened = log.filter(({ entry }) => entry.type === 'review.opened');
    expect(opened).toHaveLength(2);
    for (const result of results) {
      const follower = log.find(({ index }) => index === result.receipt.index + 1)!.entry;
      expect(follower).toMatchObject({
        type: 'review.opened',
        review: { reviewId: result.review!.reviewId, decisionEntryId: result.receipt.entryId },
      });
    }
    const jtis = opened.map(({ entry }) => (entry['actor'] as { jti: string }).jti);
    expect(new Set(jtis).size, 'both under the batch’s one signed request').toBe(1);
    const entries = log.map(({ index, entry }) => ({ origin, index, entry: entry as unknown as SoakEntry }));
    const at = (o: string, i: number) => entries.find((e) => e.origin === o && e.index === i)?.entry;
    expect(findViolations({ entries, at, decisions: [], writes: [] })).toEqual([]);
  });

  it('two items of one batch with one subject open one case: the other points to it (REVIEW_PENDING)', async () => {
    // Act
    const { results, log } = await referredInOneBatch((patientId) => {
      const request = p16OnEpisode(patientId);
      return [request, { ...request, requestId: freshId('req') }];
    });

    // Assess
    expect(results.map((result) => result.decision)).toEqual(['REFER', 'REFER']);
    expect(results[0]!.review?.reviewId).toBe(results[1]!.review?.reviewId);
    expect(results.filter((result) => result.reasonCodes.includes('REVIEW_PENDING'))).toHaveLength(1);
    expect(log.filter(({ entry }) => entry.type === 'review.opened')).toHaveLength(1);
  });
});
