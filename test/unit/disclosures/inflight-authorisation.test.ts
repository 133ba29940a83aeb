/**
 * Issue 15: an ALLOW's authorisation (audit.md §6) is signed while its entry's write is in flight,
 * for the receipt the group-commit queue planned, and used only if the committed receipt equals it.
 * The real service, policy engine and group-commit queue over the in-memory log store, with KMS
 * signatures from the local KMS endpoint; faults are injected into KMS (errors, delays) and into
 * the store (a commit held back, a commit refused).
 */
import { decodeJwt, importJWK, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KmsKeyService } from '../../../shared/adapters/kms/index.ts';
import { GroupCommitLog } from '../../../shared/audit/group-commit.ts';
import type { LogBatch, LogHead, LogStore } from '../../../shared/audit/log-store.ts';
import { AuditUnavailableError, DependencyUnavailableError } from '../../../shared/errors.ts';
import type { AppendRequest, AuditLog, Receipt } from '../../../shared/ports/audit-log.ts';
import type { SigningPurpose } from '../../../shared/ports/key-service.ts';
import { publicJwk } from '../../../shared/services/signing-keys.ts';
import { provisionGatekeeperKeys } from '../../../local-kms/provision.ts';
import { HmacTestKeyService } from '../../support/hmac-test-key-service.ts';
import { MemoryAuditLog } from '../../support/memory/memory-audit-log.ts';
import { MemoryLogStore } from '../../support/memory/memory-log-store.ts';
import { memoryWrite } from '../../support/memory/memory-write.ts';
import { sdkClient, startKmsFixture, type KmsFixture } from '../kms/helpers.ts';
import { request } from '../policy/fixtures.ts';
import { FailingAuditLog, service } from './service-fixture.ts';

let kms: KmsFixture;
let signing: KmsKeyService;

beforeAll(async () => {
  kms = await startKmsFixture();
  const ids = await provisionGatekeeperKeys(kms.client);
  signing = new KmsKeyService({
    client: sdkClient(kms.kms.url),
    macKeys: { PHIN: { keyId: ids.pseudonymPhin, version: 1 }, AUDIT: { keyId: ids.pseudonymAudit, version: 1 } },
    signingKeys: { CHECKPOINT: ids.checkpoint, AUTHORISATION: ids.authorisation },
  });
});
afterAll(() => kms.stop());

/** The fixture's HMAC pseudonyms (its records are keyed with them) and signatures made in local KMS, each one seen. */
class ObservedKeys extends HmacTestKeyService {
  /** The claims of every Sign asked for, in order, and how many have answered. */
  readonly signed: Array<Record<string, unknown>> = [];
  answered = 0;

  override async sign(purpose: SigningPurpose, message: Uint8Array): Promise<Uint8Array> {
    const claims = new TextDecoder().decode(message).split('.')[1]!;
    this.signed.push(JSON.parse(Buffer.from(claims, 'base64url').toString()) as Record<string, unknown>);
    try {
      return await signing.sign(purpose, message);
    } finally {
      this.answered += 1;
    }
  }

  override publicKey(purpose: SigningPurpose): Promise<Uint8Array> {
    return signing.publicKey(purpose);
  }

  override signingKeys(purpose: SigningPurpose) {
    return signing.signingKeys(purpose);
  }
}

/** The in-memory store with a fault on its commits: each is held until `release()`, and counted when sent. */
class HeldLogStore implements LogStore {
  readonly inner = new MemoryLogStore();
  sent = 0;
  #release: () => void = () => undefined;
  #held = new Promise<void>((resolve) => (this.#release = resolve));

  release(): void {
    this.#release();
  }

  readHead(origin: string) {
    return this.inner.readHead(origin);
  }

  entryIdAt(origin: string, index: number) {
    return this.inner.entryIdAt(origin, index);
  }

  batch<Member>(origin: string, head: LogHead): LogBatch<Member> {
    const batch = this.inner.batch<Member>(origin, head);
    return {
      add: (member, planned) => batch.add(member, planned),
      commit: async (next, org) => {
        this.sent += 1;
        await this.#held;
        return batch.commit(next, org);
      },
    };
  }
}

/** The real queue, with a fault: the first `losses` appends lose a records race (their version check fails). */
class RecordsRace implements AuditLog {
  readonly log = new MemoryAuditLog();
  losses: number;

  constructor(losses: number) {
    this.losses = losses;
  }

  append(request: AppendRequest): Promise<Receipt> {
    if (this.losses <= 0) return this.log.append(request);
    this.losses -= 1;
    const lost = memoryWrite('recordsVersion', { key: 'records', holds: () => false, apply: () => undefined });
    return this.log.append({
      ...request,
      atomicWith: (receipt, followers) => [...(request.atomicWith?.(receipt, followers) ?? []), lost],
    });
  }
}

const caller = { org: 'demo', clientId: 'demo-clinical', kid: 'k1', jti: 'j'.repeat(16) };

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition() && waited < 5000; waited += 5)
    await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
}

async function verified(authorisation: string | undefined) {
  const key = await importJWK(await publicJwk(signing, 'AUTHORISATION'), 'ES256');
  const { payload } = await jwtVerify(authorisation!, key, { typ: 'gk-authz+jwt', audience: 'gp-riverside' });
  return payload;
}

/** The GP's direct-care request: ALLOW_WITH_REDACTION, so its answer carries an authorisation. */
function disclosing(audit: AuditLog, keys: ObservedKeys, requestId = 'req-1') {
  const harness = service(audit, keys);
  return { ...harness, answer: harness.disclosures.disclose(caller, request({ requestId }), 'sha-256=:x:') };
}

