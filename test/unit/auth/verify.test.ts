import { generateKeyPairSync } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { verifySignedRequest, type SignedRequestInput, type VerifierDeps } from '../../../shared/auth/verify.ts';
import { SignatureRejectedError } from '../../../shared/auth/errors.ts';
import { keyUnfitReason } from '../../../shared/auth/keys.ts';
import { DependencyUnavailableError } from '../../../shared/errors.ts';
import { generateClientKey, type ClientKeyPair, type SignatureOptions } from '../../../shared/client/index.ts';
import { FixedClock, MemoryClientRegistry, MemoryReplayStore } from '../../support/memory-registry.ts';
import { signedInput } from '../../support/signed-input.ts';

const NOW = Date.UTC(2026, 10, 22, 9, 0, 0);
const NOW_S = NOW / 1000;
const BODY = '{"requestId":"r-1"}';

let key: ClientKeyPair;
let registry: MemoryClientRegistry;
let replay: MemoryReplayStore;
let deps: VerifierDeps;

beforeEach(async () => {
  key = await generateClientKey('ES256', 'k1');
  const clock = new FixedClock(NOW);
  registry = new MemoryClientRegistry().register({
    clientId: 'c1',
    org: 'demo',
    scopes: ['records:read'],
    keys: [key.publicJwk],
  });
  replay = new MemoryReplayStore(clock);
  deps = { registry, replay, clock, audience: 'gatekeeper-local' };
});

/** A request signed with this test's key at NOW (`sign` changes the signature, `overrides` what is sent). */
function input(sign: Partial<SignatureOptions> = {}, overrides: Partial<SignedRequestInput> = {}): SignedRequestInput {
  return signedInput({ privateJwk: key.privateJwk, nowMs: NOW, ...sign }, overrides);
}

async function codeOf(request: SignedRequestInput): Promise<string> {
  const error: unknown = await verifySignedRequest(request, deps).then(
    () => 'accepted',
    (e: unknown) => e,
  );
  return error instanceof SignatureRejectedError || error instanceof Error
    ? ((error as { code?: string }).code ?? 'untyped')
    : String(error);
}

