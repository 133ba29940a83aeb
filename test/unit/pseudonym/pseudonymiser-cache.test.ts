import { describe, expect, it } from 'vitest';
import { DependencyUnavailableError } from '../../../shared/errors.ts';
import type { Clock } from '../../../shared/ports/clock.ts';
import type { KeyService } from '../../../shared/ports/key-service.ts';
import { InvalidPseudonymInputError, Pseudonymiser, type PseudonymRequest } from '../../../shared/pseudonym/index.ts';
import { HmacTestKeyService } from '../../support/hmac-test-key-service.ts';

function manualClock(start = 1_000_000): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
  };
}

function localId(value: string): PseudonymRequest {
  return { domain: 'PHIN', idType: 'LOCAL_ID', value };
}

/** A KeyService that always fails, as the KMS adapter does when KMS is throttling or down. */
class FailingKeyService extends HmacTestKeyService {
  override async generateMac(...args: Parameters<KeyService['generateMac']>): ReturnType<KeyService['generateMac']> {
    await super.generateMac(...args); // records the call
    throw new DependencyUnavailableError('KMS unavailable');
  }
}

describe('Pseudonymiser cache', () => {
  it('answers a repeat from the cache without a second call', async () => {
    // Prepare
    const keys = new HmacTestKeyService();
    const pseudonymiser = new Pseudonymiser(keys);
    const first = await pseudonymiser.pseudonymise('demo', localId('MRN-1'));
    // Act
    const second = await pseudonymiser.pseudonymise('demo', localId('MRN-1'));
    // Assess
    expect(second).toBe(first);
    expect(keys.calls).toHaveLength(1);
    expect(pseudonymiser.macCalls).toBe(1);
  });

  it('calls again once the TTL has passed, not before', async () => {
    // Prepare
    const keys = new HmacTestKeyService();
    const clock = manualClock();
    const pseudonymiser = new Pseudonymiser(keys, { ttlMs: 1_000, clock });
    await pseudonymiser.pseudonymise('demo', localId('MRN-1'));
    // Act
    clock.advance(999);
    await pseudonymiser.pseudonymise('demo', localId('MRN-1'));
    const callsBeforeExpiry = keys.calls.length;
    clock.advance(1);
    await pseudonymiser.pseudonymise('demo', localId('MRN-1'));
    // Assess
    expect(callsBeforeExpiry).toBe(1);
    expect(keys.calls).toHaveLength(2);
  });

  it('pseudonymiseNow answers a cached pseudonym as the string itself, and a miss as a promise', async () => {
    // Prepare
    const keys = new HmacTestKeyService();
    const pseudonymiser = new Pseudonymiser(keys);

    // Act
    const miss = pseudonymiser.pseudonymiseNow('demo', localId('MRN-1'));
    const learnt = await miss;
    const hit = pseudonymiser.pseudonymiseNow('demo', localId('MRN-1'));

    // Assess
    expect(miss).toBeInstanceOf(Promise);
    expect(hit).toBe(learnt);
    expect(await pseudonymiser.pseudonymise('demo', localId('MRN-1'))).toBe(learnt);
    expect(keys.calls).toHaveLength(1);
  });

  it('pseudonymiseNow rejects malformed input rather than throwing at its caller', async () => {
    // Prepare
    const pseudonymiser = new Pseudonymiser(new HmacTestKeyService());

    // Act
    const answer = pseudonymiser.pseudonymiseNow('demo', localId('   '));

    // Assess
    expect(answer).toBeInstanceOf(Promise);
    await expect(answer).rejects.toBeInstanceOf(InvalidPseudonymInputError);
  });

  it('keeps at most maxEntries, evicting the least recently used', async () => {
    // Prepare
    const keys = new HmacTestKeyService();
    const pseudonymiser = new Pseudonymiser(keys, { maxEntries: 2 });
    await pseudonymiser.pseudonymise('demo', localId('A'));
    await pseudonymiser.pseudonymise('demo', localId('B'));
    await pseudonymiser.pseudonymise('demo', localId('A')); // A is now the most recent
    await pseudonymiser.pseudonymise('demo', localId('C')); // evicts B
    const callsAfterFill = keys.calls.length;
    // Act
    await pseudonymiser.pseudonymise('demo', localId('A'));
    await pseudonymiser.pseudonymise('demo', localId('C'));
    await pseudonymiser.pseudonymise('demo', localId('B'));
    // Assess
    expect(callsAfterFill).toBe(3);
    expect(keys.calls.map((c) => c.message.split('|')[4])).toEqual(['A', 'B', 'C', 'B']);
  });

  it('shares one call between concurrent identical misses', async () => {
    // Prepare
    const keys = new HmacTestKeyService();
    const pseudonymiser = new Pseudonymiser(keys, { maxEntries: 0 });
    // Act
    const results = await Promise.all([1, 2, 3].map(() => pseudonymiser.pseudonymise('demo', localId('MRN-1'))));
    // Assess
    expect(new Set(results).size).toBe(1);
    expect(keys.calls).toHaveLength(1);
  });
});

