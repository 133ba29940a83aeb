import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AdmissionRead } from '../../../shared/auth/admission-read.ts';
import { beginSignedRequest, type SignedRequestInput, type VerifierDeps } from '../../../shared/auth/verify.ts';
import type { ClientRecord } from '../../../shared/ports/client-registry.ts';
import {
  activeRecord,
  depsOf,
  differentialCases,
  OneClientRegistry,
  REGISTRY_CHANGES,
  REQUEST_VARIANTS,
  signed,
  warmed,
} from './known-clients-fixture.ts';

/** An operation's read that carries the client's record: it reads the same registry, counted apart. */
class CountingRead implements AdmissionRead {
  readonly #registry: OneClientRegistry;
  readonly calls: string[] = [];

  constructor(registry: OneClientRegistry) {
    this.#registry = registry;
  }

  readClient(org: string, clientId: string): Promise<ClientRecord | undefined> {
    this.calls.push(`${org}/${clientId}`);
    return this.#registry.getClient(org, clientId);
  }
}

async function outcomeWith(request: SignedRequestInput, deps: VerifierDeps, along?: AdmissionRead): Promise<string> {
  const admitted = beginSignedRequest(request, deps, along ? { readAlong: along } : {}).then(
    (pending) => pending.admitted,
  );
  return admitted.then(
    (caller) => `accepted ${caller.scopes.join(',')}`,
    (error: unknown) => (error as { code?: string }).code ?? 'untyped',
  );
}

describe('beginSignedRequest with an operation read that carries the client (readAlong)', () => {
  it('reads the client through the operation, once, when the signature verified against the record last read', async () => {
    // Prepare
    const registry = new OneClientRegistry(activeRecord());
    const deps = await warmed(registry);
    const readsBefore = registry.reads;
    const along = new CountingRead(registry);
    // Act
    const answer = await outcomeWith(signed('carried-request-00001'), deps, along);
    // Assess: one read for the request, and it was the operation's
    expect(answer).toBe('accepted records:read');
    expect(along.calls).toEqual(['demo/c1']);
    expect(registry.reads).toBe(readsBefore + 1);
  });

  it('reads on its own in a cold verifier, never through the operation', async () => {
    // Prepare
    const registry = new OneClientRegistry(activeRecord());
    const deps = depsOf(registry);
    const along = new CountingRead(registry);
    // Act
    const answer = await outcomeWith(signed('cold-request-0000001'), deps, along);
    // Assess
    expect(answer).toBe('accepted records:read');
    expect(along.calls).toEqual([]);
  });

  it('never reads through the operation for a request the record last read refuses', async () => {
    // Prepare
    const registry = new OneClientRegistry(activeRecord());
    const deps = await warmed(registry);
    const along = new CountingRead(registry);
    // Act
    const answers = [
      await outcomeWith(signed('bad-audience-0000001', { aud: 'elsewhere' }), deps, along),
      await outcomeWith(signed('bad-digest-00000001', { cdg: 'sha-256=:AAAA:' }), deps, along),
    ];
    // Assess
    expect(answers).toEqual(['audience_mismatch', 'body_digest_mismatch']);
    expect(along.calls).toEqual([]);
  });

  it('fails closed when the operation read fails', async () => {
    // Prepare
    const registry = new OneClientRegistry(activeRecord());
    const deps = await warmed(registry);
    registry.failWith = new Error('ProvisionedThroughputExceeded');
    // Act
    const answer = await outcomeWith(signed('carried-read-fails-01'), deps, new CountingRead(registry));
    // Assess
    expect(answer).toBe('dependency_unavailable');
  });

  it('gives exactly the answer of a verifier that reads on its own, whatever changed in the registry', async () => {
    await fc.assert(
      fc.asyncProperty(differentialCases(), async ([change, request, replayed]) => {
        // Prepare: the same registry change seen through the operation's read and by a cold verifier
        const warmRegistry = new OneClientRegistry(activeRecord());
        const carried = await warmed(warmRegistry);
        const coldRegistry = new OneClientRegistry(activeRecord());
        const alone = depsOf(coldRegistry);
        const jti = 'differential-carried-01';
        if (replayed) {
          await outcomeWith(signed(jti), carried, new CountingRead(warmRegistry));
          await outcomeWith(signed(jti), alone);
        }
        warmRegistry.record = REGISTRY_CHANGES[change]!(activeRecord({ version: 2 }));
        coldRegistry.record = warmRegistry.record;
        // Act
        const warm = await outcomeWith(signed(jti, REQUEST_VARIANTS[request]), carried, new CountingRead(warmRegistry));
        const cold = await outcomeWith(signed(jti, REQUEST_VARIANTS[request]), alone);
        // Assess
        expect(warm).toBe(cold);
      }),
      { numRuns: 40 },
    );
  });
});