describe('an authorisation signed while the audit write is in flight', () => {
  it('starts the Sign before the commit returns and answers with that signature, its claims as audit.md §6 lists them', async () => {
    // Prepare
    const [store, keys] = [new HeldLogStore(), new ObservedKeys()];

    // Act
    const { answer } = disclosing(new GroupCommitLog(store), keys);
    await until(() => store.sent === 1 && keys.answered === 1);
    const signedWhileHeld = keys.signed.length;
    store.release();
    const answered = await answer;

    // Assess
    expect([signedWhileHeld, keys.signed.length]).toEqual([1, 1]);
    const claims = await verified(answered.authorisation);
    expect(Object.keys(claims)).toEqual(['iss', 'sub', 'aud', 'org', 'iat', 'exp', 'pdg', 'flow', 'purpose', 'rcpt']);
    expect(claims).toMatchObject({
      sub: answered.receipt.entryId,
      pdg: answered.payloadDigest,
      rcpt: answered.receipt,
    });
    expect(answered.decision).toBe('ALLOW_WITH_REDACTION');
  });

  it('waits for a Sign slower than the commit, with the entry already durable', async () => {
    // Prepare
    const [log, keys] = [new MemoryAuditLog(), new ObservedKeys()];
    kms.kms.faults.inject({ operation: 'Sign', mode: 'delay', delayMs: 400, times: 1 });
    let settled = false;

    // Act
    const { answer } = disclosing(log, keys);
    void answer.finally(() => (settled = true));
    await until(() => log.store.origins().length === 1);
    const settledWhenDurable = settled;
    const answered = await answer;

    // Assess
    expect([settledWhenDurable, keys.signed.length]).toEqual([false, 1]);
    expect((await verified(answered.authorisation))['rcpt']).toEqual(answered.receipt);
  });

  it('answers 503 when the Sign in flight fails, the entry durable, and the retry re-signs from the stored answer', async () => {
    // Prepare
    const [log, keys] = [new MemoryAuditLog(), new ObservedKeys()];
    kms.kms.faults.inject({ operation: 'Sign', mode: 'error', times: 1 });

    // Act
    const first = disclosing(log, keys);
    const failure = await first.answer.catch((error: unknown) => error);
    const [, , requestId, requestDigest, answer] = first.stored[0] as [string, string, string, string, unknown];
    const retry = service(new FailingAuditLog(), keys, { answers: new Map([[requestId, { requestDigest, answer }]]) });
    const retried = await retry.disclosures.disclose(caller, request(), 'sha-256=:x:');

    // Assess
    expect(failure).toBeInstanceOf(DependencyUnavailableError);
    const [origin] = log.store.origins();
    expect(log.store.entries(origin!).map(({ index }) => index)).toEqual([retried.receipt.index]);
    expect((await verified(retried.authorisation))['rcpt']).toEqual(retried.receipt);
    expect(keys.signed).toHaveLength(2);
  });

  it.each([
    ['succeeded', undefined],
    ['failed', { operation: 'Sign', mode: 'error', times: 1 } as const],
  ])('answers nothing ALLOW when the commit fails after the Sign %s, and drops the signature', async (_, fault) => {
    // Prepare
    const [store, keys] = [new HeldLogStore(), new ObservedKeys()];
    store.inner.injectFault('refused');
    if (fault) kms.kms.faults.inject(fault);

    // Act
    const { answer } = disclosing(new GroupCommitLog(store), keys);
    await until(() => keys.answered === 1);
    store.release();
    const failure = await answer.catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(AuditUnavailableError);
    expect(store.inner.origins()).toEqual([]);
    expect(keys.signed).toHaveLength(1);
  });

  it.each([
    ['succeeded', undefined],
    ['failed', { operation: 'Sign', mode: 'error', times: 1 } as const],
  ])(
    'signs afresh when the head moved under the group, and the stale Sign (which %s) is never answered',
    async (_, fault) => {
      // Prepare: two processes on one log; this one's cached head goes stale before its second disclosure.
      const store = new MemoryLogStore();
      const [here, there, keys] = [new MemoryAuditLog(store), new MemoryAuditLog(store), new ObservedKeys()];
      await disclosing(here, keys, 'req-1').answer;
      await disclosing(there, keys, 'req-2').answer;
      keys.signed.length = 0;
      if (fault) kms.kms.faults.inject(fault);

      // Act
      const answered = await disclosing(here, keys, 'req-3').answer;

      // Assess
      expect(keys.signed.map((claims) => (claims['rcpt'] as { index: number }).index)).toEqual([1, 2]);
      expect(answered.receipt.index).toBe(2);
      expect((await verified(answered.authorisation))['rcpt']).toEqual(answered.receipt);
      expect(decodeJwt(answered.authorisation!)['rcpt']).not.toEqual(keys.signed[0]!['rcpt']);
    },
  );

  it("starts at most two speculative Signs over all of a request's evaluations, then signs after the commit", async () => {
    // Prepare: three evaluations lose a records race, the fourth commits.
    const [audit, keys] = [new RecordsRace(3), new ObservedKeys()];

    // Act
    const answered = await disclosing(audit, keys).answer;

    // Assess
    expect(audit.losses).toBe(0);
    expect(keys.signed).toHaveLength(3);
    expect(keys.signed.at(-1)!['rcpt']).toEqual(answered.receipt);
    expect((await verified(answered.authorisation))['rcpt']).toEqual(answered.receipt);
  });
});
