/**
 * The notification planner (reviews.md §3) as properties over arbitrary release histories: every
 * affected release is in exactly one notification, its recipient's; no unaffected release and no
 * recipient without an affected release appears; releases run oldest first; mandatory-only
 * notifications open NOT_REQUIRED unless the data was rectified.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Release } from '../../../shared/notifications/model.ts';
import { affects, planNotifications, type TriggerEvent } from '../../../shared/notifications/plan.ts';

const recipientArb = fc.constantFrom('ins-acme-health', 'gp-riverside', 'nhs-north-trust', 'phin');
const releaseArb = (index: number): fc.Arbitrary<Release> =>
  fc
    .record({
      recipientId: recipientArb,
      episodeId: fc.constantFrom('EP-1', 'EP-2', undefined),
      consentId: fc.constantFrom('cons-1', 'cons-2', undefined),
      mandatory: fc.boolean(),
      minute: fc.integer({ min: 0, max: 59 }),
    })
    .map(({ recipientId, episodeId, consentId, mandatory, minute }) => ({
      receipt: { origin: 'd/demo/p0', index, leafHash: 'AA==', entryId: `E${String(index).padStart(25, '0')}` },
      time: `2026-11-01T10:${String(minute).padStart(2, '0')}:00.000Z`,
      recipientId,
      recipientCategory: recipientId === 'phin' ? 'PHIN' : 'OTHER',
      purpose: 'DIRECT_CARE',
      flow: 'f',
      policyId: 'uk-default',
      ...(episodeId !== undefined ? { episodeId } : {}),
      ...(consentId !== undefined ? { consentId } : {}),
      mandatory,
    }));
const releasesArb = fc
  .integer({ min: 0, max: 12 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => releaseArb(i))));

const eventArb: fc.Arbitrary<TriggerEvent> = fc.oneof(
  fc.constantFrom('cons-1', 'cons-2').map((consentId) => ({ trigger: 'CONSENT_WITHDRAWN' as const, consentId })),
  fc.constantFrom('gp-riverside', 'phin').map((blocked) => ({
    trigger: 'OBJECTION_RAISED' as const,
    blocks: (release: Release) => release.recipientId === blocked && !release.mandatory,
  })),
  fc.option(fc.constantFrom(['EP-1'], ['EP-2'], ['EP-1', 'EP-2']), { nil: undefined }).map((episodeIds) => ({
    trigger: 'RESTRICTION_PLACED' as const,
    ...(episodeIds !== undefined ? { episodeIds } : {}),
  })),
  fc.constantFrom('RECTIFIED' as const, 'ERASED' as const).map((trigger) => ({ trigger })),
  fc.integer({ min: 0, max: 12 }).map((i) => ({
    trigger: 'OVERRIDE_NOT_UPHELD' as const,
    decisionEntryId: `E${String(i).padStart(25, '0')}`,
  })),
);

describe('planNotifications', () => {
  it('puts every affected release in exactly one notification, its recipient’s, and nothing else', () => {
    fc.assert(
      fc.property(eventArb, releasesArb, (event, releases) => {
        // Act
        const planned = planNotifications(event, releases);

        // Assess
        const listed = planned.flatMap((n) => n.releases.map((release) => ({ n, release })));
        const affected = releases.filter((release) => affects(event, release));
        expect(listed.map(({ release }) => release.receipt.index).sort()).toEqual(
          affected.map((release) => release.receipt.index).sort(),
        );
        for (const { n, release } of listed) expect(n.recipientId).toBe(release.recipientId);
        expect(new Set(planned.map((n) => n.recipientId)).size).toBe(planned.length);
        for (const n of planned) expect(n.releases.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('lists releases oldest first and opens mandatory-only notifications as not required unless rectified', () => {
    fc.assert(
      fc.property(eventArb, releasesArb, (event, releases) => {
        // Act
        const planned = planNotifications(event, releases);

        // Assess
        for (const n of planned) {
          const times = n.releases.map((release) => release.time);
          expect(times).toEqual([...times].sort());
          const mandatoryOnly = n.releases.every((release) => release.mandatory);
          const notRequired = mandatoryOnly && event.trigger !== 'RECTIFIED';
          expect(n.status).toBe(notRequired ? 'NOT_REQUIRED' : 'DUE');
          expect(n.reasonCode).toBe(notRequired ? 'MANDATORY_DISCLOSURE' : undefined);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('opens none when no release is affected (R13: a withdrawn consent nothing rested on)', () => {
    // Prepare
    const releases = fc.sample(releasesArb, 1)[0]!.map((release) => ({ ...release, consentId: 'cons-1' }));

    // Act
    const planned = planNotifications({ trigger: 'CONSENT_WITHDRAWN', consentId: 'cons-unrelated' }, releases);

    // Assess
    expect(planned).toEqual([]);
  });
});
