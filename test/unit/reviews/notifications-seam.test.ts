/**
 * Which review outcomes owe earlier recipients a notification (reviews.md §2–§3): a RETROSPECTIVE
 * case not upheld, and a CONTEST overturned of a release; no other kind, outcome or original
 * decision opens one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OUTCOMES_OF, REVIEW_KINDS, type ReviewedDecision } from '../../../shared/reviews/model.ts';
import { notificationTrigger } from '../../../shared/reviews/notifications-seam.ts';

const ORIGINAL_OUTCOMES: readonly ReviewedDecision['outcome'][] = ['ALLOW', 'ALLOW_WITH_REDACTION', 'DENY', 'REFER'];

describe('notificationTrigger', () => {
  it('opens OVERRIDE_NOT_UPHELD only for RETROSPECTIVE → NOT_UPHELD and DECISION_OVERTURNED only for a release overturned', () => {
    // Prepare
    const cases = fc.record({
      kind: fc.constantFrom(...REVIEW_KINDS),
      original: fc.constantFrom(...ORIGINAL_OUTCOMES),
      pick: fc.nat(),
    });

    fc.assert(
      fc.property(cases, ({ kind, original, pick }) => {
        const outcomes = OUTCOMES_OF[kind];
        const outcome = outcomes[pick % outcomes.length]!;
        const released = original === 'ALLOW' || original === 'ALLOW_WITH_REDACTION';

        // Act
        const trigger = notificationTrigger({ kind, decision: { outcome: original } as ReviewedDecision }, outcome);

        // Assess
        const expected =
          kind === 'RETROSPECTIVE' && outcome === 'NOT_UPHELD'
            ? 'OVERRIDE_NOT_UPHELD'
            : kind === 'CONTEST' && outcome === 'OVERTURNED' && released
              ? 'DECISION_OVERTURNED'
              : undefined;
        expect(trigger).toBe(expected);
      }),
    );
  });

  it('a contested DENY overturned opens none: it works as an approval for a re-send instead', () => {
    // Act
    const trigger = notificationTrigger(
      { kind: 'CONTEST', decision: { outcome: 'DENY' } as ReviewedDecision },
      'OVERTURNED',
    );

    // Assess
    expect(trigger).toBeUndefined();
  });
});
