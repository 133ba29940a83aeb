/**
 * The spärr gate and the verifier's lift promise read a temporary lift the same way (policy-se.md
 * §2, §9): for a lift consent (SE_SAMTYCKE_HAVNING) of any `at` (before or after its entry) and any
 * `expiresAt`, withdrawn before the decision or not (its withdrawal dated anywhere), a release citing it at time t passes the
 * verifier exactly when the gate, deciding at t on the records as they stood, lifted the block by
 * it. Both read the window [at, expiresAt) and count a withdrawal from the moment it is recorded.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../shared/audit/entry.ts';
import { LiftPromise } from '../../../shared/audit/lift-promise.ts';
import { decide } from '../../../shared/policy/engine.ts';
import type { Consent } from '../../../shared/records/model.ts';
import { SE_SCENARIOS } from '../../support/se-scenarios.ts';
import { SE_NOW, seInput, sePolicy } from '../policy/se-fixtures.ts';

const HOUR = 3_600_000;
const LIFT_SCOPE = 'SE_SAMTYCKE_HAVNING';
const iso = (hours: number) => new Date(SE_NOW + hours * HOUR).toISOString();
// S05: the SJF setup with an inner block on HUD2 and a lift consent for it; the check's age is not what is tested.
const base = seInput(
  SE_SCENARIOS.find((candidate) => candidate.id === 'S05')!,
  sePolicy({ 'se.sparr.maxAgeHours': 'none' }),
);
const patient = { ref: base.records.patientId };

const lifeline = fc.record({
  from: fc.integer({ min: -200, max: 200 }),
  lasts: fc.integer({ min: 1, max: 168 }),
  /** The withdrawal's own `at`, ahead of the decision or not; undefined: not withdrawn. */
  withdrawnAt: fc.option(fc.integer({ min: -200, max: 400 }), { nil: undefined }),
  // From S05's care relation on (attested 72 hours before SE_NOW), so the gate reaches the blocks.
  decidedAt: fc.integer({ min: -72, max: 400 }),
});

type Lifeline = typeof lifeline extends fc.Arbitrary<infer Line> ? Line : never;

function entry(type: string, fields: Record<string, unknown>): AuditEntry {
  return { type, patient, ...fields } as unknown as AuditEntry;
}

/** S05's lift consent with this line's window and withdrawal. */
function liftConsent(line: Lifeline): { given: Consent; lift: Consent } {
  const given = base.records.consents.find((consent) => consent.scope === LIFT_SCOPE)!;
  const { withdrawn: _withdrawn, ...rest } = given;
  const withdrawal =
    line.withdrawnAt === undefined ? {} : { withdrawn: { at: iso(line.withdrawnAt), recordedBy: 's' } };
  return { given, lift: { ...rest, at: iso(line.from), expiresAt: iso(line.from + line.lasts), ...withdrawal } };
}

/** The patient's log: the block, the consent (and its withdrawal), then a release citing the lift. */
function logCiting(lift: Consent, line: Lifeline): AuditEntry[] {
  const { consentId, scope, status, careUnitId, at, expiresAt, withdrawn } = lift;
  const { blockId, kind } = base.records.blocks![0]!;
  return [
    entry('record.block.placed', { record: { blockId, kind, careUnitId } }),
    entry('record.consent.given', { record: { consentId, scope, status, careUnitId, at, expiresAt } }),
    ...(withdrawn ? [entry('record.consent.withdrawn', { record: { consentId, at: withdrawn.at } })] : []),
    entry('disclosure.decision', {
      time: iso(line.decidedAt),
      decision: {
        outcome: 'ALLOW_WITH_REDACTION',
        recipient: { id: base.request.recipientId },
        sparr: { activeBlockIds: [blockId], lifted: [{ blockId, by: LIFT_SCOPE, recordId: consentId }] },
      },
    }),
  ];
}

/** [the gate lifted the block by the consent, the verifier accepts a release citing it]. */
async function verdict(line: Lifeline): Promise<[boolean, boolean]> {
  const { given, lift } = liftConsent(line);
  const records = { ...base.records, consents: base.records.consents.map((c) => (c === given ? lift : c)) };
  const decided = await decide({ ...base, records, now: SE_NOW + line.decidedAt * HOUR });
  const gateLifted = (decided.sparr?.lifted ?? []).some((l) => l.by === LIFT_SCOPE && l.recordId === lift.consentId);
  const promise = new LiftPromise();
  const failures = logCiting(lift, line).map((logged, index) => promise.check(logged, index));
  return [gateLifted, failures.every((failure) => failure === undefined)];
}

describe('the spärr gate and the lift promise agree (policy-se.md §2, §9)', () => {
  it('a release citing a lift consent verifies exactly when the gate lifted the block by it', async () => {
    await fc.assert(
      fc.asyncProperty(lifeline, async (line) => {
        // Act
        const [gateLifted, verifies] = await verdict(line);

        // Assess
        expect(verifies).toBe(gateLifted);
      }),
      { numRuns: 200 },
    );
  });
});
