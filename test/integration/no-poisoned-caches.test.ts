/**
 * One failed KMS read must not break a warm process (issue: no poisoned caches). Each test runs
 * against freshly loaded handlers (a cold start of its own), so its first KMS GetPublicKey really
 * is the process's first, and fails it once through the local KMS endpoint's fault switch.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decisionAnswerSchema } from '../../shared/schemas/responses.ts';
import { startFreshGatekeeper } from '../support/fresh-gatekeeper.ts';
import { preparePatient, requestFor } from '../support/scenarios.ts';
import { freshPatientId, kmsFault } from '../support/stack.ts';

let gatekeeper: Awaited<ReturnType<typeof startFreshGatekeeper>>;

beforeEach(async () => {
  vi.resetModules();
  gatekeeper = await startFreshGatekeeper();
});
afterEach(async () => {
  await kmsFault(null);
  await gatekeeper.close();
});

describe('a failed GetPublicKey is forgotten', () => {
  it('answers the next ALLOW with 200 and an authorisation, and the failed one on retry too', async () => {
    // Prepare
    const client = gatekeeper.client('demo-clinical');
    const { patientId } = await preparePatient(client, freshPatientId());
    const first = requestFor(patientId);
    const next = requestFor(patientId);
    await kmsFault({ operation: 'GetPublicKey', mode: 'error' });

    // Act
    const failed = await client.request('POST', '/v1/disclosures', first);
    await kmsFault(null);
    const answered = await client.request('POST', '/v1/disclosures', next);
    const retried = await client.request('POST', '/v1/disclosures', first);

    // Assess
    expect([failed.status, (failed.body as { code: string }).code]).toEqual([503, 'dependency_unavailable']);
    expect(answered.status).toBe(200);
    expect(decisionAnswerSchema.parse(answered.body).authorisation).toEqual(expect.any(String));
    expect(retried.status).toBe(200);
    expect(decisionAnswerSchema.parse(retried.body).authorisation).toEqual(expect.any(String));
  });

  it('serves the JWKS, still publicly cacheable, once KMS answers again', async () => {
    // Prepare
    await kmsFault({ operation: 'GetPublicKey', mode: 'error' });

    // Act
    const failed = await fetch(`${gatekeeper.url}/.well-known/jwks.json`);
    await kmsFault(null);
    const served = await fetch(`${gatekeeper.url}/.well-known/jwks.json`);

    // Assess
    expect(failed.status).toBe(503);
    expect(served.status).toBe(200);
    expect(served.headers.get('cache-control')).toBe('public, max-age=300');
    expect(((await served.json()) as { keys: unknown[] }).keys).toHaveLength(2);
  });

  it('signs and serves the checkpoints (local mode signs on demand) once KMS answers again', async () => {
    // Prepare
    const auditor = gatekeeper.client('demo-auditor');
    await kmsFault({ operation: 'GetPublicKey', mode: 'error' });

    // Act
    const failed = await auditor.request('GET', '/v1/audit/checkpoints');
    await kmsFault(null);
    const served = await auditor.request('GET', '/v1/audit/checkpoints');

    // Assess
    expect([failed.status, (failed.body as { code: string }).code]).toEqual([503, 'dependency_unavailable']);
    expect(served.status).toBe(200);
    expect(
      (served.body as { vkeys: string[] }).vkeys.some((vkey) => vkey.startsWith('gatekeeper.local/demo/org+')),
    ).toBe(true);
  });
});
