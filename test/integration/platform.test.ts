import { describe, expect, it } from 'vitest';
import { demo, freshId, stack } from '../support/stack.ts';

describe('public endpoints', () => {
  it('answers health without a signature', async () => {
    // Act
    const response = await fetch(`${stack().url}/v1/health`);

    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', version: expect.any(String) as string });
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('publishes the checkpoint (Ed25519) and authorisation (ES256) keys with kid, use and alg', async () => {
    // Act
    const response = await fetch(`${stack().url}/.well-known/jwks.json`);
    const { keys } = (await response.json()) as { keys: Array<Record<string, string>> };

    // Assess
    expect(keys.map((key) => [key['kty'], key['crv'], key['alg'], key['use']])).toEqual([
      ['OKP', 'Ed25519', 'EdDSA', 'sig'],
      ['EC', 'P-256', 'ES256', 'sig'],
    ]);
    expect(keys.every((key) => typeof key['kid'] === 'string' && !('d' in key))).toBe(true);
  });

  it('answers an unknown path with a 404 problem and a wrong method with 405', async () => {
    // Act
    const missing = await fetch(`${stack().url}/v1/nothing-here`);
    const wrongMethod = await fetch(`${stack().url}/v1/health`, { method: 'POST' });

    // Assess
    expect([missing.status, ((await missing.json()) as { code: string }).code]).toEqual([404, 'not_found']);
    expect([wrongMethod.status, ((await wrongMethod.json()) as { code: string }).code]).toEqual([
      405,
      'method_not_allowed',
    ]);
  });
});

describe('administration (api.md §4.4)', () => {
  it('lists the demo recipients of the caller org (other tests may add more)', async () => {
    // Act
    const response = await demo.admin().request('GET', '/v1/recipients');

    // Assess
    const ids = (response.body as { recipients: Array<{ recipientId: string }> }).recipients
      .map((r) => r.recipientId)
      .sort();
    expect(response.status).toBe(200);
    expect(ids).toEqual(
      expect.arrayContaining([
        'emergency-dept',
        'gp-hillside',
        'gp-riverside',
        'ins-acme-health',
        'ins-other-mutual',
        'nhs-north-trust',
        'nhse-collections',
        'phin',
        'reg-cqc',
        'reg-gmc',
      ]),
    );
  });

  it('registers a recipient and logs the change with a receipt in the org log', async () => {
    // Prepare
    const recipientId = freshId('ins');

    // Act
    const response = await demo.admin().request('PUT', `/v1/recipients/${recipientId}`, {
      name: 'New Insurer',
      category: 'INSURER',
      payerId: recipientId,
    });

    // Assess
    const body = response.body as { recipientId: string; receipt: { origin: string; index: number } };
    expect(response.status).toBe(200);
    expect(body.recipientId).toBe(recipientId);
    expect(body.receipt.origin).toBe('gatekeeper.local/demo/org');
  });

  it('refuses a path id outside the id alphabet on every route, naming the parameter, never echoing it', async () => {
    // Act
    const admin = await demo.admin().request('POST', '/v1/clients/bad%20id%3Cscript%3E/keys/k1/revoke', {});
    const records = await demo.clinical().request('GET', '/v1/patients/MRN%201%3B/records');

    // Assess
    for (const [response, name] of [
      [admin, 'clientId'],
      [records, 'patientId'],
    ] as const) {
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({
        code: 'validation_failed',
        errors: [expect.objectContaining({ path: name })],
      });
      expect(JSON.stringify(response.body)).not.toMatch(/script|MRN 1/);
    }
  });

  it('refuses a client key that carries private members, without echoing it', async () => {
    // Act
    const response = await demo.admin().request('PUT', `/v1/clients/${freshId('c')}`, {
      name: 'Leaky',
      scopes: ['records:read'],
      status: 'ACTIVE',
      keys: [{ kty: 'EC', crv: 'P-256', kid: 'k1', x: 'AAAA', y: 'BBBB', d: 'SECRET-PRIVATE-PART' }],
    });

    // Assess
    expect(response.status).toBe(422);
    expect((response.body as { code: string }).code).toBe('validation_failed');
    expect(JSON.stringify(response.body)).not.toContain('SECRET-PRIVATE-PART');
  });
});