describe('verifySignedRequest', () => {
  it('returns the verified caller with registry scopes', async () => {
    // Act
    const caller = await verifySignedRequest(input({ jti: 'j'.repeat(20) }), deps);
    // Assess
    expect(caller).toEqual({ clientId: 'c1', org: 'demo', kid: 'k1', jti: 'j'.repeat(20), scopes: ['records:read'] });
  });

  it.each([
    ['exp 29 s ago (inside leeway)', { iat: NOW_S - 100, exp: NOW_S - 29 }, 'accepted'],
    ['exp 30 s ago', { iat: NOW_S - 100, exp: NOW_S - 30 }, 'signature_expired'],
    ['iat 60 s ahead', { iat: NOW_S + 60, exp: NOW_S + 100 }, 'accepted'],
    ['iat 61 s ahead', { iat: NOW_S + 61, exp: NOW_S + 100 }, 'signature_not_yet_valid'],
    ['lifetime exactly 300 s', { iat: NOW_S, exp: NOW_S + 300 }, 'accepted'],
    ['lifetime 301 s', { iat: NOW_S, exp: NOW_S + 301 }, 'signature_lifetime_too_long'],
    ['exp before iat', { iat: NOW_S + 10, exp: NOW_S + 5 }, 'signature_malformed'],
    ['iat as a string', { iat: String(NOW_S) }, 'signature_malformed'],
    ['jti of 16 allowed characters', { jti: 'aB0._~-aB0._~-aB' }, 'accepted'],
    ['jti of 129 characters', { jti: 'a'.repeat(129) }, 'signature_malformed'],
  ])('time and jti rules: %s', async (_name, claims, expected) => {
    // Act / Assess
    expect(await codeOf(input({ claims }))).toBe(expected);
  });

  it('refuses a key the moment it is revoked, even one it has just verified with (imported keys are cached)', async () => {
    // Prepare: the key has verified once, so its imported form is cached.
    expect(await codeOf(input())).toBe('accepted');

    // Act
    registry.revokeKey('c1', 'k1');

    // Assess
    expect(await codeOf(input())).toBe('key_revoked');
  });

  it('checks in api.md order, stopping at the first failure', async () => {
    // Prepare: each request breaks two rules; the earlier one must win.
    const big = new Uint8Array(256 * 1024 + 1);
    registry.setStatus('c1', 'SUSPENDED').revokeKey('c1', 'k1');
    // Act / Assess
    expect(await codeOf(input({ alg: 'none' }, { body: big }))).toBe('payload_too_large');
    expect(await codeOf(input({}, { contentType: 'text/plain', authorization: undefined }))).toBe(
      'unsupported_media_type',
    );
    expect(await codeOf(input({ alg: 'none', header: { jku: 'https://x' } }))).toBe('algorithm_not_allowed');
    expect(await codeOf(input({ header: { jku: 'https://x', typ: 'JWT' } }))).toBe('header_not_allowed');
    expect(await codeOf(input())).toBe('key_revoked');
  });

  it('checks suspension after the key, and the binding before digest and replay', async () => {
    // Prepare
    registry.setStatus('c1', 'SUSPENDED');
    // Act / Assess
    expect(await codeOf(input({ claims: { exp: NOW_S - 100, iat: NOW_S - 200 } }))).toBe('client_suspended');
    registry.setStatus('c1', 'ACTIVE');
    expect(await codeOf(input({ path: '/other', claims: { cdg: 'sha-256=:x:' } }))).toBe('binding_mismatch');
    expect(await codeOf(input({ claims: { cdg: 'sha-256=:x:' }, jti: 'bad' }))).toBe('body_digest_mismatch');
  });

  it('looks the client up in the org the token names: another org answers as an unknown client', async () => {
    // Prepare: org `other` has a client of the same id, with another key.
    const otherKey = await generateClientKey('ES256', 'k1');
    registry.register({ clientId: 'c1', org: 'other', scopes: ['admin'], keys: [otherKey.publicJwk] });

    // Act / Assess
    expect(await codeOf(input({ org: 'nowhere' }))).toBe('unknown_client');
    expect(await codeOf(input({ org: 'other' }))).toBe('signature_invalid');
    expect(await codeOf(input({ org: 'other', privateJwk: otherKey.privateJwk }))).toBe('accepted');
    expect(await codeOf(input())).toBe('accepted');
    expect(await codeOf(input({ org: 'bad#org' }))).toBe('unknown_client');
    expect(await codeOf(input({ claims: { org: undefined } }))).toBe('signature_malformed');
  });

  it('keeps replay apart per org: the same client id and jti in two orgs are two requests', async () => {
    // Prepare
    const otherKey = await generateClientKey('ES256', 'k1');
    registry.register({ clientId: 'c1', org: 'other', scopes: ['admin'], keys: [otherKey.publicJwk] });
    const jti = 'j'.repeat(32);

    // Act
    const first = await codeOf(input({ jti }));
    const inOtherOrg = await codeOf(input({ jti, org: 'other', privateJwk: otherKey.privateJwk }));
    const again = await codeOf(input({ jti }));

    // Assess
    expect([first, inOtherOrg, again]).toEqual(['accepted', 'accepted', 'replayed_request']);
  });

  it('digests the raw bytes, and an empty body as zero bytes', async () => {
    // Prepare
    const empty = input(
      { method: 'GET', body: new Uint8Array() },
      { method: 'GET', body: new Uint8Array(), contentType: undefined },
    );
    // Act / Assess
    expect(await codeOf(empty)).toBe('accepted');
    expect(await codeOf(input({ body: BODY }, { body: new TextEncoder().encode(`${BODY} `) }))).toBe(
      'body_digest_mismatch',
    );
  });

  it('refuses any query string and a lower-case method binding', async () => {
    // Act / Assess
    expect(await codeOf(input({}, { hasQuery: true }))).toBe('binding_mismatch');
    expect(await codeOf(input({ claims: { htm: 'post' } }))).toBe('binding_mismatch');
  });

  it('remembers a jti only after the signature verified', async () => {
    // Act
    await codeOf(input({ signingJwk: (await generateClientKey('ES256')).privateJwk }));
    await codeOf(input({ claims: { cdg: 'sha-256=:x:' } }));
    // Assess
    expect(replay.size).toBe(0);
    const request = input();
    expect(await codeOf(request)).toBe('accepted');
    expect(await codeOf(request)).toBe('replayed_request');
  });

  it('keeps the jti until exp + 60 s', async () => {
    // Prepare
    const remembered: number[] = [];
    deps = { ...deps, replay: { remember: (_o, _c, _j, until) => Promise.resolve(remembered.push(until) > 0) } };
    // Act
    await verifySignedRequest(input({ claims: { iat: NOW_S, exp: NOW_S + 120 } }), deps);
    // Assess
    expect(remembered).toEqual([(NOW_S + 180) * 1000]);
  });

  it('fails closed with dependency_unavailable when the registry or replay store fails', async () => {
    // Prepare
    registry.failWith = new Error('ProvisionedThroughputExceeded');
    // Act / Assess
    await expect(verifySignedRequest(input(), deps)).rejects.toBeInstanceOf(DependencyUnavailableError);
    registry.failWith = undefined;
    replay.failWith = new Error('timeout');
    await expect(verifySignedRequest(input(), deps)).rejects.toBeInstanceOf(DependencyUnavailableError);
  });

  it('never trusts a client record returned under another id', async () => {
    // Prepare: a registry bug returning the wrong client must not authenticate anyone.
    const other = await registry.getClient('demo', 'c1');
    deps = { ...deps, registry: { getClient: () => Promise.resolve({ ...other!, clientId: 'c2' }) } };
    // Act / Assess
    expect(await codeOf(input())).toBe('unknown_client');
  });
});

