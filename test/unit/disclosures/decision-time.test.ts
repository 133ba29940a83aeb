/**
 * A decision is judged at the instant its entry records (policy-se.md §2, audit.md §2): around a
 * consent's expiry, the entry's time alone tells whether the consent was in force for it. The clock
 * ticks a millisecond on every read, so a decision reading the clock again after its entry header
 * would be judged after the logged time; each start instant around the expiry is tried.
 */
import { describe, expect, it } from 'vitest';
import type { DecisionEntry } from '../../../shared/audit/entry.ts';
import { HmacTestKeyService } from '../../support/hmac-test-key-service.ts';
import { consent, NOW, records, request } from '../policy/fixtures.ts';
import { FailingAuditLog, service } from './service-fixture.ts';

const EXPIRES_AT = NOW;
const claim = request({
  recipientId: 'ins-acme-health',
  purpose: 'PAYMENT',
  subPurpose: 'CLAIM',
  episode: { id: 'EP-2026-0042', type: 'APC_DAYCASE', funding: 'INSURED', payerId: 'ins-acme-health' },
});
const caller = { org: 'demo', clientId: 'demo-clinical', kid: 'k1', jti: 'j'.repeat(16) };

async function loggedDecision(clockStart: number): Promise<DecisionEntry> {
  const audit = new FailingAuditLog();
  let ticks = 0;
  const { disclosures } = service(audit, new HmacTestKeyService(), {
    records: records({ consents: [consent('INSURER_CLAIM', { expiresAt: new Date(EXPIRES_AT).toISOString() })] }),
    clock: () => clockStart + ticks++,
  });
  await disclosures.disclose(caller, claim, 'sha-256=:x:').catch(() => undefined);
  return audit.attempts[0]!.entry as DecisionEntry;
}

describe('the instant a disclosure is decided at', () => {
  it.each([-6, -5, -4, -3, -2, -1, 0])(
    'is the entry’s time: the consent counts exactly when the entry is logged before its expiry (clock from %i ms)',
    async (offset) => {
      // Act
      const entry = await loggedDecision(EXPIRES_AT + offset);

      // Assess
      const inForce = Date.parse(entry.time) < EXPIRES_AT;
      expect([entry.decision.outcome, entry.decision.reasonCodes[0]]).toEqual(
        inForce ? ['ALLOW_WITH_REDACTION', 'ALLOW_EXPLICIT_CONSENT'] : ['DENY', 'DENY_CONSENT_MISSING'],
      );
    },
  );
});
