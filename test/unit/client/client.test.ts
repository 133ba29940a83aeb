import { describe, expect, it } from 'vitest';
import { GatekeeperClient, buildSignature, generateClientKey } from '../../../shared/client/index.ts';
import { publicJwkOf } from '../../../shared/client/keys.ts';
import { verifySignedRequest } from '../../../shared/auth/verify.ts';
import { sha256Digest } from '../../../shared/canonical-json.ts';
import { FixedClock, MemoryClientRegistry, MemoryReplayStore } from '../../support/memory-registry.ts';

const NOW = Date.UTC(2026, 10, 22, 9, 0, 0);

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
}
function headerOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as Record<string, unknown>;
}

describe('GatekeeperClient', () => {
  it.each(['ES256', 'EdDSA', 'PS256'] as const)(
    'sends %s requests the verifier accepts, digesting the bytes sent',
    async (alg) => {
      // Prepare
      const key = await generateClientKey(alg, 'k1');
      const clock = new FixedClock(NOW);
      const registry = new MemoryClientRegistry().register({
        clientId: 'c1',
        org: 'demo',
        scopes: ['admin'],
        keys: [key.publicJwk],
      });
      const sent: { url: string; init: RequestInit }[] = [];
      const fetch = (url: URL | string | Request, init?: RequestInit) => {
        // eslint-disable-next-line @typescript-eslint/no-base-to-string -- url is a URL or string here
        sent.push({ url: String(url), init: init! });
        return Promise.resolve(
          new Response('{"ok":true}', { status: 200, headers: { 'content-type': 'application/json' } }),
        );
      };
      const client = new GatekeeperClient({
        baseUrl: 'http://127.0.0.1:3000',
        clientId: 'c1',
        org: 'demo',
        privateJwk: key.privateJwk,
        audience: 'gatekeeper-local',
        fetch,
        now: () => NOW,
      });
      // Act
      const response = await client.request<{ ok: boolean }>('put', '/v1/recipients/r1', { name: 'ß', n: 1 });
      // Assess
      expect(response).toMatchObject({ status: 200, body: { ok: true } });
      const { url, init } = sent[0]!;
      const headers = init.headers as Record<string, string>;
      const caller = await verifySignedRequest(
        {
          method: init.method!,
          path: new URL(url).pathname,
          hasQuery: false,
          authorization: headers['authorization'],
          contentType: headers['content-type'],
          body: init.body as Uint8Array,
        },
        { registry, replay: new MemoryReplayStore(clock), clock, audience: 'gatekeeper-local' },
      );
      expect(caller.clientId).toBe('c1');
      const token = headers['authorization']!.slice('Signature '.length);
      expect(claimsOf(token)).toMatchObject({
        iss: 'c1',
        sub: 'c1',
        htm: 'PUT',
        htu: '/v1/recipients/r1',
        exp: NOW / 1000 + 120,
      });
    },
  );

  it('uses a fresh jti for every request', async () => {
    // Prepare
    const key = await generateClientKey('ES256');
    const options = { privateJwk: key.privateJwk, clientId: 'c', org: 'o', audience: 'a', method: 'GET', path: '/' };

    // Act
    const [first, second] = [buildSignature(options), buildSignature(options)];

    // Assess
    expect(claimsOf(first)['jti']).not.toBe(claimsOf(second)['jti']);
  });
});

describe('buildSignature overrides', () => {
  it('removes, replaces and adds header fields and claims; signs alg none and HS256', async () => {
    // Prepare
    const key = await generateClientKey('ES256', 'k');
    const base = {
      privateJwk: key.privateJwk,
      clientId: 'c',
      org: 'o',
      audience: 'a',
      method: 'POST',
      path: '/p',
      body: '{}',
    };
    // Act
    const none = buildSignature({
      ...base,
      alg: 'none',
      header: { typ: undefined, jku: 'https://x' },
      claims: { exp: undefined, extra: 1 },
    });
    const hs = buildSignature({ ...base, alg: 'HS256', hmacSecret: 'pub' });
    // Assess
    expect(none.endsWith('.')).toBe(true);
    expect(headerOf(none)).toEqual({ alg: 'none', kid: 'k', jku: 'https://x' });
    expect(claimsOf(none)).not.toHaveProperty('exp');
    expect(claimsOf(none)).toMatchObject({ extra: 1, cdg: sha256Digest('{}') });
    expect(headerOf(hs)['alg']).toBe('HS256');
    expect(hs.split('.')[2]).toHaveLength(43);
  });

  it('generates keys whose public half carries no private member', async () => {
    // Act / Assess
    for (const alg of ['ES256', 'EdDSA', 'PS256'] as const) {
      const { privateJwk, publicJwk } = await generateClientKey(alg);
      expect(publicJwk).not.toHaveProperty('d');
      expect(publicJwkOf(privateJwk)).toEqual(publicJwk);
      expect(publicJwk).toMatchObject({ alg, use: 'sig' });
    }
  });
});
