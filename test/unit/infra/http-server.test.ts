import type { APIGatewayProxyEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemDocument } from '../../../functions/lib/problems.ts';
import { startHttpServer, type ApiHandler } from '../../../infra/local/http-server.ts';
import type { ApiFunctionId } from '../../../infra/routes.ts';
import { NotFoundError } from '../../../shared/errors.ts';

let server: Awaited<ReturnType<typeof startHttpServer>>;
const seen: APIGatewayProxyEvent[] = [];

beforeAll(async () => {
  const answer: ApiHandler = (event) => {
    seen.push(event);
    return Promise.resolve({ statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: '{}' });
  };
  const handlers = Object.fromEntries(
    (['public', 'admin', 'records', 'disclosures', 'auditRead'] as ApiFunctionId[]).map((id) => [id, answer]),
  ) as Record<ApiFunctionId, ApiHandler>;
  server = await startHttpServer({ host: '127.0.0.1', port: 0, handlers });
});
afterAll(() => server.close());

describe('local HTTP server', () => {
  it.each(['/v1/clients/%zz/keys/k1/revoke', '/v1/patients/%E0%A4%A', '/v1/%', '/v1/recipients/%C0%AF'])(
    'answers %s (not valid percent-encoding) 400 malformed_request without calling a function',
    async (path) => {
      // Act
      const response = await fetch(`${server.url}${path}`, { method: 'PUT' });

      // Assess
      const body = (await response.json()) as { code: string; status: number };
      expect([response.status, response.headers.get('content-type'), body.code, body.status]).toEqual([
        400,
        'application/problem+json',
        'malformed_request',
        400,
      ]);
      expect(seen.filter((event) => event.path === path)).toEqual([]);
    },
  );

  it('passes a valid percent-encoded id to the function decoded', async () => {
    // Act
    const response = await fetch(`${server.url}/v1/patients/MRN%2D1`, { method: 'PUT' });

    // Assess
    expect(response.status).toBe(200);
    expect(seen.at(-1)?.pathParameters).toEqual({ patientId: 'MRN-1' });
  });

  it("answers an unknown path with the catalogue's not_found problem, the very one a function answers", async () => {
    // Prepare
    const calls = seen.length;

    // Act
    const response = await fetch(`${server.url}/v1/nothing-here`);

    // Assess
    const body = (await response.json()) as { requestId: string };
    expect(body).toEqual(problemDocument(new NotFoundError(), body.requestId));
    expect(body).toMatchObject({ title: 'Not found', detail: 'No such resource.', code: 'not_found', status: 404 });
    expect([response.status, response.headers.get('content-type'), response.headers.get('cache-control')]).toEqual([
      404,
      'application/problem+json',
      'no-store',
    ]);
    expect(seen).toHaveLength(calls);
  });

  it('answers a method the path does not have 405 method_not_allowed, naming the methods it has', async () => {
    // Act
    const response = await fetch(`${server.url}/v1/health`, { method: 'POST' });

    // Assess
    expect(await response.json()).toMatchObject({
      status: 405,
      code: 'method_not_allowed',
      title: 'Method not allowed',
    });
    expect([response.status, response.headers.get('allow')]).toEqual([405, 'GET']);
  });
});
