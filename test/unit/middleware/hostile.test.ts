import { beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_CASES, signedRequest } from '../../support/hostile-requests.ts';
import { makeHarness } from './harness.ts';

type Harness = Awaited<ReturnType<typeof makeHarness>>;

describe.each(['serial', 'overlapped'] as const)('hostile requests through the composed stack (%s)', (path) => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await makeHarness(path);
    // A warm function: every active client's record already read once (the overlapped path's cache).
    for (const client of [harness.ctx.clinical, harness.ctx.auditor, harness.ctx.admin]) {
      const warmUp = await harness.send(signedRequest(harness.ctx, { client: () => client }));
      expect(warmUp.statusCode).not.toBe(401);
    }
  });

  it('has at least 40 distinct cases', () => {
    // Prepare / Act
    const names = new Set(HOSTILE_CASES.map((c) => c.name));
    // Assess
    expect(HOSTILE_CASES.length).toBeGreaterThanOrEqual(40);
    expect(names.size).toBe(HOSTILE_CASES.length);
  });

  it('accepts the unaltered request every case starts from', async () => {
    // Prepare
    const request = signedRequest(harness.ctx);
    // Act
    const response = await harness.send(request);
    // Assess
    expect(response.statusCode).toBe(200);
  });

  it.each(HOSTILE_CASES.map((c) => [c.name, c] as const))('%s', async (_name, hostile) => {
    // Prepare
    const request = hostile.build(harness.ctx);
    // Act
    let response = await harness.send(request);
    for (let sent = 1; sent < (hostile.sendTimes ?? 1); sent += 1) response = await harness.send(request);
    // Assess
    const problem = JSON.parse(response.body) as { code: string; status: number; detail?: string };
    expect({ status: response.statusCode, code: problem.code }).toEqual({
      status: hostile.expectStatus,
      code: hostile.expectCode,
    });
    expect(response.headers?.['Content-Type']).toBe('application/problem+json');
    expect(response.headers?.['Cache-Control']).toBe('no-store');
    if (hostile.expectStatus === 401)
      expect(response.headers?.['WWW-Authenticate']).toBe('Signature realm="gatekeeper"');
    // No problem echoes the request: neither body values nor client ids.
    expect(response.body).not.toMatch(/MRN-000123|demo-clinical|hostile-|demo-admin/);
  });
});