describe('Pseudonymiser.pseudonymiseMany', () => {
  it('keeps input order and makes one call per distinct normalised request', async () => {
    // Prepare
    const keys = new HmacTestKeyService();
    const pseudonymiser = new Pseudonymiser(keys);
    const requests: PseudonymRequest[] = [
      { domain: 'AUDIT', idType: 'NHS_NUMBER', value: '943 476 5919' },
      localId('MRN-1'),
      { domain: 'AUDIT', idType: 'NHS_NUMBER', value: '9434765919' },
      localId('mrn-1'),
      { domain: 'PHIN', idType: 'NHS_NUMBER', value: '9434765919' }, // other domain: distinct
    ];
    // Act
    const results = await pseudonymiser.pseudonymiseMany('demo', requests);
    // Assess
    expect(keys.calls).toHaveLength(3);
    expect(results[0]).toBe(results[2]);
    expect(results[1]).toBe('v1.P8B1e31A-qw8Rf-BGRqsbgvzTlEXsop8qSDTmalaLyU');
    expect(results[3]).toBe(results[1]);
    expect(results[4]).not.toBe(results[0]);
    expect(results).toHaveLength(5);
  });

  it('calls only for what is not cached and respects the concurrency limit', async () => {
    // Prepare
    const keys = new HmacTestKeyService();
    const pseudonymiser = new Pseudonymiser(keys, { maxConcurrency: 2 });
    const cached = await pseudonymiser.pseudonymise('demo', localId('A'));
    // Act
    const results = await pseudonymiser.pseudonymiseMany('demo', ['A', 'B', 'C', 'D', 'B'].map(localId));
    // Assess
    expect(results[0]).toBe(cached);
    expect(pseudonymiser.macCalls).toBe(4);
    expect(keys.calls).toHaveLength(4);
  });

  it('returns an empty list for no requests without calling', async () => {
    // Prepare
    const keys = new HmacTestKeyService();
    const pseudonymiser = new Pseudonymiser(keys);
    // Act
    const results = await pseudonymiser.pseudonymiseMany('demo', []);
    // Assess
    expect(results).toEqual([]);
    expect(keys.calls).toHaveLength(0);
  });

  it('rejects the batch before any call when one request is malformed', async () => {
    // Prepare
    const keys = new HmacTestKeyService();
    const pseudonymiser = new Pseudonymiser(keys);
    // Act
    const act = pseudonymiser.pseudonymiseMany('demo', [
      localId('A'),
      { domain: 'PHIN', idType: 'NHS_NUMBER', value: '123' },
    ]);
    // Assess
    await expect(act).rejects.toBeInstanceOf(InvalidPseudonymInputError);
    expect(keys.calls).toHaveLength(0);
  });
});

describe('Pseudonymiser when the key service fails', () => {
  it('rejects with the key service error and caches nothing', async () => {
    // Prepare
    const keys = new FailingKeyService();
    const pseudonymiser = new Pseudonymiser(keys);
    // Act
    const first = pseudonymiser.pseudonymise('demo', localId('MRN-1'));
    await expect(first).rejects.toBeInstanceOf(DependencyUnavailableError);
    const second = pseudonymiser.pseudonymise('demo', localId('MRN-1'));
    // Assess
    await expect(second).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(keys.calls).toHaveLength(2);
  });

  it('rejects a batch without releasing any pseudonym', async () => {
    // Prepare
    const pseudonymiser = new Pseudonymiser(new FailingKeyService());
    // Act
    const act = pseudonymiser.pseudonymiseMany('demo', ['A', 'B', 'C'].map(localId));
    // Assess
    await expect(act).rejects.toBeInstanceOf(DependencyUnavailableError);
  });

  it('rejects every concurrent caller sharing the failed call', async () => {
    // Prepare
    const keys = new FailingKeyService();
    const pseudonymiser = new Pseudonymiser(keys);
    // Act
    const outcomes = await Promise.allSettled([1, 2].map(() => pseudonymiser.pseudonymise('demo', localId('MRN-1'))));
    // Assess
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(keys.calls).toHaveLength(1);
  });

  it('rejects a synchronous throw from the key service and can retry afterwards', async () => {
    // Prepare
    let fail = true;
    const inner = new HmacTestKeyService();
    const keys: KeyService = {
      generateMac: (domain, message) => {
        if (fail) throw new DependencyUnavailableError('KMS unavailable');
        return inner.generateMac(domain, message);
      },
      sign: (purpose, message) => inner.sign(purpose, message),
      publicKey: (purpose) => inner.publicKey(purpose),
      signingKeys: (purpose) => inner.signingKeys(purpose),
    };
    const pseudonymiser = new Pseudonymiser(keys);
    // Act
    const failed = pseudonymiser.pseudonymise('demo', localId('MRN-1'));
    await expect(failed).rejects.toBeInstanceOf(DependencyUnavailableError);
    fail = false;
    const retried = await pseudonymiser.pseudonymise('demo', localId('MRN-1'));
    // Assess
    expect(retried).toBe('v1.P8B1e31A-qw8Rf-BGRqsbgvzTlEXsop8qSDTmalaLyU');
  });
});