describe('registered key fitness', () => {
  it('rejects RSA under 2048 bits, non-P-256 curves and mismatched key types', async () => {
    // Prepare
    const rsa1024 = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
    const rsa2048 = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey.export({ format: 'jwk' });
    const ed = (await generateClientKey('EdDSA', 'e')).publicJwk;
    // Act / Assess
    expect(keyUnfitReason({ ...rsa1024, kid: 'r', kty: 'RSA' }, 'PS256')).toMatch(/2048/);
    expect(keyUnfitReason({ ...rsa2048, kid: 'r', kty: 'RSA' }, 'PS256')).toBeUndefined();
    expect(keyUnfitReason({ ...p384, kid: 'p', kty: 'EC' }, 'ES256')).toMatch(/curve/);
    expect(keyUnfitReason({ ...ed, kty: 'OKP' }, 'ES256')).toMatch(/key type/);
    expect(keyUnfitReason({ ...key.publicJwk, kty: 'EC', alg: 'PS256' }, 'ES256')).toMatch(/another algorithm/);
  });

  it('answers signature_invalid when a token is signed with an unfit registered key', async () => {
    // Prepare: a 1024-bit RSA key that slipped into the registry.
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'weak', kty: 'RSA', alg: 'PS256' };
    registry.register({ clientId: 'c1', org: 'demo', scopes: [], keys: [jwk] });
    const privateJwk = { ...privateKey.export({ format: 'jwk' }), kid: 'weak', alg: 'PS256' };
    // Act / Assess
    expect(await codeOf(input({ privateJwk }))).toBe('signature_invalid');
  });

  it('verifies EdDSA and PS256 keys as well', async () => {
    for (const alg of ['EdDSA', 'PS256'] as const) {
      // Prepare
      key = await generateClientKey(alg, `k-${alg}`);
      registry.register({ clientId: 'c1', org: 'demo', scopes: [], keys: [key.publicJwk] });
      // Act / Assess
      expect(await codeOf(input())).toBe('accepted');
    }
  });
});
