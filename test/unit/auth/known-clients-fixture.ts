/**
 * The verifier with the records last read (KnownClients): a registry of one client that a test
 * changes at will, its signed requests, and a verifier warmed by one accepted request.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { KnownClients } from '../../../shared/auth/known-clients.ts';
import { verifySignedRequest, type SignedRequestInput, type VerifierDeps } from '../../../shared/auth/verify.ts';
import { generateClientKey } from '../../../shared/client/index.ts';
import type { ClientRecord, ClientRegistry, Scope } from '../../../shared/ports/client-registry.ts';
import { FixedClock, MemoryReplayStore } from '../../support/memory-registry.ts';
import { signedInput } from '../../support/signed-input.ts';

export const NOW = Date.UTC(2026, 11, 5, 9, 0, 0);

export const key = await generateClientKey('ES256', 'k1');
/** Another key pair under the same kid: a record that no longer holds the key the cache holds. */
export const otherKey = await generateClientKey('ES256', 'k1');

/** A registry of one client whose record a test replaces at will; `pending` holds reads back. */
export class OneClientRegistry implements ClientRegistry {
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

export function activeRecord(overrides: Partial<ClientRecord> = {}): ClientRecord {
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

export function signed(jti: string, claims: Record<string, unknown> = {}): SignedRequestInput {
  return signedInput({ privateJwk: key.privateJwk, nowMs: NOW, jti, claims });
}

export function depsOf(registry: ClientRegistry, knownClients?: KnownClients): VerifierDeps {
  const clock = new FixedClock(NOW);
  return {
    registry,
    replay: new MemoryReplayStore(clock),
    clock,
    audience: 'gatekeeper-local',
    ...(knownClients ? { knownClients } : {}),
  };
}

export async function outcome(request: SignedRequestInput, deps: VerifierDeps): Promise<string> {
  return verifySignedRequest(request, deps).then(
    (caller) => `accepted ${caller.scopes.join(',')}`,
    (error: unknown) => (error as { code?: string }).code ?? 'untyped',
  );
}

/** A verifier whose cache holds the active record, as it would after one accepted request. */
export async function warmed(registry: OneClientRegistry): Promise<VerifierDeps> {
  const deps = depsOf(registry, new KnownClients());
  expect(await outcome(signed('warm-up-request-0001'), deps)).toBe('accepted records:read');
  return deps;
}

/** What may change in the registry between the warm request and the next one. */
export const REGISTRY_CHANGES: Record<string, (record: ClientRecord) => ClientRecord | undefined> = {
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

/** The next request's claims: valid, or wrong in one of the ways api.md §1 checks. */
export const REQUEST_VARIANTS: Record<string, Record<string, unknown>> = {
  valid: {},
  wrongAudience: { aud: 'elsewhere' },
  expired: { exp: NOW / 1000 - 3600, iat: NOW / 1000 - 3700 },
  wrongPath: { htu: '/v1/recipients' },
  wrongDigest: { cdg: 'sha-256=:AAAA:' },
};

/** A registry change, a request variant, and whether the request's jti was used before. */
export const differentialCases = (): fc.Arbitrary<[string, string, boolean]> =>
  fc.tuple(
    fc.constantFrom(...Object.keys(REGISTRY_CHANGES)),
    fc.constantFrom(...Object.keys(REQUEST_VARIANTS)),
    fc.boolean(),
  );
