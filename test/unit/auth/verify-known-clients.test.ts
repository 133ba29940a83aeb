import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KnownClients } from '../../../shared/auth/known-clients.ts';
import { verifySignedRequest } from '../../../shared/auth/verify.ts';
import type { MemoryReplayStore } from '../../support/memory-registry.ts';
import {
  activeRecord,
  depsOf,
  key,
  OneClientRegistry,
  otherKey,
  outcome,
  REGISTRY_CHANGES,
  REQUEST_VARIANTS,
  differentialCases,
  signed,
  warmed,
} from './known-clients-fixture.ts';

describe('verifySignedRequest with the records last read (KnownClients)', () => {
  it('sends the replay put while the registry read is still in flight, and admits only after the read', async () => {
    // Prepare
    const registry = new OneClientRegistry(activeRecord());
    const deps = await warmed(registry);
    let releaseRead!: () => void;
    registry.pending = new Promise((resolve) => (releaseRead = resolve));
    const replaySizeBefore = (deps.replay as MemoryReplayStore).size;
    let settled = false;
    // Act
    const verifying = verifySignedRequest(signed('overlapping-request-01'), deps).finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Assess: the put went out before the read answered, and nothing was admitted meanwhile
    expect((deps.replay as MemoryReplayStore).size).toBe(replaySizeBefore + 1);
    expect(settled).toBe(false);
    releaseRead();
    await expect(verifying).resolves.toMatchObject({ clientId: 'c1', scopes: ['records:read'] });
  });

  it('refuses a key revoked after the record was cached, on the very next request', async () => {
    // Prepare
    const registry = new OneClientRegistry(activeRecord());
    const deps = await warmed(registry);
    registry.record = activeRecord({ keys: [{ kid: 'k1', status: 'REVOKED', jwk: key.publicJwk }], version: 2 });
    // Act
    const code = await outcome(signed('after-revocation-0001'), deps);
    // Assess
    expect(code).toBe('key_revoked');
    expect(deps.knownClients?.find('demo', 'c1', 'k1')).toBeUndefined();
  });

  it('answers with the scopes read for this request, not the cached ones', async () => {
    // Prepare
    const registry = new OneClientRegistry(activeRecord());
    const deps = await warmed(registry);
    registry.record = activeRecord({ scopes: ['audit:read'], version: 2 });
    // Act
    const code = await outcome(signed('after-scope-change-01'), deps);
    // Assess
    expect(code).toBe('accepted audit:read');
  });

  it('verifies again against the read when the kid now names another key', async () => {
    // Prepare
    const registry = new OneClientRegistry(activeRecord());
    const deps = await warmed(registry);
    registry.record = activeRecord({ keys: [{ kid: 'k1', status: 'ACTIVE', jwk: otherKey.publicJwk }], version: 2 });
    // Act
    const code = await outcome(signed('after-key-swap-000001'), deps);
    // Assess
    expect(code).toBe('signature_invalid');
  });

  it('fails closed when the registry read fails, even though the cached record verified', async () => {
    // Prepare
    const registry = new OneClientRegistry(activeRecord());
    const deps = await warmed(registry);
    registry.failWith = new Error('ProvisionedThroughputExceeded');
    // Act
    const code = await outcome(signed('registry-down-000001'), deps);
    // Assess
    expect(code).toBe('dependency_unavailable');
  });

  it('refuses a replay with the warm cache', async () => {
    // Prepare
    const registry = new OneClientRegistry(activeRecord());
    const deps = await warmed(registry);
    // Act
    const first = await outcome(signed('replayed-request-0001'), deps);
    const second = await outcome(signed('replayed-request-0001'), deps);
    // Assess
    expect([first, second]).toEqual(['accepted records:read', 'replayed_request']);
  });

  it('gives exactly the answer of a verifier without the cache, whatever changed in the registry', async () => {
    await fc.assert(
      fc.asyncProperty(differentialCases(), async ([change, request, replayed]) => {
        // Prepare: the same registry change seen by a warm verifier and by one without a cache
        const warmRegistry = new OneClientRegistry(activeRecord());
        const withCache = await warmed(warmRegistry);
        const coldRegistry = new OneClientRegistry(activeRecord());
        const withoutCache = depsOf(coldRegistry);
        const jti = 'differential-request-01';
        if (replayed) {
          await outcome(signed(jti), withCache);
          await outcome(signed(jti), withoutCache);
        }
        warmRegistry.record = REGISTRY_CHANGES[change]!(activeRecord({ version: 2 }));
        coldRegistry.record = warmRegistry.record;
        // Act
        const warm = await outcome(signed(jti, REQUEST_VARIANTS[request]), withCache);
        const cold = await outcome(signed(jti, REQUEST_VARIANTS[request]), withoutCache);
        // Assess
        expect(warm).toBe(cold);
      }),
      { numRuns: 60 },
    );
  });
});

describe('KnownClients', () => {
  it('keeps only active records that name the key, and forgets the least recently noted past its bound', () => {
    // Prepare
    const known = new KnownClients(2);
    const record = (clientId: string) => activeRecord({ clientId });
    // Act
    known.note('demo', 'a', record('a'));
    known.note('demo', 'b', record('b'));
    known.note('demo', 'c', record('c'));
    known.note('demo', 'd', { ...record('d'), status: 'SUSPENDED' });
    known.note('demo', 'e', record('x'));
    // Assess
    expect(known.size).toBe(2);
    expect(known.find('demo', 'a', 'k1')).toBeUndefined();
    expect(known.find('demo', 'b', 'k1')?.clientId).toBe('b');
    expect(known.find('demo', 'c', 'k2')).toBeUndefined();
    expect(known.find('demo', 'd', 'k1')).toBeUndefined();
    expect(known.find('demo', 'e', 'k1')).toBeUndefined();
  });
});
