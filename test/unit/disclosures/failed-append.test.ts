import { describe, expect, it } from 'vitest';
import { AuditUnavailableError } from '../../../shared/errors.ts';
import { SignatureRejectedError } from '../../../shared/auth/errors.ts';
import { problemDocument } from '../../../functions/lib/problems.ts';
import { HmacTestKeyService } from '../../support/hmac-test-key-service.ts';
import { request } from '../policy/fixtures.ts';
import { FailingAuditLog, service } from './service-fixture.ts';

/**
 * audit.md §7 / policy-uk.md §2 step 10: if the decision cannot be logged, nothing is released.
 * The audit log is the port under fault; everything else is the real service and policy engine.
 */
describe('a decision that cannot be logged', () => {
  it('answers 503 audit_unavailable and releases no payload, receipt or authorisation', async () => {
    // Prepare: P06, a GP direct-care request that would be ALLOW_WITH_REDACTION
    const audit = new FailingAuditLog();
    const keys = new HmacTestKeyService();
    const { disclosures } = service(audit, keys);
    const caller = { org: 'demo', clientId: 'demo-clinical', kid: 'k1', jti: 'j'.repeat(16) };

    // Act
    const outcome = await disclosures
      .disclose(caller, request({ recipientId: 'gp-riverside', purpose: 'DIRECT_CARE' }), 'sha-256=:x:')
      .then(
        (answer) => ({ answer }),
        (error: unknown) => ({ error }),
      );

    // Assess
    expect(outcome).not.toHaveProperty('answer');
    const { error } = outcome as { error: unknown };
    expect(error).toBeInstanceOf(AuditUnavailableError);
    expect(problemDocument(error, 'r1')).toMatchObject({ status: 503, code: 'audit_unavailable' });
    expect(JSON.stringify(problemDocument(error, 'r1'))).not.toMatch(/MRN|9990000018|Lovelace/);
    expect(audit.attempts).toHaveLength(1);
    expect((audit.attempts[0]!.entry as { decision?: { outcome?: string } }).decision?.outcome).toBe(
      'ALLOW_WITH_REDACTION',
    );
  });
});

/**
 * Issue 15: the signed-request middleware lets the decision's reads start while the request is
 * being admitted (registry read, replay put). A request refused then must log nothing.
 */
describe('a decision whose request is refused while it is being decided', () => {
  it.each([
    ['at once', 0],
    ['after the reads', 15],
  ])('appends nothing, stores no answer and answers the refusal (refused %s)', async (_when, delayMs) => {
    // Prepare
    const audit = new FailingAuditLog();
    const { disclosures, stored } = service(audit, new HmacTestKeyService());
    const caller = { org: 'demo', clientId: 'demo-clinical', kid: 'k1', jti: 'j'.repeat(16) };
    const refusal = new SignatureRejectedError('replayed_request');
    const admitted = new Promise((_resolve, reject) => setTimeout(() => reject(refusal), delayMs));

    // Act
    const outcome = await disclosures
      .disclose(caller, request({ recipientId: 'gp-riverside', purpose: 'DIRECT_CARE' }), 'sha-256=:x:', {
        admitted,
      })
      .then(
        () => 'answered',
        (error: unknown) => error,
      );

    // Assess
    expect(outcome).toBe(refusal);
    expect([audit.attempts.length, stored.length]).toEqual([0, 0]);
  });
});
