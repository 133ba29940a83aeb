/**
 * Consents, objections and their withdrawals count in the gate from the moment they are recorded,
 * whatever their `at` says (policy-uk.md §2 gates 6 and 7): the verifier's consent promise (audit.md
 * §8 item 4) and the CONSENT_WITHDRAWN and OBJECTION_RAISED notifications count them from their
 * place in the log, so a record dated ahead of the decision must already act on it, or an honest
 * release would fail verification or go unlisted. Their `at` only orders them against each other.
 */
import { describe, expect, it } from 'vitest';
import { decide } from '../../../shared/policy/engine.ts';
import type { PatientRecordsSnapshot } from '../../../shared/records/model.ts';
import { consent, input, NOW, objection, records, request } from './fixtures.ts';

const claim = request({
  recipientId: 'ins-acme-health',
  purpose: 'PAYMENT',
  subPurpose: 'CLAIM',
  episode: { id: 'EP-2026-0042', type: 'APC_DAYCASE', funding: 'INSURED', payerId: 'ins-acme-health' },
});
const AHEAD = new Date(NOW + 86_400_000).toISOString();
const ahead = { at: AHEAD, recordedBy: 'staff-1' };

async function outcome(recs: PatientRecordsSnapshot): Promise<[string, string | undefined]> {
  const decision = await decide(input({ request: claim, records: recs }));
  return [decision.decision, decision.reasonCodes[0]];
}

describe('record instants in the gate (policy-uk.md §2 gates 6, 7)', () => {
  it.each([
    ['a consent dated after the decision is relied on', [consent('INSURER_CLAIM', { at: AHEAD })], []],
    [
      'an objection withdrawn with a date after the decision no longer blocks',
      [consent('INSURER_CLAIM')],
      [objection('ALL_NON_MANDATORY', { withdrawn: ahead })],
    ],
  ] as const)('%s', async (_case, consents, objections) => {
    // Act
    const answer = await outcome(records({ consents: [...consents], objections: [...objections] }));

    // Assess
    expect(answer).toEqual(['ALLOW_WITH_REDACTION', 'ALLOW_EXPLICIT_CONSENT']);
  });

  it('a withdrawal dated after the decision already denies', async () => {
    // Act
    const answer = await outcome(records({ consents: [consent('INSURER_CLAIM', { withdrawn: ahead })] }));

    // Assess
    expect(answer).toEqual(['DENY', 'DENY_CONSENT_WITHDRAWN']);
  });

  it('an objection dated after the decision already blocks', async () => {
    // Act
    const answer = await outcome(
      records({ consents: [consent('INSURER_CLAIM')], objections: [objection('ALL_NON_MANDATORY', { at: AHEAD })] }),
    );

    // Assess
    expect(answer).toEqual(['DENY', 'DENY_PATIENT_OBJECTION']);
  });
});
