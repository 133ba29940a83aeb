/**
 * Issue 15: a single disclosure request no longer looks for a stored answer before deciding. Its
 * transaction carries the conditional put of its answer and of its jti; the tag of the write that
 * failed says what the request was: a retry (answered from the stored answer, or 409 for another
 * body) or a replay (refused, nothing logged). A failure before the commit is still answered from
 * a stored answer when one exists, as when the look came first.
 */
import { describe, expect, it } from 'vitest';
import { AtomicWriteConflictError } from '../../../shared/audit-log-errors.ts';
import { SignatureRejectedError } from '../../../shared/auth/errors.ts';
import type { ReplayInTransaction } from '../../../shared/auth/deferred-replay.ts';
import { AuditUnavailableError } from '../../../shared/errors.ts';
import type { AppendRequest, AtomicWrite, AuditLog, CompanionTag, Receipt } from '../../../shared/ports/audit-log.ts';
import { IdempotencyConflictError } from '../../../shared/services/errors.ts';
import { HmacTestKeyService } from '../../support/hmac-test-key-service.ts';
import { request } from '../policy/fixtures.ts';
import { FailingAuditLog, service } from './service-fixture.ts';

/** Commits every append, or fails the next one on a companion write of `conflict`'s tag. */
class ScriptedAuditLog implements AuditLog {
  conflict: CompanionTag | undefined;
  readonly writes: AtomicWrite[][] = [];
  append({ origin, entry, atomicWith }: AppendRequest): Promise<Receipt> {
    const receipt = { origin, index: this.writes.length, leafHash: 'AAAA', entryId: entry.id };
    this.writes.push([...(atomicWith?.(receipt, []) ?? [])]);
    if (this.conflict) return Promise.reject(new AtomicWriteConflictError(this.conflict));
    return Promise.resolve(receipt);
  }
}

/** The request's jti as the middleware hands it over, reporting what became of it. */
function jtiInTransaction(): ReplayInTransaction & { state: string } {
  const jti = {
    state: 'pending',
    write: (): AtomicWrite => ({ tag: 'replay', store: 'test', item: {} }),
    committed: () => void (jti.state = 'committed'),
    replayed: () => {
      jti.state = 'replayed';
      return new SignatureRejectedError('replayed_request');
    },
  };
  return jti;
}

const caller = { org: 'demo', clientId: 'demo-clinical', kid: 'k1', jti: 'j'.repeat(16) };
/** An insurer's claim without the patient's consent: DENY, so no authorisation is signed. */
const claimRequest = () =>
  request({
    recipientId: 'ins-acme-health',
    purpose: 'PAYMENT',
    subPurpose: 'CLAIM',
    episode: { id: 'EP-2026-0042', type: 'APC_DAYCASE', funding: 'INSURED', payerId: 'ins-acme-health' },
  });

/** A first request decided and logged: what it stored, for a retry to find. */
async function firstAnswer(body = claimRequest()) {
  const { disclosures, stored } = service(new ScriptedAuditLog(), new HmacTestKeyService());
  const answer = await disclosures.disclose(caller, body, 'sha-256=:x:');
  const [, , requestId, requestDigest, storedAnswer] = stored[0] as [string, string, string, string, unknown];
  return { answer, answers: new Map([[requestId, { requestDigest, answer: storedAnswer }]]) };
}

describe('a single disclosure request and its transaction', () => {
  it('looks for no stored answer and commits its jti first among the companion writes', async () => {
    // Prepare
    const audit = new ScriptedAuditLog();
    const { disclosures, lookups } = service(audit, new HmacTestKeyService());
    const jti = jtiInTransaction();
    // Act
    const answer = await disclosures.disclose(caller, claimRequest(), 'sha-256=:x:', { replay: jti });
    // Assess
    expect(answer.receipt.index).toBe(0);
    expect([lookups, jti.state]).toEqual([[], 'committed']);
    expect(audit.writes[0]!.map((write) => write.tag)).toEqual(['replay', 'recordsVersion', 'idempotentAnswer']);
  });

  it('answers a retry from the stored answer when its answer put lost, with one lookup', async () => {
    // Prepare
    const body = claimRequest();
    const first = await firstAnswer(body);
    const audit = new ScriptedAuditLog();
    audit.conflict = 'idempotentAnswer';
    const { disclosures, lookups } = service(audit, new HmacTestKeyService(), { answers: first.answers });
    // Act
    const retried = await disclosures.disclose(caller, body, 'sha-256=:x:', { replay: jtiInTransaction() });
    // Assess
    expect(retried.receipt).toEqual(first.answer.receipt);
    expect(lookups).toEqual([body.requestId]);
  });

  it('answers 409 to the same requestId with another body', async () => {
    // Prepare
    const body = claimRequest();
    const first = await firstAnswer(body);
    const audit = new ScriptedAuditLog();
    audit.conflict = 'idempotentAnswer';
    const { disclosures } = service(audit, new HmacTestKeyService(), { answers: first.answers });
    // Act
    const outcome = disclosures.disclose(caller, { ...body, purpose: 'DIRECT_CARE' }, 'sha-256=:y:');
    // Assess
    await expect(outcome).rejects.toBeInstanceOf(IdempotencyConflictError);
  });

  it('refuses a replayed jti when its jti put lost, looking for nothing', async () => {
    // Prepare
    const audit = new ScriptedAuditLog();
    audit.conflict = 'replay';
    const { disclosures, lookups } = service(audit, new HmacTestKeyService());
    const jti = jtiInTransaction();
    // Act
    const outcome = disclosures.disclose(caller, claimRequest(), 'sha-256=:x:', { replay: jti });
    // Assess
    await expect(outcome).rejects.toMatchObject({ code: 'replayed_request' });
    expect([lookups, jti.state]).toEqual([[], 'replayed']);
  });

  it('answers a retry whose append failed from the stored answer, and a first request with the failure', async () => {
    // Prepare
    const body = claimRequest();
    const first = await firstAnswer(body);
    const retry = service(new FailingAuditLog(), new HmacTestKeyService(), { answers: first.answers });
    const fresh = service(new FailingAuditLog(), new HmacTestKeyService());
    // Act
    const retried = await retry.disclosures.disclose(caller, body, 'sha-256=:x:');
    const failed = fresh.disclosures.disclose(caller, claimRequest(), 'sha-256=:x:');
    // Assess
    expect(retried.receipt).toEqual(first.answer.receipt);
    await expect(failed).rejects.toBeInstanceOf(AuditUnavailableError);
  });
});
