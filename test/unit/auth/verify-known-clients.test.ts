import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { KnownClients } from '../../../shared/auth/known-clients.ts';
import { verifySignedRequest, type SignedRequestInput, type VerifierDeps } from '../../../shared/auth/verify.ts';
import {
  authorizationHeader,
  buildSignature,
  generateClientKey,
  type ClientKeyPair,
} from '../../../shared/client/index.ts';
import type { ClientRecord, ClientRegistry, Scope } from '../../../shared/ports/client-registry.ts';
import { FixedClock, MemoryReplayStore } from '../../support/memory-registry.ts';

const NOW = Date.UTC(2026, 11, 5, 9, 0, 0);
const BODY = new TextEncoder().encode('{"requestId":"r-1"}');

let key: ClientKeyPair;
let otherKey: ClientKeyPair;

beforeAll(async () => {
  key = await generateClientKey('ES256', 'k1');
  // Another key pair under the same kid: a record that no longer holds the key the cache holds.
  otherKey = await generateClientKey('ES256', 'k1');
});

/** A registry of one client whose record a test replaces at will; `pending` holds reads back. */
class OneClientRegistry implements ClientRegistry {
  record: ClientRecord | undefined;
  failWith: Error | undefined;
  reads = 0;
  pending: Promise<void> | undefined;

  constructor(record: ClientRecord) {
    this.record = record;
  }

  async getClient(org: string, clientId: string): Promise<ClientRecord | undefined> {
    this.reads += 1;
    const answer = this.record?.org === org && this.record.clientId === clientId ? this.record : undefined;
    const failure = this.failWith;
    await this.pending;
    if (failure) throw failure;
    return answer;
  }
}

function activeRecord(overrides: Partial<ClientRecord> = {}): ClientRecord {
  return {
    clientId: 'c1',
    org: 'demo',
    name: 'c1',
    scopes: ['records:read'],
    status: 'ACTIVE',
    keys: [{ kid: 'k1', status: 'ACTIVE', jwk: key.publicJwk }],
    version: 1,
    ...overrides,
  };
}

function signed(jti: string, claims: Record<string, unknown> = {}): SignedRequestInput {
  const token = buildSignature({
    privateJwk: key.privateJwk,
    clientId: 'c1',
    org: 'demo',
    audience: 'gatekeeper-local',
    method: 'POST',
    path: '/v1/disclosures',
    body: BODY,
    nowMs: NOW,
    jti,
    claims,
  });
  return {
    method: 'POST',
    path: '/v1/disclosures',
    hasQuery: false,
    authorization: authorizationHeader(token),
    contentType: 'application/json',
    body: BODY,
  };
}

function depsOf(registry: ClientRegistry, knownClients?: KnownClients): VerifierDeps {
  const clock = new FixedClock(NOW);
  return {
    registry,
    replay: new MemoryReplayStore(clock),
    clock,
    audience: 'gatekeeper-local',
    ...(knownClients ? { knownClients } : {}),
  };
}

async function outcome(request: SignedRequestInput, deps: VerifierDeps): Promise<string> {
  return verifySignedRequest(request, deps).then(
    (caller) => `accepted ${caller.scopes.join(',')}`,
    (error: unknown) => (error as { code?: string }).code ?? 'untyped',
  );
}

/** A verifier whose cache holds the active record, as it would after one accepted request. */
async function warmed(registry: OneClientRegistry): Promise<VerifierDeps> {
  const deps = depsOf(registry, new KnownClients());
  expect(await outcome(signed('warm-up-request-0001'), deps)).toBe('accepted records:read');
  return deps;
}

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
    const changes: Record<string, (record: ClientRecord) => ClientRecord | undefined> = {
      none: (record) => record,
      revoked: (record) => ({ ...record, keys: record.keys.map((k) => ({ ...k, status: 'REVOKED' as const })) }),
      suspended: (record) => ({ ...record, status: 'SUSPENDED' }),
      removed: () => undefined,
      rescoped: (record) => ({ ...record, scopes: ['admin'] as Scope[] }),
      swapped: (record) => ({ ...record, keys: [{ kid: 'k1', status: 'ACTIVE', jwk: otherKey.publicJwk }] }),
      suspendedAndRevoked: (record) => ({
        ...record,
        status: 'SUSPENDED',
        keys: record.keys.map((k) => ({ ...k, status: 'REVOKED' as const })),
      }),
    };
    const requests: Record<string, Record<string, unknown>> = {
      valid: {},
      wrongAudience: { aud: 'elsewhere' },
      expired: { exp: NOW / 1000 - 3600, iat: NOW / 1000 - 3700 },
      wrongPath: { htu: '/v1/recipients' },
      wrongDigest: { cdg: 'sha-256=:AAAA:' },
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(changes)),
        fc.constantFrom(...Object.keys(requests)),
        fc.boolean(),
        async (change, request, replayed) => {
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
          warmRegistry.record = changes[change]!(activeRecord({ version: 2 }));
          coldRegistry.record = warmRegistry.record;
          // Act
          const warm = await outcome(signed(jti, requests[request]), withCache);
          const cold = await outcome(signed(jti, requests[request]), withoutCache);
          // Assess
          expect(warm).toBe(cold);
        },
      ),
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
