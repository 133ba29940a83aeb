/**
 * Over HTTP against the local stack: what the gateway answers where no function runs is the very
 * problem a function answers for the same code (api.md §2), as API Gateway's gateway responses
 * carry it in AWS (test/unit/infra/stateless.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { demo, freshPatientId, stack } from '../support/stack.ts';

const withoutRequestId = ({ requestId: _requestId, ...document }: Record<string, unknown>) => document;

describe('gateway problems', () => {
  it('an unknown path answers the not_found problem a function answers for a missing resource', async () => {
    // Prepare
    const fromFunction = await demo
      .clinical()
      .request<Record<string, unknown>>('GET', `/v1/patients/${freshPatientId()}/records`);

    // Act
    const fromGateway = await fetch(`${stack().url}/v1/nothing-here`);

    // Assess
    const document = (await fromGateway.json()) as Record<string, unknown>;
    expect(fromFunction.status).toBe(404);
    expect(withoutRequestId(document)).toEqual(withoutRequestId(fromFunction.body));
    expect(document['requestId']).toEqual(expect.any(String));
    expect([
      fromGateway.status,
      fromGateway.headers.get('content-type'),
      fromGateway.headers.get('cache-control'),
    ]).toEqual([404, 'application/problem+json', 'no-store']);
  });
});
